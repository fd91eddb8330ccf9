"""The sequencer: gives committed feed changes their `seq` and links committed audit events into the chain.

On PostgreSQL a writing transaction does not number anything: `Journal.flush` appends its changes and events to
two pending tables and the transaction commits in parallel with every other push. After its commit the writer
wakes the process's background sequencer (app.central.sequencer_thread), which runs `drain`: short transactions
that take one advisory lock (or, when another run holds it, leave the work to that run), move every *committed* pending change into the feed with the next
sequence numbers (in the order their ids were drawn) and chain every committed pending audit event onto the
audit head. Sequencer runs are serialised by the lock and each commits
before the next one reads, so seq order is the order in which changes became visible: a puller that has seen
seq k has seen every seq below k, and a change that commits later gets a seq above every seq given so far. The
argument in full is in docs/DESIGN.md ("Scale").

A reader of the feed first numbers whatever committed is still pending (`catch_up`, `settle`), so a pull issued
after a push's answer sees that push's changes although the answer did not wait for the sequencer.

SQLite has one writer at a time (`BEGIN IMMEDIATE`), so there `Journal.flush` numbers and chains directly.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, select, text
from sqlalchemy.orm import Session

from app.central.bulk_rows import insert_rows
from app.central.models import Change, FeedFloor, PendingAudit
from app.core.audit_chain import GENESIS, event_hash
from app.models import AuditEvent

_AUDIT_EVENTS = cast(Table, AuditEvent.__table__)

# pg_advisory_xact_lock key of the sequencer ("CDSEQ" in ASCII); one per database.
SEQUENCER_LOCK = 0x4344534551

# One statement (one round trip): the head (`head()`: the feed's last seq or a compaction floor, read in the same
# snapshot, before the rows this statement adds) and the move of every committed pending change above it.
MOVE_CHANGES = """
    WITH moved AS (
        DELETE FROM central_changes_pending
        RETURNING id, stream, entity, entity_id, op, unit_code, data, at
    ), base AS (
        SELECT GREATEST(
            COALESCE((SELECT max(seq) FROM central_changes), 0),
            COALESCE((SELECT max(floor) FROM central_feed_floors), 0)
        ) AS head
    )
    INSERT INTO central_changes (seq, stream, entity, entity_id, op, unit_code, data, at)
    SELECT base.head + row_number() OVER (ORDER BY moved.id), stream, entity, entity_id, op, unit_code, data, at
    FROM moved, base
    """
_MOVE_CHANGES = text(MOVE_CHANGES)


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


def sequence(engine: Engine | Connection, *, wait: bool = True) -> int | None:
    """One sequencer run: number committed pending changes, chain committed pending audit events; returns the
    changes numbered, or None when `wait` is False and another run holds the lock. Given a connection (not in a
    transaction), the run is one transaction on it."""
    if isinstance(engine, Connection):
        with engine.begin():
            return _run(engine, wait)
    with engine.begin() as conn:
        return _run(conn, wait)


# Takes every committed pending audit event (all this statement's snapshot sees) and returns it: one round trip
# instead of a SELECT and a DELETE naming each id. The rows come back in no particular order; chained in id order.
_TAKE_PENDING_AUDIT = delete(PendingAudit).returning(
    PendingAudit.id,
    PendingAudit.at,
    PendingAudit.actor,
    PendingAudit.action,
    PendingAudit.entity,
    PendingAudit.entity_id,
    PendingAudit.detail,
)


def _run(conn: Connection, wait: bool) -> int | None:
    if wait:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": SEQUENCER_LOCK})
    elif not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": SEQUENCER_LOCK}).scalar():
        return None
    moved = conn.execute(_MOVE_CHANGES).rowcount or 0
    pending = sorted(conn.execute(_TAKE_PENDING_AUDIT).all(), key=lambda r: int(r[0]))
    if pending:
        rows = chain_rows(audit_head(conn), [tuple(r[1:]) for r in pending])
        # One statement: ids are drawn in the rows' order, which is chain order.
        insert_rows(conn, _AUDIT_EVENTS, rows)
    return int(moved)


_ANY_PENDING = text(
    "SELECT EXISTS (SELECT 1 FROM central_changes_pending) OR EXISTS (SELECT 1 FROM central_audit_pending)"
)
# A run that keeps finding new work hands over after this many rounds (the next writer or pull takes it up).
MAX_ROUNDS = 50


def drain(engine: Engine, *, wait: bool = False) -> int:
    """Run the sequencer until nothing committed is pending; returns changes numbered.

    Without `wait` it never waits for the lock. No committed row is left behind: a writer that finds the lock
    taken has committed before the holder lets go, and the holder looks for pending rows again after letting go
    and runs once more if there are any (or finds the lock taken by a run that started after that, whose snapshot
    sees them). With `wait` the first run waits for the lock: when it returns, every row committed before the
    call has its seq (or chain link) and is visible — what a reader needs before it reads the feed (`settle`)."""
    total = 0
    with engine.connect() as conn:  # one pool checkout for the whole drain
        for n in range(MAX_ROUNDS):
            moved = sequence(conn, wait=wait and n == 0)
            if moved is None:
                return total
            total += moved
            if not _any_pending(conn):
                return total
    return total


def settle(engine: Engine) -> int:
    """Number and chain everything committed before this call, waiting for a run in progress if there is one.

    Readers of the feed or the audit chain that must see what was pushed before (a pull, a snapshot's start,
    tests reading central tables right after a push) call this (or `catch_up`) instead of waiting for the
    background sequencer (app.central.sequencer_thread): one sequencer run that waits for the lock reads every
    pending row committed before it started. SQLite numbers in the writer's transaction: nothing to do."""
    if engine.dialect.name == "sqlite":
        return 0
    return drain(engine, wait=True)


def catch_up(s: Session) -> None:
    """Before reading the feed in `s`: if committed changes wait for their seq, number them now (a pushed change
    is answered before the background sequencer has numbered it; a pull after the answer must still see it).
    One cheap EXISTS when nothing waits."""
    bind = s.get_bind()
    if bind.dialect.name != "sqlite" and has_pending(s):
        settle(bind)  # type: ignore[arg-type]


def _any_pending(conn: Connection) -> bool:
    """Whether committed rows wait, after the run's commit: one statement in autocommit (no BEGIN or COMMIT
    round trips; its snapshot is the statement's own)."""
    conn.execution_options(isolation_level="AUTOCOMMIT")
    try:
        return bool(conn.execute(_ANY_PENDING).scalar())
    finally:
        conn.rollback()  # ends SQLAlchemy's bookkeeping; nothing is sent in autocommit
        conn.execution_options(isolation_level=conn.default_isolation_level)


def has_pending(s: Session) -> bool:
    return s.execute(text("SELECT EXISTS (SELECT 1 FROM central_changes_pending)")).scalar() is True
