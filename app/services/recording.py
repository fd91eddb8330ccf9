"""Writes the audit event (hash-chained) and the outbox entry that accompany every state change.

Both are written with Core on the session's own connection: they run on every state change, and the ORM unit of
work would add a flush per row for nothing (the rows are never read back in the same transaction).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.core.audit_chain import GENESIS, event_hash
from app.models import AuditEvent, OutboxEntry
from app.services.context import Actor

_audit = cast(Table, AuditEvent.__table__)
_outbox = cast(Table, OutboxEntry.__table__)
_CHAIN_HEAD = select(_audit.c.hash).order_by(_audit.c.id.desc()).limit(1)
_INSERT_AUDIT = _audit.insert()
_INSERT_OUTBOX = _outbox.insert()


def _name(actor: Actor | str) -> str:
    return actor if isinstance(actor, str) else actor.username


def audit(
    session: Session,
    actor: Actor | str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
    at: datetime,
) -> str:
    """Append one audit event to the chain and return its hash (the caller's transaction holds the write lock)."""
    name = _name(actor)
    conn = session.connection()
    prev = conn.execute(_CHAIN_HEAD).scalar() or GENESIS
    at = at.replace(tzinfo=None)
    digest = event_hash(prev, at, name, action, entity, str(entity_id), detail)
    conn.execute(
        _INSERT_AUDIT,
        {
            "at": at,
            "actor": name,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "detail": detail,
            "prev_hash": prev,
            "hash": digest,
        },
    )
    return digest


def _outbox_row(
    actor: Actor | str,
    op: str,
    entity: str,
    entity_id: str,
    payload: dict[str, Any],
    at: datetime,
    blobs: list[str],
) -> dict[str, Any]:
    """One outbox row under a fresh idempotency key, signed by its author when the author's key is unlocked."""
    key = str(uuid.uuid4())
    signature = None
    signer = getattr(actor, "signer", None)
    name = _name(actor)
    if signer is not None and signer.username == name:
        from app.core.authorship import signed_body

        payload = json.loads(json.dumps(payload, default=str))  # signed exactly as it will travel
        signature = signer.sign(signed_body(key, op, entity, str(entity_id), name, payload, blobs))
    return {
        "key": key,
        "op": op,
        "entity": entity,
        "entity_id": str(entity_id),
        "payload": payload,
        "blobs": blobs,
        "created_at": at,
        "created_by": name,
        "state": "pending",
        "attempts": 0,
        "acknowledged": False,
        "signature": signature,
    }


def enqueue(
    session: Session,
    actor: Actor | str,
    op: str,
    entity: str,
    entity_id: str,
    payload: dict[str, Any],
    at: datetime,
    blobs: Iterable[str] = (),
) -> str:
    """Queue one change for the central store; returns its idempotency key (a client-made UUID).

    The entry is signed here, when it is made, with its author's key if the author's session unlocked one, so
    that whichever workstation pushes it later the central store can check who made it."""
    row = _outbox_row(actor, op, entity, entity_id, payload, at, list(blobs))
    session.connection().execute(_INSERT_OUTBOX, row)
    return str(row["key"])


def enqueue_many(
    session: Session,
    actor: Actor | str,
    op: str,
    entity: str,
    changes: Iterable[tuple[str, dict[str, Any]]],
    at: datetime,
) -> int:
    """Queue many changes of one kind, (entity_id, payload) each, in one statement (an import's batch); each
    entry is made and signed exactly as `enqueue` makes it, in the given order. Returns how many."""
    rows = [_outbox_row(actor, op, entity, entity_id, payload, at, []) for entity_id, payload in changes]
    if rows:
        session.connection().execute(_INSERT_OUTBOX, rows)
    return len(rows)


def record(
    session: Session,
    actor: Actor | str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
    at: datetime,
    *,
    payload: dict[str, Any] | None = None,
    blobs: Iterable[str] = (),
) -> None:
    """The audit event and, when the change must reach the central store, its outbox entry."""
    audit(session, actor, action, entity, entity_id, detail, at)
    if payload is not None:
        enqueue(session, actor, action, entity, entity_id, payload, at, blobs)
