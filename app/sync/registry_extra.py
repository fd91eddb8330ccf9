"""Registry kinds that are not reference records of app/sync/records.py: the calendar and imported certificates.

The central store feeds them on the registry stream like the other kinds; the counter's pull hands them here.
- "holiday": one year's days off and make-up working days (app/services/calendar.py), replacing the shipped list
  for that year once the local transaction commits.
- "certificate": a certificate of the legacy register imported centrally (app/sync/certificate_rows.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.services.calendar import calendar_changed, store_year
from app.sync import certificate_rows

KINDS = frozenset({"holiday", "certificate"})


def _after_commit(session: Session) -> None:
    calendar_changed()


def apply(s: Session, change: dict[str, Any], now: datetime) -> None:
    kind = change["entity"]
    if kind == "holiday":
        store_year(s, change["data"], now)
        # Due dates are counted from a cached calendar: refresh it once the new year is visible to readers.
        if not event.contains(s, "after_commit", _after_commit):
            event.listen(s, "after_commit", _after_commit, once=True)
    elif kind == "certificate":
        certificate_rows.apply(s, change["data"], now)
