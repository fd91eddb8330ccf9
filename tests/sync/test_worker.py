"""The sync worker: status for the status bar, expired tokens, back-off, the background thread, number blocks."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.central import __main__ as central_cli
from app.central import embedded as embedded_module
from app.central.auth import ensure_admin
from app.central.embedded import start_embedded
from app.central.models import LeasedBlock
from app.central.store import open_store
from app.models import NumberBlock, User
from app.models.db import Store
from app.services import review
from app.services.firstrun import ensure_first_run
from app.sync import status
from app.sync.client import Refused
from app.sync.numbers import StockPolicy
from app.sync.worker import SyncWorker, backoff_delay
from tests.sync.helpers import CLERK, SUPERVISOR, Central, counter, eligible_forms, submitted, worker


def test_expired_token_asks_for_login_then_resumes(sqlite_central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    w = SyncWorker(ctx, sqlite_central.url, interval=3600, stock=None)
    w.set_session(sqlite_central.token("clerk01", ttl=timedelta(seconds=-5)), "clerk01", "clerk")
    assert w.run_once().error == "登录已过期"
    saved = status.read(ctx.store)
    assert saved["needs_login"] is True and saved["online"] is True
    assert w.status()["pending"] == 1
    w.login("clerk01", "Clerk1234")  # what the UI calls after asking the user; returns at once
    assert w.run_once().error is None
    saved = status.read(ctx.store)
    assert (saved["needs_login"], saved["online"], saved["last_error"]) == (False, True, None)
    assert saved["last_success_at"] == ctx.now().isoformat()
    assert status.counts(ctx.store) == {"applied": 1}


def test_unreachable_server_backs_off_with_jitter(tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    from app.central.server import bind_socket

    sock = bind_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()  # nobody listens there any more
    w = SyncWorker(ctx, url, interval=15, backoff_base=1.0, backoff_cap=60.0, stock=None, seed=3, timeout=2)
    w.set_session("token", "clerk01", "clerk")
    for _ in range(3):
        assert w.run_once().error is not None
    assert w.failures == 3
    delays = [w.next_delay() for _ in range(50)]
    assert all(2.0 <= d <= 6.0 for d in delays) and len({round(d, 6) for d in delays}) > 40
    saved = status.read(ctx.store)
    assert saved["online"] is False and "无法连接中心库" in saved["last_error"]
    rng = random.Random(1)
    assert all(backoff_delay(30, 1.0, 60.0, rng) <= 90.0 for _ in range(100))  # capped (with jitter)


def test_background_thread_never_blocks_and_sync_now_runs_a_round(
    sqlite_central: Central, tmp_path: Path
) -> None:
    ctx = counter(tmp_path / "a")
    submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    seen: list[dict[str, object]] = []
    w = worker(ctx, sqlite_central, "clerk01", listener=seen.append)
    w.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (seen and seen[-1]["pending"] == 0):
            time.sleep(0.05)
        assert seen[-1]["pending"] == 0 and seen[-1]["online"] is True
        rounds = len(seen)
        submitted(ctx, CLERK, eligible_forms(ctx, 1, seed=99)[0], "TZ-FIRST")
        w.sync_now()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(seen) == rounds:
            time.sleep(0.05)
        assert len(seen) > rounds
    finally:
        w.stop()
    assert status.counts(ctx.store) == {"applied": 2}


def test_supervisor_workstations_lease_disjoint_blocks_and_report_unused(
    sqlite_central: Central, tmp_path: Path
) -> None:
    a = counter(tmp_path / "a", "WS-01")
    a.local_number_authority = False
    b = counter(tmp_path / "b", "WS-02")
    policy = StockPolicy(low_water=5, block_size=10)
    wa = worker(a, sqlite_central, "sup01", streams=(), stock=policy)
    wb = worker(b, sqlite_central, "sup02", streams=(), stock=policy)
    assert wa.run_once().leased == wb.run_once().leased > 0
    with a.store.read() as s:
        blocks_a = {(x.family, x.key, x.first, x.last) for x in s.execute(select(NumberBlock)).scalars()}
    with b.store.read() as s:
        blocks_b = {(x.family, x.key, x.first, x.last) for x in s.execute(select(NumberBlock)).scalars()}
    assert blocks_a and not blocks_a & blocks_b  # the same key never gets overlapping serials
    assert ("TZ", "A01", 1, 10) in blocks_a | blocks_b
    # Approval offline on workstation A uses its leased block.
    uuid = submitted(a, CLERK, eligible_forms(a, 1)[0], "TZ-FIRST")
    from app.services import intake

    intake.accept(a, CLERK, uuid)
    cert = review.approve(a, SUPERVISOR, uuid).certificate_number
    tz = next(x for x in blocks_a if x[:2] == ("TZ", "A01"))
    assert cert is not None and cert.endswith(f"{tz[2]:06d}")
    assert wa.run_once().error is None
    with sqlite_central.store.read() as s:
        reported = {x.block_id: x.first_unused for x in s.execute(select(LeasedBlock)).scalars()}
    with a.store.read() as s:
        used = s.execute(
            select(NumberBlock).where(NumberBlock.family == "TZ", NumberBlock.key == "A01")
        ).scalar_one()
    assert reported[used.block_id] == used.next == tz[2] + 1
    client = sqlite_central.client("sup01")
    again = client.lease(used.block_id, "TZ", "A01", used.year, 10)  # a repeated request (lost reply)
    assert (again["first"], again["last"]) == (used.first, used.last)
    with pytest.raises(Refused) as clerk:
        sqlite_central.client("clerk01").lease("00000000-0000-4000-8000-000000000001", "TZ", "A01", 2026, 10)
    assert clerk.value.status == 403


def test_embedded_central_works_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "desk"
    ctx = counter(data, "WS-01")
    ensure_first_run(ctx, with_demo=True, persons=20)  # a demo store: the demo accounts exist
    # start_embedded must return before the central store is migrated: hold the migration until it has returned.
    migrate_may_run = threading.Event()
    real_open = embedded_module.open_store

    def held_open_store(url: str) -> Store:
        assert migrate_may_run.wait(30), "start_embedded waited for the migration"
        return real_open(url)

    monkeypatch.setattr(embedded_module, "open_store", held_open_store)
    embedded = start_embedded(data)
    assert embedded.url.startswith("http://127.0.0.1:")
    assert not embedded.ready  # returned with the URL while the store is still being prepared
    migrate_may_run.set()
    try:
        embedded.wait_ready()
        w = SyncWorker(ctx, embedded.url, interval=3600, stock=None)
        w.login("clerk01", "Clerk1234")  # the local account, copied into the embedded central store
        assert w.run_once().error is None
        assert status.read(ctx.store)["online"] is True
        import httpx

        assert "/sync/push" in httpx.get(embedded.url + "/openapi.json").json()["paths"]
    finally:
        embedded.stop()
    assert (data / "central" / "central.sqlite3").exists()


def test_console_script_migrates_and_bootstraps_the_first_admin(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert (
        central_cli.main(
            ["--db", db, "--migrate-only", "--create-admin", "boss", "--admin-password", "Boss12345"]
        )
        == 0
    )
    store = open_store(db)
    with store.read() as s:
        boss = s.execute(select(User).where(User.username == "boss")).scalar_one()
    assert (boss.role, boss.unit_code) == ("admin", "410000")
    assert ensure_admin(store, "boss", "Other1234") is False
    store.dispose()
