"""The sequencer runs in a background thread after a push's commit (app.central.sequencer_thread): the answer does
not wait for it, a pull after the answer still sees the push's changes, and a stop leaves nothing pending.

The sequencer is held with a gate (events), never timed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from app.central import sequencer_thread
from app.central.models import Change, PendingAudit, PendingChange
from app.central.sequencer import SEQUENCER_LOCK, drain
from app.models import Application, AuditEvent
from app.services import search
from tests.sync.helpers import (
    CLERK,
    Central,
    CentralProcesses,
    counter,
    eligible,
    outbox_states,
    start_central_processes,
    submitted,
    worker,
)
from tests.sync.test_push_hot_path import _submission

pytestmark = pytest.mark.postgres


def _count(central: Central, model: object, *where: object) -> int:
    with central.store.read() as s:  # read directly: a pull, or helpers.central_count, would settle first
        return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar() or 0)  # type: ignore[arg-type]


def test_the_answer_comes_before_the_sequencer_run_and_a_pull_after_it_sees_the_change(
    pg_central: Central,
) -> None:
    entered, release = threading.Event(), threading.Event()

    def gated(engine: Engine) -> object:
        entered.set()
        assert release.wait(60), "the test did not open the gate"
        return drain(engine)

    bg = sequencer_thread.background(pg_central.store.engine)
    bg.run = gated
    client = pg_central.client("clerk01")
    try:
        entry = _submission("clerk01")
        answers = client.push([entry])  # answered while the sequencer run it asked for is held at the gate
        assert [a["status"] for a in answers] == ["applied"]
        assert entered.wait(60)  # the commit woke the background sequencer ...
        assert _count(pg_central, PendingChange, PendingChange.entity_id == entry["entity_id"]) == 1
        assert (
            _count(pg_central, Change, Change.entity_id == entry["entity_id"]) == 0
        )  # ... which has not run
        page = client.pull("applications", 0)  # the pull numbers what is pending before it reads
        assert entry["entity_id"] in [c["entity_id"] for c in page["changes"]]
        assert _count(pg_central, PendingChange) == 0
    finally:
        release.set()
    assert bg.wait_idle(60)
    assert _count(pg_central, Change, Change.entity_id == entry["entity_id"]) == 1  # once, not twice


def test_stopping_with_pending_changes_leaves_none_pending(pg_central: Central) -> None:
    runs: list[Engine] = []
    bg = sequencer_thread.background(pg_central.store.engine)
    bg.run = runs.append  # wake-ups do nothing: the pushes' rows stay pending
    client = pg_central.client("clerk01")
    entries = [_submission("clerk01") for _ in range(3)]
    assert [a["status"] for a in client.push(entries)] == ["applied"] * 3
    assert bg.wait_idle(60) and runs  # woken, and did nothing
    assert _count(pg_central, PendingChange) == 3
    assert _count(pg_central, PendingAudit) > 0
    pg_central.server.stop()
    pg_central.store.dispose()  # how the embedded server shuts down: the sequencer thread stops after a last run
    assert _count(pg_central, PendingChange) == 0
    assert _count(pg_central, PendingAudit) == 0
    assert _count(pg_central, Change, Change.entity_id.in_([e["entity_id"] for e in entries])) == 3
    assert _count(pg_central, AuditEvent) > 0


def test_a_push_answered_by_a_process_killed_before_its_sequencer_ran_reaches_the_next_workstation(
    pg_migrated_url: str, tmp_path: Path
) -> None:
    """Two central processes on one PostgreSQL. Workstation A's push is answered by process 1, whose background
    sequencer cannot number it (the test holds the sequencer's lock), and process 1 is then killed. Workstation B
    syncs through process 2: its pull numbers what was left pending, and B's clerk finds A's application in
    办件查询. The centre holds it once, numbered, nothing left pending."""
    c = start_central_processes(pg_migrated_url, 2)
    try:
        a, b = counter(tmp_path / "a", "WS-01"), counter(tmp_path / "b", "WS-02")
        form = eligible(a)
        taken = submitted(a, CLERK, form, "TZ-FIRST")
        with c.store.engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": SEQUENCER_LOCK})
            lock.commit()
            try:
                pushed = worker(a, c.at(0), "clerk01").push_all(a.now())
                assert pushed["applied"] == 1
                assert [state for _op, state, _code in outbox_states(a)] == ["applied"]  # A's clerk: 已同步
                assert _count_store(c, PendingChange, PendingChange.entity_id == taken) == 1  # not numbered
                c.procs[0].kill()  # the process that answered dies before any run of its sequencer
                c.procs[0].wait(30)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": SEQUENCER_LOCK})
                lock.commit()
        colleague = worker(b, c.at(1), "clerk02")
        assert colleague.run_once().error is None
        found = search.page(b, search.Filters(text=form["id_number"]), offset=0, limit=10)
        assert [(r["uuid"], r["status"], r["created_by"], r["sync_state"]) for r in found] == [
            (taken, "received", "clerk01", "synced")
        ]
        assert _count_store(c, PendingChange) == 0
        assert _count_store(c, Change, Change.entity_id == taken) == 1  # numbered once
        with c.store.read() as s:
            assert s.execute(select(Application.uuid, Application.created_by)).all() == [(taken, "clerk01")]
    finally:
        c.stop()


def _count_store(c: CentralProcesses, model: object, *where: object) -> int:
    with c.store.read() as s:  # read directly: no settle, no pull
        return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar() or 0)  # type: ignore[arg-type]
