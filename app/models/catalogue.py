"""Catalogue versions (事项目录版本), as the central store publishes them and a counter receives them.

The central store owns the versions: version 1 is resources/catalogue.yaml, seeded on migrate; an administrator
publishes the next (app/central/catalogue_api.py). Each version reaches every counter through the change feed
(its own stream "catalogue") into this same table; a counter's current catalogue is its newest row (app/services/catalogue.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.models.base import Base


class CatalogueVersion(Base):
    __tablename__ = "catalogue_versions"

    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)  # the whole catalogue, canonical JSON (catalogue_versions.py)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(128))  # the notice it follows, e.g. 豫建办〔2027〕X号
    summary: Mapped[str | None] = mapped_column(String(256))  # what changed, e.g. 事项 TZ-FIRST 的材料清单
    published_by: Mapped[str] = mapped_column(String(32))
    published_at: Mapped[datetime]


def version_payload(row: CatalogueVersion, *, with_document: bool = True) -> dict[str, Any]:
    """A version as the feed and the API carry it."""
    out: dict[str, Any] = {
        "version": row.version,
        "sha256": row.sha256,
        "note": row.note,
        "summary": row.summary,
        "published_by": row.published_by,
        "published_at": row.published_at.isoformat(),
    }
    if with_document:
        out["document"] = row.document
    return out


def store_version(s: Session, data: dict[str, Any]) -> CatalogueVersion:
    """Insert one version from a payload of `version_payload`'s shape; a version already held is kept (a
    version never changes once published)."""
    version = int(data["version"])
    row = s.get(CatalogueVersion, version)
    if row is not None:
        return row
    row = CatalogueVersion(
        version=version,
        document=str(data["document"]),
        sha256=str(data["sha256"]),
        note=data.get("note"),
        summary=data.get("summary"),
        published_by=str(data.get("published_by") or "central")[:32],
        published_at=datetime.fromisoformat(str(data["published_at"])).replace(tzinfo=None),
    )
    s.add(row)
    return row


def newest_version(s: Session) -> int:
    return int(s.execute(select(func.max(CatalogueVersion.version))).scalar() or 0)
