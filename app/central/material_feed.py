"""The "materials" stream (材料页面变更流): each applied material op feeds that material's current page list.

The counters push material ops (attach, delete, rotate, crop; reorder once it is pushed), not page lists, so the central store replays the
application's kept material records (`central_material_records`, in the order they were applied) into the list
of pages each material has now, and feeds that whole list: a puller replaces its rows for that material with it,
so a missed or compacted change never leaves a page behind. Width and height come from the stored blob, since
edits do not send them: read at upload (the stored bytes are encrypted), or from the header (the first bytes
only) of a plaintext row stored before encryption at rest. The replay is serialised per application (an
advisory lock on PostgreSQL; SQLite writers are serialised already), so two pushes for the same application
cannot both build on a list that misses the other's op.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any

from sqlalchemy import LargeBinary, func, select, text
from sqlalchemy.orm import Session

from app.central.blobs import PLAINTEXT, image_size
from app.central.feed import Journal
from app.central.models import Blob, MaterialRecord

log = logging.getLogger(__name__)
_LOCK_SPACE = 0x4D41  # "MA": keeps these advisory locks apart from any other use of them
STREAM = "materials"
ENTITY = "material"
HEADER_BYTES = 64 * 1024  # enough for the size fields of a JPEG, PNG, TIFF or WEBP without reading it all


def entity_id(application_uuid: str, material: str) -> str:
    return f"{application_uuid}/{material}"


def lock_application(s: Session, application_uuid: str) -> None:
    """Serialise material replays of one application until commit (PostgreSQL; SQLite needs nothing)."""
    if s.get_bind().dialect.name == "postgresql":
        key = (_LOCK_SPACE << 32) | zlib.crc32(application_uuid.encode("utf-8"))
        s.execute(text("SELECT pg_advisory_xact_lock(CAST(:k AS bigint))"), {"k": key})


def _position(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _move(pages: dict[int, dict[str, Any]], old: int | None, new: int | None) -> None:
    """As `materials.move_page` does: the page goes to `new` (1-based) and the material is numbered 1..n."""
    if old is None or new is None or old not in pages:
        return
    ordered = [pages[k] for k in sorted(pages) if k != old]
    ordered.insert(max(0, min(new - 1, len(ordered))), pages[old])
    pages.clear()
    for i, page in enumerate(ordered, start=1):
        pages[i] = {**page, "position": i}


def replay(records: list[MaterialRecord], material: str) -> dict[int, dict[str, Any]]:
    """Position → page, after every op of `material` in `records` (oldest first)."""
    pages: dict[int, dict[str, Any]] = {}
    for rec in records:
        pl = rec.payload or {}
        if pl.get("material") != material:
            continue
        action = rec.op.split(".", 1)[1] if "." in rec.op else rec.op
        if action == "attach":
            for page in pl.get("pages") or []:
                pos = _position(page.get("position"))
                if pos is None or not page.get("sha256"):
                    continue
                pages[pos] = {
                    "sha256": str(page["sha256"]),
                    "position": pos,
                    "size": int(page.get("size") or 0),
                    "mime": str(page.get("mime") or "application/octet-stream"),
                    "kind": str(page.get("kind") or ""),
                    "encrypted": bool(page.get("encrypted")),
                    "created_by": rec.username,
                }
        elif action == "delete":
            pos = _position(pl.get("page_position"))
            if pos is not None:
                pages.pop(pos, None)
        elif action == "reorder":
            _move(pages, _position(pl.get("page_position")), _position(pl.get("position")))
        elif pl.get("sha256"):  # rotate, crop: the page at that position now has other bytes
            pos = _position(pl.get("page_position"))
            if pos is not None and pos in pages:
                pages[pos] = {**pages[pos], "sha256": str(pl["sha256"]), "size": None}
        else:
            log.info("material op %s does not change the page list", rec.op)
    return pages


def current_pages(s: Session, application_uuid: str, material: str) -> list[dict[str, Any]]:
    """The material's pages now, by position, each with sha256, size, mime, kind, encrypted, width, height."""
    records = list(
        s.execute(
            select(MaterialRecord)
            .where(MaterialRecord.application_uuid == application_uuid)
            .order_by(MaterialRecord.id)
        ).scalars()
    )
    pages = replay(records, material)
    hashes = sorted({p["sha256"] for p in pages.values()})
    blobs: dict[str, tuple[int, int | None, int | None]] = {}
    legacy: list[str] = []
    if hashes:
        for sha, size, width, height, enc in s.execute(
            select(Blob.sha256, Blob.size, Blob.width, Blob.height, Blob.enc).where(Blob.sha256.in_(hashes))
        ).all():
            blobs[sha] = (int(size), width, height)
            if enc == PLAINTEXT and width is None:
                legacy.append(sha)
    if legacy:
        head = func.substr(Blob.data, 1, HEADER_BYTES, type_=LargeBinary)
        for sha, data in s.execute(select(Blob.sha256, head).where(Blob.sha256.in_(legacy))).all():
            blobs[sha] = (blobs[sha][0], *image_size(bytes(data) if data is not None else b""))
    out = []
    for pos in sorted(pages):
        page = pages[pos]
        stored_size, width, height = blobs.get(page["sha256"], (0, None, None))
        out.append(
            {
                **page,
                "size": page["size"] if page["size"] else int(stored_size or 0),
                "width": width,
                "height": height,
            }
        )
    return out


def feed_material(
    s: Session,
    journal: Journal,
    op: str,
    application_uuid: str,
    material: str,
    unit_code: str,
) -> None:
    """Add the material's current page list to the feed, read by the workstations of `unit_code`."""
    data = {
        "application": application_uuid,
        "material": material,
        "pages": current_pages(s, application_uuid, material),
    }
    journal.change(STREAM, ENTITY, entity_id(application_uuid, material), op, data, unit_code=unit_code)
