"""Crashes: the counter killed (SIGKILL) mid-push 50 times, the central server killed mid-batch."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.bootstrap import DB_NAME
from app.central.models import Change, IdempotencyKey
from app.central.server import bind_socket
from app.central.store import open_store
from app.models import Application, OutboxEntry
from app.services import intake
from app.services.context import ServiceContext
from app.sync.client import SyncClient
from app.sync.worker import RoundResult, SyncWorker
from tests.store_templates import fresh_central_sqlite
from tests.sync.helpers import CLERK, Central, counter, eligible_forms, seed_accounts, submitted, worker

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50


def _workload(ctx: ServiceContext, apps: int, edits: int) -> dict[str, int]:
    """Applications submitted and then edited `edits` times each: every entry depends on the one before."""
    versions = {}
    for form in eligible_forms(ctx, apps):
        uuid = submitted(ctx, CLERK, form, "TZ-FIRST")
        for i in range(edits):
            view = intake.save_draft(ctx, CLERK, uuid, {**form, "mobile": f"139{i:08d}"})
        versions[uuid] = view.version if edits else 2
    return versions


def _pending(db: Path) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE state = 'pending'").fetchone()[0])
    finally:
        conn.close()


def _assert_exactly_once(central_store, ctx: ServiceContext, versions: dict[str, int]) -> None:
    with ctx.store.read() as s:
        entries = s.execute(select(OutboxEntry.key, OutboxEntry.state)).all()
    assert {state for _, state in entries} <= {"applied", "duplicate"}
    with central_store.read() as s:
        keys = set(s.execute(select(IdempotencyKey.key)).scalars())
        assert keys == {k for k, _ in entries}
        assert all(a["status"] == "applied" for a in s.execute(select(IdempotencyKey.answer)).scalars())
        got = dict(s.execute(select(Application.uuid, Application.version)).all())
        changes = s.execute(select(func.count()).where(Change.stream == "applications")).scalar()
    assert got == versions  # every edit applied once, in order
    assert changes == len(entries)
    conn = sqlite3.connect(str(Path(str(ctx.data_dir)) / DB_NAME))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_counter_killed_mid_push_fifty_times(sqlite_central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    versions = _workload(ctx, apps=20, edits=14)  # 300 entries, each edit based on the one before
    db = Path(str(ctx.data_dir)) / DB_NAME
    token = sqlite_central.token("clerk01")
    args = [
        sys.executable,
        "-m",
        "tests.sync.push_child",
        str(ctx.data_dir),
        sqlite_central.url,
        token,
        "clerk01",
        "clerk",
    ]
    parent = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdin is not None and parent.stdout is not None
    rng = random.Random(20261123)
    kills = 0
    try:
        while kills < KILLS:
            parent.stdin.write("go\n")
            parent.stdin.flush()
            ready, pid = parent.stdout.readline().split()
            assert ready == "ready"
            time.sleep(rng.uniform(0.0, 0.05))
            with contextlib.suppress(ProcessLookupError):  # it may have finished before the kill
                os.kill(int(pid), signal.SIGKILL)
            reaped = parent.stdout.readline().split()
            assert reaped[:2] == ["reaped", pid]
            kills += int(reaped[2]) == signal.SIGKILL
            assert _pending(db) > 0, "the workload ran out before 50 kills; make it larger"
        parent.stdin.write("go\n")  # and a last run left alone: it must finish the push
        parent.stdin.flush()
        assert parent.stdout.readline().startswith("ready")
        assert parent.stdout.readline().split()[2] == "0"
    finally:
        parent.stdin.close()
        parent.wait(30)
    assert kills >= KILLS
    assert _pending(db) == 0
    _assert_exactly_once(sqlite_central.store, ctx, versions)


def _run_into(w: SyncWorker, outcome: list[RoundResult]) -> None:
    outcome.append(w.run_once())


def _start_server(db_url: str, port: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.central", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise TimeoutError("central server did not start")


@pytest.mark.parametrize("dialect", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_server_killed_mid_batch(dialect: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    db_url = (
        fresh_central_sqlite(tmp_path / "central.sqlite3")
        if dialect == "sqlite"
        else request.getfixturevalue("pg_migrated_url")
    )
    store = open_store(db_url)
    seed_accounts(store)
    from app.central import auth

    with store.write() as s:
        token, _ = auth.issue_token(s, "clerk01", "WS-01", auth.timedelta(hours=1))
    sock = bind_socket()
    port = sock.getsockname()[1]
    sock.close()
    ctx = counter(tmp_path / "a")
    versions = _workload(ctx, apps=20, edits=9)  # 200 entries, pushed as one batch
    url = f"http://127.0.0.1:{port}"
    rng = random.Random(7)
    lost = 0
    for _ in range(5):
        server = _start_server(db_url, port)
        w = worker(ctx, Central(url, db_url, store, None), "clerk01", streams=(), batch_size=300)  # type: ignore[arg-type]
        w.set_session(token, "clerk01", "clerk")
        outcome: list[RoundResult] = []
        t = threading.Thread(target=_run_into, args=(w, outcome))
        t.start()
        time.sleep(rng.uniform(0.0, 0.04))  # the batch is still being read, validated or applied
        server.send_signal(signal.SIGKILL)
        server.wait()
        t.join(60)
        w.client.close()
        lost += outcome[0].error is not None
        if lost:
            break
    assert lost >= 1  # at least one batch died with the server
    server = _start_server(db_url, port)
    try:
        client = SyncClient(url, token=token)
        w = worker(ctx, Central(url, db_url, store, None), "clerk01", streams=(), batch_size=300)  # type: ignore[arg-type]
        w.set_session(token, "clerk01", "clerk")
        assert w.run_once().error is None
        client.close()
        _assert_exactly_once(store, ctx, versions)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
        store.dispose()
