"""Several central processes on one PostgreSQL: `migrate` once, `serve` refuses an old schema, and counters
pushing to different processes at once are pulled from a third view exactly once, in order."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.central import __main__ as central_cli
from app.central import feed
from app.central.auth import utcnow
from app.central.factory import ENV_DB, ConfigError, create
from app.central.feed import Journal
from app.central.store import open_store
from app.sync.client import SyncClient
from tests.sync.helpers import (
    CLERK,
    CentralProcesses,
    counter,
    eligible_forms,
    start_central_processes,
    submitted,
    worker,
)


def test_serve_refuses_a_database_that_was_not_migrated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_cli.main(["serve", "--db", db, "--workers", "2"]) == 2  # several processes: no migrating
    assert "counterdesk-central migrate" in capsys.readouterr().err
    assert central_cli.main(["migrate", "--db", db]) == 0
    assert "最新" in capsys.readouterr().out


@pytest.mark.postgres
def test_serve_refuses_a_postgresql_database_that_was_not_migrated(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert central_cli.main(["serve", "--db", pg_url]) == 2
    assert "counterdesk-central migrate" in capsys.readouterr().err
    assert (
        central_cli.main(["serve", "--db", pg_url, "--create-admin", "boss", "--admin-password", "x" * 9])
        == 2
    )
    assert "migrate" in capsys.readouterr().err


def test_the_factory_reads_its_settings_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_DB, raising=False)
    with pytest.raises(ConfigError, match=ENV_DB):
        create()
    monkeypatch.setenv(ENV_DB, f"sqlite:///{tmp_path / 'c.sqlite3'}")
    with pytest.raises(ConfigError, match="migrate"):
        create()  # not migrated: a worker process refuses instead of racing the others to migrate
    assert central_cli.main(["migrate", "--db", f"sqlite:///{tmp_path / 'c.sqlite3'}"]) == 0
    app = create()
    assert "/sync/push" in app.openapi()["paths"]
    app.state.store.dispose()


@pytest.fixture
def two_processes(pg_migrated_url: str) -> Any:
    central = start_central_processes(pg_migrated_url, 2)
    yield central
    central.stop()


@pytest.mark.postgres
def test_counters_pushing_to_two_processes_are_pulled_once_in_order(
    two_processes: CentralProcesses, tmp_path: Path
) -> None:
    c = two_processes
    per_counter = 6
    codes = ["WS-01", "WS-02", "WS-03"]
    counters = []
    for n, code in enumerate(codes):
        ctx = counter(tmp_path / code, code)
        forms = eligible_forms(ctx, per_counter, seed=11 + n)  # the builder records each applicant's scores
        uuids = [submitted(ctx, CLERK, f, "TZ-FIRST") for f in forms]
        w = worker(ctx, c.at(n % 2), "clerk01")  # counters split over the two processes
        counters.append((ctx, w, uuids))
    start = threading.Barrier(len(counters) + 1)
    done = threading.Event()
    errors: list[BaseException] = []
    pulled: list[dict[str, Any]] = []

    def push(ctx: Any, w: Any) -> None:
        try:
            start.wait(30)
            w.push_all(ctx.now())
        except BaseException as err:  # surfaced below
            errors.append(err)

    def pull_while_pushing() -> None:
        """A supervisor's counter pulling from process 2 throughout the burst, page by page."""
        client = SyncClient(c.urls[1], token=c.token("sup01"))
        cursor = 0
        try:
            start.wait(30)
            while True:
                finished = done.is_set()  # read before the pull: a pull after the last commit follows
                page = client.pull("applications", cursor, limit=4)
                pulled.extend(page["changes"])
                cursor = page["next_cursor"]
                if finished and not page["has_more"]:
                    return
        except BaseException as err:
            errors.append(err)
        finally:
            client.close()

    threads = [threading.Thread(target=push, args=(ctx, w)) for ctx, w, _ in counters]
    puller = threading.Thread(target=pull_while_pushing)
    for t in [*threads, puller]:
        t.start()
    for t in threads:
        t.join(120)
    done.set()
    puller.join(120)
    assert not errors, errors
    seqs = [ch["seq"] for ch in pulled]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))  # in order, each once
    everything = SyncClient(c.urls[0], token=c.token("admin")).pull("applications", 0, limit=2000)["changes"]
    assert [ch["seq"] for ch in everything] == seqs  # the puller saw every change there is
    pushed = {u for _, _, uuids in counters for u in uuids}
    assert {ch["entity_id"] for ch in pulled} == pushed


def test_after_restore_every_counter_resyncs_and_new_changes_number_above_old_cursors(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_cli.main(["migrate", "--db", db]) == 0
    store = open_store(db)
    try:
        with store.write() as s:
            j = Journal()
            j.change("registry", "person", "restored", "upsert", {"id_number": "restored"})
            j.flush(s, utcnow())
        with store.read() as s:
            ahead = feed.head(s) + 7  # a counter pulled changes the restored backup no longer has
        assert central_cli.main(["migrate", "--db", db, "--after-restore"]) == 0
        with store.write() as s:
            j = Journal()
            j.change("registry", "person", "new", "upsert", {"id_number": "new"})
            j.flush(s, utcnow())
        with store.read() as s:
            assert feed.pull(s, "registry", ahead, 100, "410000").refetch is True
            page = feed.pull(s, "registry", 0, 100, "410000")
        assert [c["entity_id"] for c in page.changes] == ["restored", "new"]
        assert page.changes[-1]["seq"] > ahead
    finally:
        store.dispose()


def test_serve_keeps_idle_connections_longer_than_clients_reuse_them_and_runs_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import uvicorn

    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_cli.main(["migrate", "--db", db]) == 0
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv(ENV_DB, "")
    for name in (
        "COUNTERDESK_CENTRAL_POOL_SIZE",
        "COUNTERDESK_CENTRAL_MAX_OVERFLOW",
        "COUNTERDESK_CENTRAL_TOKEN_HOURS",
    ):
        monkeypatch.delenv(name, raising=False)  # restored after the test: serve --workers exports them
    assert central_cli.main(["serve", "--db", db]) == 0
    assert central_cli.main(["serve", "--db", db, "--workers", "2", "--pool-size", "3"]) == 0
    (one, single), (target, multi) = calls
    assert single["timeout_keep_alive"] == multi["timeout_keep_alive"] == 75  # uvicorn's default is 5 s
    assert "/sync/push" in one.openapi()["paths"]
    one.state.store.dispose()
    assert (target, multi["factory"], multi["workers"]) == ("app.central.factory:create", True, 2)
    assert os.environ[ENV_DB] == db and os.environ["COUNTERDESK_CENTRAL_POOL_SIZE"] == "3"
