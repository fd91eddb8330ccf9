"""The "catalogue" stream on a counter: each change is one version of the business catalogue published centrally.

The version is kept in `catalogue_versions` (app/models/catalogue.py); once the local transaction commits, the
newest version is the current catalogue of every `Catalogues` in this process (app/services/catalogue.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models.catalogue import store_version
from app.services.catalogue import catalogue_changed


def _committed(session: Session) -> None:
    catalogue_changed()


def apply(s: Session, change: dict[str, Any]) -> None:
    store_version(s, change["data"])
    if not event.contains(s, "after_commit", _committed):
        event.listen(s, "after_commit", _committed, once=True)
