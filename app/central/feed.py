"""The change feed (变更流) in commit order, and the audit chain written under the same lock.

Why a lock right before commit and not a database sequence: a sequence hands out numbers when a row is inserted,
so a transaction that inserts early and commits late makes a gap that a puller moves past; the change then
appears behind the puller's cursor and is never read. Here every write transaction buffers its feed changes and
audit events in a `Journal` and, as its last step before commit, locks the single counter row (`SELECT ... FOR
UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already serialises writers), numbers its changes after the
counter and appends its audit events after the chain head. The lock is held to commit, so the next transaction
can only number after this one is visible: sequence order is commit order and a cursor never skips a change.
Only the short numbering step is serialised; the work of each entry runs concurrently. The same lock makes the
hash-chained audit trail linear across concurrent transactions. A watermark scheme would avoid the lock but
needs the list of in-flight transactions, which neither dialect gives portably.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.central.models import Change, FeedCounter, FeedFloor
from app.core.audit_chain import GENESIS, event_hash
from app.models import AuditEvent

STREAMS = ("registry", "applications", "certificates", "materials", "users")


@dataclass
class Journal:
    """What one central transaction adds to the feed and the audit trail, written by `flush` before commit."""

    changes: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[str, str, str, str, dict[str, Any]]] = field(default_factory=list)

    def change(
        self,
        stream: str,
        entity: str,
        entity_id: str,
        op: str,
        data: dict[str, Any],
        *,
        unit_code: str | None = None,
    ) -> None:
        self.changes.append(
            {
                "stream": stream,
                "entity": entity,
                "entity_id": entity_id,
                "op": op,
                "data": data,
                "unit_code": unit_code,
            }
        )

    def audit(self, actor: str, action: str, entity: str, entity_id: str, detail: dict[str, Any]) -> None:
        self.events.append((actor, action, entity, str(entity_id), detail))

    def extend(self, other: Journal) -> None:
        self.changes.extend(other.changes)
        self.events.extend(other.events)

    def flush(self, s: Session, now: datetime) -> None:
        """Number the changes and chain the audit events; must be the transaction's last statement group."""
        if not self.changes and not self.events:
            return
        last = s.execute(
            select(FeedCounter.last_seq).where(FeedCounter.id == 1).with_for_update()
        ).scalar_one()
        if self.changes:
            rows = []
            for c in self.changes:
                last += 1
                rows.append({**c, "seq": last, "at": now})
            s.execute(insert(Change), rows)
            s.execute(update(FeedCounter).where(FeedCounter.id == 1).values(last_seq=last))
        if self.events:
            prev = (
                s.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar() or GENESIS
            )
            at = now.replace(tzinfo=None)
            rows = []
            for actor, action, entity, entity_id, detail in self.events:
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
            # One multi-row INSERT: ids are drawn in VALUES order, which is chain order.
            s.execute(insert(AuditEvent), rows)
        self.changes.clear()
        self.events.clear()


@dataclass(frozen=True)
class Page:
    changes: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    refetch: bool = False


def floor_of(s: Session, stream: str) -> int:
    return s.execute(select(FeedFloor.floor).where(FeedFloor.stream == stream)).scalar() or 0


def pull(s: Session, stream: str, after: int, limit: int, unit_code: str) -> Page:
    """Changes of one stream after `after`, oldest first; `refetch` when the cursor fell below a compaction."""
    floor = floor_of(s, stream)
    if 0 < after < floor:
        return Page([], after, False, refetch=True)
    # Read the head first: every seq up to it is committed (numbered under the lock held to commit), so when the
    # page is not full the cursor may jump to it even if the rows in between belong to other units.
    head = s.execute(select(FeedCounter.last_seq).where(FeedCounter.id == 1)).scalar_one()
    rows = s.execute(
        select(Change)
        .where(
            Change.stream == stream,
            Change.seq > after,
            or_(Change.unit_code.is_(None), Change.unit_code == unit_code),
        )
        .order_by(Change.seq)
        .limit(limit + 1)
    ).scalars()
    items = list(rows)
    has_more = len(items) > limit
    items = items[:limit]
    changes = [
        {"seq": c.seq, "entity": c.entity, "entity_id": c.entity_id, "op": c.op, "data": c.data}
        for c in items
    ]
    if has_more:
        cursor = items[-1].seq
    else:
        cursor = max([after, head, *(c.seq for c in items)])
    return Page(changes, cursor, has_more)


def compact(s: Session, stream: str, upto: int, now: datetime) -> int:
    """Drop changes at or below `upto` that a later change of the same entity supersedes; returns rows dropped.

    From cursor 0 the compacted stream still yields the latest state of every entity; a cursor inside the
    compacted range is answered "refetch" because what it had seen may no longer line up with what is left.
    """
    later = aliased(Change)
    result = s.execute(
        delete(Change).where(
            Change.stream == stream,
            Change.seq <= upto,
            exists().where(
                later.stream == Change.stream,
                later.entity == Change.entity,
                later.entity_id == Change.entity_id,
                later.seq > Change.seq,
            ),
        )
    )
    row = s.get(FeedFloor, stream)
    if row is None:
        s.add(FeedFloor(stream=stream, floor=upto, compacted_at=now))
    else:
        row.floor, row.compacted_at = max(row.floor, upto), now
    return int(getattr(result, "rowcount", 0) or 0)
