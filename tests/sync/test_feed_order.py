"""The feed on PostgreSQL: pushes commit in parallel, out of order, and a puller still never skips a change.

Every interleaving here is forced with separate connections (each `store.write()` is its own transaction) and,
where one transaction must block on another's row lock, with a thread and events: no sleeps.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from app.central import feed
from app.central.auth import utcnow
from app.central.feed import Journal
from app.central.models import Change, PendingChange
from app.central.sequencer import settle
from app.central.sequencer_thread import THREAD_NAME, background
from app.core.audit_chain import GENESIS, event_hash
from app.models import AuditEvent, User
from tests.sync.helpers import Central

pytestmark = pytest.mark.postgres


def _person(idn: str) -> dict[str, object]:
    return {"id_number": idn, "name": idn, "sex": "男", "birth_date": "1980-01-02"}


class Puller:
    """A counter's view of one stream: pulls from its cursor like app.sync.pull does."""

    def __init__(self, central: Central, stream: str = "registry", unit: str = "410000") -> None:
        self.central, self.stream, self.unit = central, stream, unit
        self.cursor = 0
        self.seen: list[str] = []

    def drain(self) -> list[str]:
        while True:
            with self.central.store.read() as s:
                page = feed.pull(s, self.stream, self.cursor, 2, self.unit)
            self.seen.extend(c["entity_id"] for c in page.changes)
            self.cursor = page.next_cursor
            if not page.has_more:
                return self.seen


def _change(s: Any, entity_id: str) -> None:
    j = Journal()
    j.change("registry", "person", entity_id, "upsert", _person(entity_id))
    j.audit("admin", "central.test", "person", entity_id, {})
    j.flush(s, utcnow())


def _xid(s: Any) -> int:
    return int(s.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


class Tx:
    """One open write transaction on its own connection, committed when the test says so (in any order)."""

    def __init__(self, central: Central) -> None:
        self._cm = central.store.write()
        self.s = self._cm.__enter__()

    def commit(self) -> None:
        self._cm.__exit__(None, None, None)


def test_changes_committing_out_of_order_are_never_skipped(pg_central: Central) -> None:
    puller = Puller(pg_central)
    a = Tx(pg_central)
    xid_a = _xid(a.s)  # A: the oldest transaction
    d = Tx(pg_central)
    xid_d = _xid(d.s)
    _change(d.s, "D")  # D writes its change first and will commit last
    _change(a.s, "A")  # A has written too: on the old feed A would now hold the feed lock until its commit
    b_done = threading.Event()

    def push_b() -> None:
        with pg_central.store.write() as s:
            _change(s, "B")
        b_done.set()

    thread = threading.Thread(target=push_b)
    thread.start()
    assert b_done.wait(30)  # B started last and commits first, waiting for neither A nor D
    thread.join(30)
    assert puller.drain() == ["B"]
    a.commit()
    assert puller.drain() == ["B", "A"]  # the cursor is now past A, while D (written before A) is open
    d.commit()
    assert puller.drain() == ["B", "A", "D"]  # D comes after: nothing skipped, each once
    assert xid_a < xid_d
    with pg_central.store.read() as s:
        seqs = s.execute(select(Change.seq).order_by(Change.seq)).scalars().all()
    assert len(seqs) == 3 and seqs == sorted(set(seqs))
    page = pg_central.client("clerk01").pull("registry", 0)  # the same over HTTP
    assert [c["entity_id"] for c in page["changes"]] == ["B", "A", "D"]


def test_an_older_transaction_committing_after_a_younger_one_is_not_skipped(pg_central: Central) -> None:
    """The trap of a transaction-id watermark with sequence numbers drawn at write time: the old transaction
    commits first with the later number while the young one, holding the earlier number, is still open."""
    puller = Puller(pg_central)
    old = Tx(pg_central)
    _xid(old.s)
    young = Tx(pg_central)
    _xid(young.s)
    _change(young.s, "young")  # the earlier pending id
    _change(old.s, "old")  # the later pending id
    old.commit()
    assert puller.drain() == ["old"]
    young.commit()
    assert puller.drain() == ["old", "young"]


def test_changes_of_one_row_follow_commit_order_not_transaction_ids(pg_central: Central) -> None:
    """T2 gets its transaction id first, then waits for T1's row lock: T1's change must come first."""
    store = pg_central.store
    puller = Puller(pg_central)
    t2_has_id, t1_holds_lock = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def t2() -> None:
        try:
            with store.write() as s:
                _xid(s)
                t2_has_id.set()
                assert t1_holds_lock.wait(30)
                s.execute(update(User).where(User.username == "clerk01").values(display_name="第二"))
                _change(s, "after-T1")
        except BaseException as err:  # surfaced below
            errors.append(err)

    thread = threading.Thread(target=t2)
    thread.start()
    assert t2_has_id.wait(30)
    with store.write() as s:
        s.execute(update(User).where(User.username == "clerk01").values(display_name="第一"))
        t1_holds_lock.set()  # T2 now blocks on the row until this transaction commits
        _change(s, "T1")
    thread.join(30)
    assert not thread.is_alive() and not errors
    assert puller.drain() == ["T1", "after-T1"]


def test_rows_left_by_a_writer_that_died_after_commit_are_sequenced_by_the_next_pull(
    pg_central: Central,
) -> None:
    store = pg_central.store
    with store.engine.begin() as conn:  # committed without the after-commit sequencer, as if the process died
        conn.execute(
            insert(PendingChange),
            [
                {
                    "stream": "registry",
                    "entity": "person",
                    "entity_id": "orphan",
                    "op": "upsert",
                    "unit_code": None,
                    "data": _person("orphan"),
                    "at": utcnow(),
                }
            ],
        )
    assert Puller(pg_central).drain() == ["orphan"]


def test_audit_chain_stays_linear_across_concurrent_transactions(pg_central: Central) -> None:
    store = pg_central.store
    with store.write() as a:
        _change(a, "a1")  # the first pending id, committed last
        with store.write() as b:
            _change(b, "b1")
        settle(store.engine)  # a sequencer run between the commits (the background one may not have run yet)
        with store.write() as c:
            _change(c, "c1")
        settle(store.engine)
    settle(store.engine)
    with store.read() as s:
        events = s.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    prev = GENESIS
    for ev in events:
        assert ev.prev_hash == prev
        assert ev.hash == event_hash(prev, ev.at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.detail)
        prev = ev.hash
    assert [e.entity_id for e in events if e.action == "central.test"] == ["b1", "c1", "a1"]


def test_a_writer_never_waits_for_the_sequencer_and_its_rows_are_not_left_behind(
    pg_central: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The background sequencer's run holds the lock (paused after it moved A's change); B commits meanwhile and
    returns at once; the run, after letting go, finds B's rows pending and numbers them too (or the wake-up B
    left does)."""
    from app.central import sequencer

    store = pg_central.store
    in_run, release = threading.Event(), threading.Event()
    real_audit_head = sequencer.audit_head

    def paused_audit_head(conn: Any) -> str:
        if threading.current_thread().name == THREAD_NAME and not release.is_set():
            in_run.set()
            assert release.wait(30), "the test did not release the sequencer run"
        return real_audit_head(conn)

    monkeypatch.setattr(sequencer, "audit_head", paused_audit_head)
    try:
        with store.write() as s:
            _change(s, "A")
        assert in_run.wait(30)  # A committed; the sequencer run holds the lock (its move not yet committed)
        with store.write() as s:
            _change(s, "B")  # B committed and returned without waiting for the lock
        with store.read() as s:
            assert sorted(s.execute(select(PendingChange.entity_id)).scalars()) == ["A", "B"]
    finally:
        release.set()
    assert background(store.engine).wait_idle(30)
    with store.read() as s:  # read directly: a pull would run the sequencer itself
        assert s.execute(select(Change.entity_id).order_by(Change.seq)).scalars().all() == ["A", "B"]
        assert s.execute(select(PendingChange.entity_id)).scalars().all() == []
        actions = s.execute(select(AuditEvent.entity_id).where(AuditEvent.action == "central.test")).scalars()
        assert sorted(actions) == ["A", "B"]
