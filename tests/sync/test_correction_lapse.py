"""The lapse of an overdue correction across the seam (issue 10 item 2 with issue 11's rule): an enrolled
workstation requests a correction, the applicant does not come back, and the nightly job (`counterdesk
lapse-corrections`, run as the system, with nobody logged in) lapses the application. The central store checks the
lapse against its own copy and its own clock; a lapse a counter claims early, by a clock set forward, is refused
and the clerk sees why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import SYSTEM
from app.domain.workflow import Status
from app.models import Application, OutboxEntry
from app.services import corrections, intake, users
from app.services.context import Actor, ServiceContext
from app.services.outbox import sync_snapshot
from app.sync import enrolment
from app.sync.worker import SyncWorker
from tests.services.scenarios import Builder
from tests.sync.helpers import PASSWORDS, Central, counter, set_passwords_centrally, submitted

pytestmark = pytest.mark.postgres


def _real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _enrolled(central: Central, root: Path) -> tuple[ServiceContext, SyncWorker]:
    ctx = counter(root, "WS-01")
    enrolment.enrol(ctx, Actor("admin", "admin", "管理员"), central.url, "admin", PASSWORDS["admin"])
    worker = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert worker.run_once().error is None  # the unit's accounts with their author keys
    return ctx, worker


def _central_app(central: Central, uuid: str) -> Application:
    with central.store.read() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()


def _outbox_answer(ctx: ServiceContext, op: str) -> tuple[str, str | None]:
    with ctx.store.read() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.op == op)).scalars().one()
        return row.state, row.result_code


def _needing_correction(central: Central, ctx: ServiceContext, worker: SyncWorker, taken_at: datetime) -> str:
    ctx.clock = lambda: taken_at
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()
    uuid = submitted(ctx, clerk, Builder(ctx, seed=5).scenario("TZ-FIRST").form, "TZ-FIRST")
    intake.request_correction(ctx, clerk, uuid, ["身份证复印件"])
    assert worker.run_once().error is None
    held = _central_app(central, uuid)
    assert held.status == Status.CORRECTION.value
    return uuid


def test_the_nightly_lapse_of_an_overdue_correction_is_accepted_centrally(
    pg_central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(pg_central)
    ctx, worker = _enrolled(pg_central, tmp_path / "ws1")
    now = _real_now()
    uuid = _needing_correction(pg_central, ctx, worker, now - timedelta(days=25))
    deadline = _central_app(pg_central, uuid).due_on
    assert deadline is not None and deadline < now.date()

    # The nightly job, run as the system with nobody logged in; the worker pushes at the login screen.
    ctx.clock = lambda: now
    assert corrections.lapse_overdue(ctx, SYSTEM)
    assert worker.run_once().error is None

    assert _outbox_answer(ctx, "application.lapse") == ("applied", None)
    held = _central_app(pg_central, uuid)
    assert held.status == Status.WITHDRAWN.value
    assert held.decided_by == "system"
    assert held.reason and "视为撤回" in held.reason
    with ctx.store.read() as s:
        local = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
    assert local.status == Status.WITHDRAWN.value and local.sync_state == "synced"


def test_a_lapse_claimed_early_by_a_clock_set_forward_is_refused_and_the_clerk_sees_why(
    pg_central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(pg_central)
    ctx, worker = _enrolled(pg_central, tmp_path / "ws1")
    now = _real_now()
    uuid = _needing_correction(pg_central, ctx, worker, now - timedelta(days=1))

    # The PC's clock is set three weeks ahead: the counter believes the deadline has passed.
    ctx.clock = lambda: now + timedelta(days=21)
    assert corrections.lapse_overdue(ctx, SYSTEM)
    assert worker.run_once().error is None

    state, code = _outbox_answer(ctx, "application.lapse")
    assert (state, code) == ("rejected", "CORRECTION_NOT_LAPSED")
    assert _central_app(pg_central, uuid).status == Status.CORRECTION.value  # no changed row centrally
    with ctx.store.read() as s:
        local = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
    # What the clerk sees: the application takes the centre's copy back, and 需处理 lists the refusal with its
    # reason in Chinese.
    assert local.status == Status.CORRECTION.value
    assert intake.get(ctx, uuid).status == Status.CORRECTION.value
    assert sync_snapshot(ctx).rejected == 1
    with ctx.store.read() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.lapse")).scalars().one()
    assert row.result_message and "尚未届满" in row.result_message
