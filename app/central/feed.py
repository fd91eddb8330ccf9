"""The change feed (变更流) in visibility order, and the audit chain, written without a lock the pushes share.

A write transaction buffers its feed changes and audit events in a `Journal` and writes them as its last step
before commit (`flush`). On PostgreSQL they go to pending tables and are numbered and chained after the commit
by the sequencer (app.central.sequencer), so concurrent pushes commit in parallel and a change becomes pullable
only once it has a seq, which is given in the order changes became visible: a cursor never skips a change. On
SQLite `BEGIN IMMEDIATE` already serialises writers, so `flush` numbers the changes after the feed's last seq
and chains the events after the audit head itself, inside the writer's transaction. docs/DESIGN.md ("Scale")
gives the argument that nothing is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, and_, delete, event, exists, insert, select
from sqlalchemy.orm import Session, SessionTransaction, aliased

from app.central.bulk_rows import insert_rows
from app.central.models import Change, FeedFloor, PendingAudit, PendingChange
from app.central.sequencer import audit_head, catch_up, chain_rows, head
from app.central.sequencer_thread import wake
from app.models import AuditEvent
from app.models.db import Store

_PENDING_CHANGES = cast(Table, PendingChange.__table__)
_PENDING_AUDIT = cast(Table, PendingAudit.__table__)


STREAMS = ("catalogue", "registry", "applications", "certificates", "materials", "users")


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
        """Write the changes and audit events; must be the transaction's last statement group.

        The Python work (rows, hashes on SQLite) is done here, after the transaction's effects and without any
        lock other pushes wait for on PostgreSQL."""
        if not self.changes and not self.events:
            return
        at = now.replace(tzinfo=None)
        events = [(at, *e) for e in self.events]
        if s.get_bind().dialect.name == "sqlite":
            last = head(s)
            if self.changes:
                s.execute(
                    insert(Change), [{**c, "seq": last + i, "at": now} for i, c in enumerate(self.changes, 1)]
                )
            if events:
                # One multi-row INSERT: ids are drawn in VALUES order, which is chain order.
                s.execute(insert(AuditEvent), chain_rows(audit_head(s), events))
        else:
            # Core inserts that read nothing back: they may go inside a caller's psycopg pipeline (push.py).
            insert_rows(s, _PENDING_CHANGES, [{**c, "at": now} for c in self.changes])
            insert_rows(
                s,
                _PENDING_AUDIT,
                [
                    {"at": a, "actor": b, "action": c, "entity": d, "entity_id": e, "detail": f}
                    for a, b, c, d, e, f in events
                ],
            )
            sequence_after_commit(s)
        self.changes.clear()
        self.events.clear()


def sequence_after_commit(s: Session) -> None:
    """When this transaction has committed (and given its connection back), wake the background sequencer; the
    caller's answer does not wait for its run (readers catch up themselves: app.central.sequencer_thread)."""
    state: dict[str, bool] | None = s.info.get("feed_sequencer")
    if state is not None:
        state["armed"] = True
        return
    state = s.info["feed_sequencer"] = {"armed": True, "committed": False}
    engine = s.get_bind()

    def on_commit(_s: Session) -> None:
        state["committed"] = True

    def on_end(_s: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is not None:
            return  # a savepoint ended, not the transaction
        run = state["armed"] and state["committed"]  # it wrote to the feed, and it committed
        state["armed"] = state["committed"] = False
        if run:
            wake(engine)  # type: ignore[arg-type]

    event.listen(s, "after_commit", on_commit)
    event.listen(s, "after_transaction_end", on_end)


@dataclass(frozen=True)
class Page:
    changes: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    refetch: bool = False


def floor_of(s: Session, stream: str) -> int:
    return s.execute(select(FeedFloor.floor).where(FeedFloor.stream == stream)).scalar() or 0


def _scans(stream: str, unit_code: str, cities: tuple[str, ...]) -> list[tuple[Any, tuple[Any, ...]]]:
    """(filter, index order) of each index range scan a pull merges."""
    own = (Change.unit_code == unit_code, (Change.stream, Change.unit_code, Change.seq))
    if stream != "registry" or not cities:
        return [own, (Change.unit_code.is_(None), (Change.stream, Change.unit_code, Change.seq))]
    # A city-scoped replica: its cities' rows and the rows of no city (deletes, the calendar), each one range
    # of (stream, unit_code, region, seq).
    by_region = (Change.stream, Change.unit_code, Change.region, Change.seq)
    shared = Change.unit_code.is_(None)
    scans = [own, (and_(shared, Change.region.is_(None)), by_region)]
    scans.extend((and_(shared, Change.region == city), by_region) for city in cities)
    return scans


def pull(
    s: Session, stream: str, after: int, limit: int, unit_code: str, cities: tuple[str, ...] = ()
) -> Page:
    """Changes of one stream after `after`, oldest first; `refetch` when the cursor fell below a compaction.

    Two index range scans on (stream, unit_code, seq), one for the unit's rows and one for the rows every unit
    reads, merged: the cost follows what the unit receives, not the size of the stream. A registry pull limited
    to `cities` (app.core.replica_scope) reads one range of (stream, unit_code, region, seq) per city instead of
    the shared rows, plus the range of rows with no city."""
    floor = floor_of(s, stream)
    if 0 < after < floor:
        return Page([], after, False, refetch=True)
    # Changes committed but not numbered yet (a push is answered before the background sequencer runs; a writer
    # may have died after its commit): numbered now, so a pull after a push's answer sees that push's changes.
    catch_up(s)
    # Read the head first: every seq up to it is visible (seqs become visible in order), so when the page is not
    # full the cursor may jump to it even if the rows in between belong to other units.
    top = head(s)
    items: list[Change] = []
    for where, order in _scans(stream, unit_code, cities):
        items.extend(
            s.execute(
                select(Change)
                .where(Change.stream == stream, where, Change.seq > after)
                # The same order as seq alone (every other key is fixed here), spelled as the index's key so
                # that the planner reads the index instead of walking the primary key hoping for early matches.
                .order_by(*order)
                .limit(limit + 1)
            ).scalars()
        )
    items.sort(key=lambda c: c.seq)
    has_more = len(items) > limit
    items = items[:limit]
    changes = [
        {"seq": c.seq, "entity": c.entity, "entity_id": c.entity_id, "op": c.op, "data": c.data}
        for c in items
    ]
    if has_more:
        cursor = items[-1].seq
    else:
        cursor = max([after, top, *(c.seq for c in items)])
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


# How far `renumber_after_restore` moves the floors: more changes than a restored backup can ever have lost.
RESTORE_GAP = 10**12


def renumber_after_restore(store: Store) -> int:
    """After the database was restored to an earlier point: put every stream's floor above any seq handed out
    before the loss, so that every counter's cursor is below it (answered "refetch") and new changes are
    numbered above it (the head counts floors). Returns the new floor."""
    with store.write() as s:
        floor = head(s) + RESTORE_GAP
        now = datetime.now(UTC).replace(tzinfo=None)
        for stream in STREAMS:
            row = s.get(FeedFloor, stream)
            if row is None:
                s.add(FeedFloor(stream=stream, floor=floor, compacted_at=now))
            else:
                row.floor, row.compacted_at = floor, now
    return floor
