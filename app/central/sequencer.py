"""The sequencer: gives committed feed changes their `seq` and links committed audit events into the chain.

On PostgreSQL a writing transaction does not number anything: `Journal.flush` appends its changes and events to
two pending tables and the transaction commits in parallel with every other push. Right after its commit the
writer runs `sequence`, a short transaction of its own that takes one advisory lock, moves every *committed*
pending change into the feed with the next sequence numbers (in the order their ids were drawn) and chains every
committed pending audit event onto the audit head. Sequencer runs are serialised by the lock and each commits
before the next one reads, so seq order is the order in which changes became visible: a puller that has seen
seq k has seen every seq below k, and a change that commits later gets a seq above every seq given so far. The
argument in full is in docs/DESIGN.md ("Scale").

SQLite has one writer at a time (`BEGIN IMMEDIATE`), so there `Journal.flush` numbers and chains directly.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.central.models import Change, FeedFloor, PendingAudit
from app.models import AuditEvent
from app.services.recording import GENESIS, event_hash

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key of the sequencer ("CDSEQ" in ASCII); one per database.
SEQUENCER_LOCK = 0x4344534551

_MOVE_CHANGES = text(
    """
    WITH moved AS (
        DELETE FROM central_changes_pending
        RETURNING id, stream, entity, entity_id, op, unit_code, data, at
    )
    INSERT INTO central_changes (seq, stream, entity, entity_id, op, unit_code, data, at)
    SELECT :base + row_number() OVER (ORDER BY id), stream, entity, entity_id, op, unit_code, data, at
    FROM moved
    """
)


def head(conn: Connection | Session) -> int:
    """The highest seq ever given: the feed's last row, or a compaction floor if that is higher."""
    last = conn.execute(select(func.max(Change.seq))).scalar() or 0
    floor = conn.execute(select(func.max(FeedFloor.floor))).scalar() or 0
    return max(int(last), int(floor))


def chain_rows(
    prev: str, events: list[tuple[Any, str, str, str, str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Audit rows linked after `prev`; each event is (at, actor, action, entity, entity_id, detail)."""
    rows = []
    for at, actor, action, entity, entity_id, detail in events:
        h = event_hash(prev, at, actor, action, entity, entity_id, detail)
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": detail,
                "prev_hash": prev,
                "hash": h,
            }
        )
        prev = h
    return rows


def audit_head(conn: Connection | Session) -> str:
    return conn.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar() or GENESIS


def sequence(engine: Engine, *, wait: bool = True) -> int:
    """Number committed pending changes and chain committed pending audit events; returns changes numbered.

    With `wait` False the call gives up at once when another sequencer holds the lock (a puller uses this to
    pick up work left by a writer that died between its commit and its sequencing)."""
    with engine.begin() as conn:
        if wait:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQUENCER_LOCK})
        elif not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": SEQUENCER_LOCK}).scalar():
            return 0
        moved = conn.execute(_MOVE_CHANGES, {"base": head(conn)}).rowcount or 0
        pending = conn.execute(
            select(
                PendingAudit.id,
                PendingAudit.at,
                PendingAudit.actor,
                PendingAudit.action,
                PendingAudit.entity,
                PendingAudit.entity_id,
                PendingAudit.detail,
            ).order_by(PendingAudit.id)
        ).all()
        if pending:
            rows = chain_rows(audit_head(conn), [tuple(r[1:]) for r in pending])  # type: ignore[misc]
            # One multi-row INSERT: ids are drawn in VALUES order, which is chain order.
            conn.execute(insert(AuditEvent), rows)
            conn.execute(
                delete(PendingAudit).where(PendingAudit.id.in_(bindparam("ids", expanding=True))),
                {"ids": [r[0] for r in pending]},
            )
        return int(moved)


def has_pending(s: Session) -> bool:
    return s.execute(text("SELECT EXISTS (SELECT 1 FROM central_changes_pending)")).scalar() is True


def after_commit(engine: Engine) -> None:
    """Run by a writer right after its commit; a failure only delays its changes until the next sequencer run."""
    try:
        sequence(engine)
    except Exception:  # noqa: BLE001 - the commit stands; a later writer or puller sequences the rows
        log.exception("sequencing after commit failed; the next run will number these changes")
