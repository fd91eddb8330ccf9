"""The local side of push: which outbox entries go next, and what each answer does to the local store."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, OutboxEntry
from app.models.db import Store

_TEXT = 512
PREVIOUS_REJECTED = "PREVIOUS_REJECTED"
SCHEMA_INVALID = "SCHEMA_INVALID"


def has_pending(s: Session, entity: str, entity_id: str) -> bool:
    """Whether a local change of this record still waits to be pushed (a pulled change must not overwrite it)."""
    stmt = select(OutboxEntry.id).where(
        OutboxEntry.entity == entity, OutboxEntry.entity_id == entity_id, OutboxEntry.state == "pending"
    )
    return s.execute(stmt.limit(1)).first() is not None


def _acknowledged_rejections(s: Session, batch: list[OutboxEntry]) -> dict[int, str]:
    """The conflict rule: an entry made after the central store rejected an earlier entry of the same record
    names that rejection, so the centre knows it starts from the central state (docs/DESIGN.md). One query for
    the whole batch: entry id → the key of the latest central rejection of its record before it."""
    ruled = [e for e in batch if e.op.startswith(("application.", "certificate."))]
    if not ruled:
        return {}
    refused = s.execute(
        select(OutboxEntry.entity_id, OutboxEntry.id, OutboxEntry.key)
        .where(
            OutboxEntry.entity_id.in_({e.entity_id for e in ruled}),
            OutboxEntry.state == "rejected",
            OutboxEntry.result_code.is_distinct_from(PREVIOUS_REJECTED),
            OutboxEntry.result_code.is_distinct_from(SCHEMA_INVALID),
        )
        .order_by(OutboxEntry.id)
    ).all()
    out: dict[int, str] = {}
    for e in ruled:
        before = [key for entity_id, rid, key in refused if entity_id == e.entity_id and rid < e.id]
        if before:
            out[e.id] = str(before[-1])
    return out


def wire(e: OutboxEntry, after_rejection: str | None = None) -> dict[str, Any]:
    return {
        "key": e.key,
        "op": e.op,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "actor": e.created_by,
        "created_at": e.created_at.isoformat() if e.created_at else None,
        "payload": e.payload,
        "blobs": list(e.blobs or []),
        "after_rejection": after_rejection,
        "signature": e.signature,
    }


def next_batch(store: Store, actors: list[str] | None, limit: int) -> list[dict[str, Any]]:
    """The oldest pending entries, in order: all of them (a workstation pushes everyone's work), or those made by
    `actors` (a user's own session)."""
    with store.read() as s:
        rows = list(
            s.execute(
                select(OutboxEntry)
                .where(
                    OutboxEntry.state == "pending",
                    *([OutboxEntry.created_by.in_(actors)] if actors is not None else []),
                )
                .order_by(OutboxEntry.id)
                .limit(limit)
            ).scalars()
        )
        acknowledged = _acknowledged_rejections(s, rows)
        return [wire(e, acknowledged.get(e.id)) for e in rows]


def _text(answer: dict[str, Any]) -> str | None:
    message = answer.get("message")
    if not message:
        return None
    fix = answer.get("fix")
    text = f"{message}\n处理办法：{fix}" if fix else str(message)
    return text[:_TEXT]


_APP_DATES = ("received_at", "created_at", "updated_at", "accepted_at", "decided_at")


def write_application(app: Application, data: dict[str, Any]) -> None:
    """Make the local application what the central store says it is."""
    for key in (
        "number",
        "item_code",
        "family",
        "status",
        "version",
        "catalogue_version",
        "id_number",
        "applicant_name",
        "mobile",
        "company_code",
        "company_name",
        "certificate_number",
        "form",
        "conditions",
        "material_states",
        "reason",
        "missing_items",
        "review_opinion",
        "unit_code",
        "counter_no",
        "created_by",
        "received_by",
        "accepted_by",
        "decided_by",
    ):
        if key in data:
            setattr(app, key, data[key])
    for key in _APP_DATES:
        if data.get(key):
            setattr(app, key, datetime.fromisoformat(data[key]))
    if "due_on" in data:
        app.due_on = date.fromisoformat(data["due_on"]) if data["due_on"] else None
    app.provisional = False


def _pending_for(s: Session, entity_id: str) -> bool:
    return (
        s.execute(
            select(OutboxEntry.id)
            .where(OutboxEntry.entity_id == entity_id, OutboxEntry.state == "pending")
            .limit(1)
        ).first()
        is not None
    )


def _reject_application(s: Session, op: str, app: Application, answer: dict[str, Any], now: datetime) -> None:
    from app.sync import certificates

    app.sync_state = "rejected"
    app.sync_message = _text(answer)
    current = answer.get("current")
    if op == "application.approve":
        certificates.undo_provisional(s, app, (current or {}).get("certificate"), _text(answer), now)
    if op == "application.submit" and not (current and current.get("uuid") == app.uuid):
        # The central store never took the submit: the application is a draft again, with everything the clerk
        # typed, and no longer blocks the ID number locally.
        app.status = "draft"
    elif current and current.get("uuid") == app.uuid:
        write_application(app, current)


def apply_answers(store: Store, answers: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """Record the central answers of one push in one local transaction; returns counts by status."""
    from app.sync import certificates  # imports the pull side, which imports this module

    counts = {"applied": 0, "duplicate": 0, "rejected": 0, "retry": 0}
    with store.write() as s:
        keys = [a["key"] for a in answers]
        rows = {e.key: e for e in s.execute(select(OutboxEntry).where(OutboxEntry.key.in_(keys))).scalars()}
        for answer in answers:
            row = rows.get(answer["key"])
            if row is None or row.state == "rejected":
                # Already decided here: refused by the cascade of an earlier rejection in this same batch. A
                # later "retry" or "applied" answer must not overwrite why it never will count.
                continue
            status = answer["status"]
            row.attempts += 1
            row.last_attempt_at = now
            row.result_code = answer.get("code")
            row.result_message = _text(answer)
            if status == "retry":
                counts["retry"] += 1
                continue
            original = answer.get("original") or {}
            if status == "duplicate" and original.get("status") == "rejected":
                status = "rejected"
            row.state = status
            counts[status] += 1
            if status == "rejected":
                _cascade(s, row, now)
            if row.entity != "application":
                continue
            app = s.execute(select(Application).where(Application.uuid == row.entity_id)).scalar_one_or_none()
            if app is None:
                continue
            if status == "rejected":
                _reject_application(s, row.op, app, answer, now)
                continue
            if row.op == "application.approve":
                certificates.confirm(s, app, _confirmed_certificate(answer), now)
            if not _pending_for(s, row.entity_id) and app.sync_state != "rejected":
                app.sync_state, app.sync_message, app.provisional = "synced", None, False
    return counts


def _confirmed_certificate(answer: dict[str, Any]) -> dict[str, Any] | None:
    current = answer.get("current") or {}
    original = answer.get("original") or {}
    found = current.get("certificate") or (original.get("current") or {}).get("certificate")
    return dict(found) if found else None


def _cascade(s: Session, row: OutboxEntry, now: datetime) -> None:
    """Later pending changes of a rejected record were built on it: they are refused too, not sent."""
    s.flush()
    later = s.execute(
        select(OutboxEntry).where(
            OutboxEntry.entity_id == row.entity_id, OutboxEntry.state == "pending", OutboxEntry.id > row.id
        )
    ).scalars()
    for e in later:
        e.state = "rejected"
        e.result_code = PREVIOUS_REJECTED
        e.result_message = "此前的变更已被中心拒绝，本变更未发送\n处理办法：请按中心的最新状态重新办理。"
        e.last_attempt_at = now


def mark_invalid(store: Store, invalid: dict[str, str], now: datetime) -> None:
    """Entries the server found schema-invalid (422) are rejected locally so they stop blocking the queue."""
    with store.write() as s:
        for key, field in invalid.items():
            row = s.execute(select(OutboxEntry).where(OutboxEntry.key == key)).scalar_one_or_none()
            if row is None:
                continue
            row.state = "rejected"
            row.result_code = SCHEMA_INVALID
            row.result_message = f"中心拒收：数据格式不符（{field}）\n处理办法：请联系技术支持。"[:_TEXT]
            row.attempts += 1
            row.last_attempt_at = now
            _cascade(s, row, now)
            if row.entity == "application":
                app = s.execute(
                    select(Application).where(Application.uuid == row.entity_id)
                ).scalar_one_or_none()
                if app is not None:
                    app.sync_state, app.sync_message = "rejected", row.result_message


def pending_count(store: Store) -> int:
    from sqlalchemy import func

    with store.read() as s:
        return int(s.execute(select(func.count()).where(OutboxEntry.state == "pending")).scalar() or 0)
