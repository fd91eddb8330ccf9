"""The catalogue a counter works with: the newest version received from the central store, and each
application's own version.

An administrator publishes a version at the central store (app/central/catalogue_api.py); it reaches this counter
through the change feed (stream "catalogue", app/sync/catalogue_rows.py) into the local `catalogue_versions` table. `Catalogues` answers the
current catalogue (the newest row, else resources/catalogue.yaml) and the catalogue of any version an application
was taken under. It re-reads the table only after a version was committed in this process (a generation counter),
and each version is parsed once (app/domain/catalogue_versions.catalogue_of).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.domain.catalogue import Catalogue
from app.domain.catalogue_versions import MaterialLine, catalogue_of, shipped_document, validate, with_item
from app.domain.errors import DomainError
from app.models import CatalogueVersion
from app.models.catalogue import newest_version, store_version
from app.models.db import Store
from app.services.generations import Cached, Generation

if TYPE_CHECKING:
    from app.services.context import ServiceContext

_generation = Generation()


def catalogue_changed() -> None:
    """Make every `Catalogues` in this process read the received versions again on its next use."""
    _generation.bump()


class Catalogues:
    """The shipped catalogue with the versions received from the central store."""

    def __init__(self, store: Store, shipped: Catalogue) -> None:
        self.store = store
        self.shipped = shipped
        self._current = Cached(_generation, self._read_current)
        self._versions: dict[int, Catalogue] = {}

    def current(self) -> Catalogue:
        return self._current.get()

    def _read_current(self) -> Catalogue:
        with self.store.read() as s:
            newest = newest_version(s)
        return self.version(newest) if newest > self.shipped.version else self.shipped

    def version(self, number: int | None) -> Catalogue:
        """The catalogue of one version (an application's own); versions never change, so each is read once."""
        if not number:
            return self.current()
        held = self._versions.get(number)
        if held is not None:
            return held
        with self.store.read() as s:
            row = s.get(CatalogueVersion, number)
            if row is not None:
                catalogue = catalogue_of(row.version, row.document, row.sha256)
            elif number == self.shipped.version:
                catalogue = self.shipped
            else:
                raise DomainError(
                    "CATALOGUE_VERSION_MISSING",
                    f"本机尚未收到第{number}版业务事项目录",
                    field="catalogue_version",
                    fix="请联网同步后再打开该办件。",
                )
        self._versions[number] = catalogue
        return catalogue


@dataclass(frozen=True)
class VersionView:
    """One version as the administrator's screen lists it."""

    version: int
    note: str | None
    summary: str | None
    published_by: str
    published_at: datetime | None  # None: the shipped file, never published


def history(ctx: ServiceContext) -> list[VersionView]:
    """The versions this counter holds, newest first, ending with the shipped file when no row stands for it."""
    with ctx.store.read() as s:
        rows = s.execute(select(CatalogueVersion).order_by(CatalogueVersion.version.desc())).scalars()
        out = [VersionView(r.version, r.note, r.summary, r.published_by, r.published_at) for r in rows]
    shipped = ctx.shipped_catalogue.version
    if all(v.version != shipped for v in out):
        out.append(
            VersionView(shipped, "程序随附目录（resources/catalogue.yaml）", "初始版本", "system", None)
        )
    return out


def current_document(ctx: ServiceContext) -> tuple[int, dict[str, Any]]:
    """The current catalogue's whole document and version, which an administrator's edit starts from."""
    catalogue = ctx.catalogue
    with ctx.store.read() as s:
        row = s.get(CatalogueVersion, catalogue.version)
        if row is not None:
            return row.version, dict(json.loads(row.document))
    return catalogue.version, shipped_document()


def check_item_edit(
    ctx: ServiceContext,
    item_code: str,
    conditions: list[str],
    materials: list[MaterialLine],
    limits: dict[str, Any] | None,
) -> Catalogue:
    """The administrator's edit checked as the central store will check it (the loader's validation), before it is
    sent; raises CatalogueError naming the item and the field."""
    version, document = current_document(ctx)
    return validate(with_item(document, item_code, conditions, materials, limits), version + 1)


__all__ = [
    "Catalogues",
    "VersionView",
    "catalogue_changed",
    "check_item_edit",
    "current_document",
    "history",
    "store_version",
]
