"""Pulling the "materials" stream: a material's page list from the central store replaces the local page rows.

Each change carries the whole current list of one material of one application, so applying the newest one is
enough. It is held back ("parked", in the local settings table under "sync_parked_materials") while
- the application is not on this machine yet (its pages were pulled before its row), or
- this machine has material changes of its own for that application still waiting to be pushed: the local rows
  are ahead, and the central store feeds the merged list again once those are applied.
A parked list is applied, in the same transaction as a later page of the applications or materials stream,
as soon as neither holds; a newer list of the same material replaces it. Within one page of the feed only the
newest list of each material is applied.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, MaterialPage, OutboxEntry, Setting

PARKED_KEY = "sync_parked_materials"
_SOURCE = "sync"  # pages made elsewhere; the capture source is the other workstation's


def _key(change: dict[str, Any]) -> str:
    data = change["data"]
    return f"{data['application']}/{data['material']}"


def _local_ahead(s: Session, application_uuid: str) -> bool:
    stmt = select(OutboxEntry.id).where(
        OutboxEntry.entity_id == application_uuid,
        OutboxEntry.state == "pending",
        OutboxEntry.op.like("material.%"),
    )
    return s.execute(stmt.limit(1)).first() is not None


def _signature(rows: list[Any]) -> list[tuple[Any, ...]]:
    return [(r.position, r.sha256, r.size, r.mime, r.kind, bool(r.encrypted)) for r in rows]


def replace_pages(
    s: Session, app: Application, material: str, pages: list[dict[str, Any]], now: datetime
) -> bool:
    """Make the material's local rows exactly `pages`; rows at an unchanged position keep their id. True if
    anything changed."""
    rows = list(
        s.execute(
            select(MaterialPage)
            .where(MaterialPage.application_id == app.id, MaterialPage.material_code == material)
            .order_by(MaterialPage.position)
        ).scalars()
    )
    wanted = sorted(pages, key=lambda p: int(p["position"]))
    sig = [
        (int(p["position"]), p["sha256"], int(p["size"]), p["mime"], p["kind"], bool(p["encrypted"]))
        for p in wanted
    ]
    if _signature(rows) == sig:
        return False
    by_position = {r.position: r for r in rows}
    for page in wanted:
        row = by_position.pop(int(page["position"]), None)
        if row is None:
            row = MaterialPage(
                application_id=app.id,
                material_code=material,
                position=int(page["position"]),
                source=_SOURCE,
                created_by=str(page.get("created_by") or "central")[:32],
                created_at=now,
            )
            s.add(row)
        row.sha256, row.size, row.mime = page["sha256"], int(page["size"]), page["mime"]
        row.kind, row.encrypted = page["kind"], bool(page["encrypted"])
        row.width, row.height = page.get("width"), page.get("height")
    for row in by_position.values():
        s.delete(row)
    s.flush()
    return True


def _parked(s: Session) -> Setting | None:
    return s.get(Setting, PARKED_KEY)


def _save_parked(s: Session, row: Setting | None, parked: dict[str, Any], now: datetime) -> None:
    if row is None:
        if parked:
            s.add(Setting(key=PARKED_KEY, value=parked, updated_at=now))
    else:
        row.value, row.updated_at = parked, now


def _try_apply(s: Session, change: dict[str, Any], now: datetime) -> bool:
    """Apply one change if nothing holds it back; False when it must stay parked."""
    data = change["data"]
    uid = str(data["application"])
    app = s.execute(select(Application).where(Application.uuid == uid)).scalar_one_or_none()
    if app is None or _local_ahead(s, uid):
        return False
    replace_pages(s, app, str(data["material"]), list(data.get("pages") or []), now)
    return True


def newest_only(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last list of each material in a page of the feed (each list is whole, so the earlier ones are moot).

    Applying every intermediate list would briefly take the rows of a counter that pushed several ops at once
    back to an older list and re-create them, with new ids, from the next one."""
    last = {_key(c): i for i, c in enumerate(changes)}
    return [c for i, c in enumerate(changes) if last[_key(c)] == i]


def apply_material_change(s: Session, change: dict[str, Any], now: datetime) -> None:
    """One change of the materials stream: applied now, or parked until it can be."""
    key = _key(change)
    seq = int(change.get("seq") or 0)
    row = _parked(s)
    parked = dict(row.value) if row is not None else {}
    held = parked.get(key)
    if held is not None and int(held.get("seq") or 0) > seq:
        return  # a refetch replaying an older list: the newer one is already waiting
    if _try_apply(s, change, now):
        if key in parked:
            del parked[key]
            _save_parked(s, row, parked, now)
        return
    parked[key] = {"seq": seq, "entity_id": change.get("entity_id"), "data": change["data"]}
    _save_parked(s, row, parked, now)


def resolve_parked(s: Session, now: datetime) -> int:
    """Apply the parked lists that nothing holds back any more; returns how many were applied."""
    row = _parked(s)
    if row is None or not row.value:
        return 0
    parked = dict(row.value)
    done = [key for key, change in sorted(parked.items()) if _try_apply(s, change, now)]
    if done:
        for key in done:
            del parked[key]
        _save_parked(s, row, parked, now)
    return len(done)
