"""A counter day (issue 10): two clerks' workstations and a supervisor's workstation of one unit, all enrolled with
one central store on PostgreSQL, through a day of every family and every operation — a correction and its
resubmission, a refusal, a withdrawal, a transfer out with its confirmation, approvals while the supervisor is
offline, two supervisors approving the same application, a clerk closing the program with changes pending, and a
supervisor taking over a shared PC. At the end: every change applied once centrally, nothing left needing
attention, every approved certificate printed exactly once, and every status the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app.central.models import IdempotencyKey
from app.core.snapshots import certificate_snapshot
from app.domain.errors import DomainError
from app.models import Application, AuditEvent, Certificate, OutboxEntry
from app.services import certificate_printing, corrections, intake, review, transfer_out, users
from app.services.context import Actor, ServiceContext
from app.services.outbox import acknowledge_rejection, sync_snapshot
from app.sync import enrolment
from app.sync.worker import SyncWorker
from tests.services.scenarios import Builder, all_conditions, all_materials
from tests.sync.helpers import (
    PASSWORDS,
    Central,
    clone,
    counter,
    set_passwords_centrally,
    start_central,
    stock_numbers,
)

pytestmark = pytest.mark.postgres

NEW_AND_EXISTING = {
    # item → (workstation, what happens to it during the day)
    "TZ-FIRST": ("WS-01", "approve"),
    "AG-RENEW": ("WS-01", "approve"),
    "JN-CHG-EMPLOYER": ("WS-01", "approve"),
    "AG-REISSUE": ("WS-02", "correct-then-approve"),
    "TZ-CANCEL": ("WS-02", "two-supervisors"),
    "AG-CHG-TRANSFER-OUT": ("WS-02", "approve-then-confirm"),
    "AG-FIRST": ("WS-02", "withdraw"),
    "TZ-RENEW": ("WS-01", "refuse"),
}


def _register(central: Central, base: ServiceContext) -> None:
    """The province's existing register, imported centrally by the administrator (the register import, issue
    13): the certificates and holders the day's renewals, changes and cancellations act on; every counter gets
    them through the change feed."""
    with base.store.read() as s:
        rows = [certificate_snapshot(c) for c in s.execute(select(Certificate)).scalars()]
    token = central.token("admin")
    with httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {token}"}) as http:
        answer = http.post("/admin/register/certificates", json={"rows": rows})
    assert answer.status_code == 200, answer.text


class Workstation:
    def __init__(self, central: Central, ctx: ServiceContext) -> None:
        admin = Actor("admin", "admin", "管理员")
        enrolment.enrol(ctx, admin, central.url, "admin", PASSWORDS["admin"])
        self.ctx = ctx
        self.worker = SyncWorker(ctx, central.url, interval=3600, stock=None)
        assert stock_numbers(ctx, self.worker) > 0
        self.online = True

    def login(self, username: str) -> Actor:
        return users.authenticate(self.ctx, username, PASSWORDS[username]).actor()

    def sync(self) -> None:
        """One round of the worker, as it runs on its own while the program is open (also at the login screen)."""
        if self.online:
            result = self.worker.run_once()
            assert result.error is None, result.error

    def app(self, uuid: str) -> Application:
        with self.ctx.store.read() as s:
            return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()

    def app_by_item(self, item: str) -> Application:
        with self.ctx.store.read() as s:
            return s.execute(select(Application).where(Application.item_code == item)).scalar_one()


def _take(ws: Workstation, clerk: Actor, item: str, form: dict[str, Any]) -> str:
    draft = intake.create_draft(
        ws.ctx,
        clerk,
        item,
        form,
        conditions=all_conditions(ws.ctx, item),
        material_states=all_materials(ws.ctx, item),
    )
    return intake.submit(ws.ctx, clerk, draft.uuid).uuid


def test_a_counter_day_holds_across_workstations_offline_stretches_and_the_central_store(
    pg_migrated_url: str, tmp_path: Path, qtbot
) -> None:
    central = start_central(pg_migrated_url)
    try:
        _day(central, tmp_path, qtbot)
    finally:
        central.stop()


def _day(central: Central, tmp_path: Path, qtbot: Any) -> None:
    set_passwords_centrally(central)
    base = counter(tmp_path / "base", "WS-01")
    builder = Builder(base, seed=11)
    forms = {item: builder.scenario(item).form for item in NEW_AND_EXISTING}
    _register(central, base)
    one = Workstation(central, counter(clone(base, tmp_path / "ws1"), "WS-01"))
    two = Workstation(central, counter(clone(base, tmp_path / "ws2"), "WS-02"))
    back = Workstation(central, counter(clone(base, tmp_path / "ws3"), "WS-03"))
    for ws in (one, two, back):
        ws.sync()  # the unit's accounts (with their sealed author keys) and the register

    # Morning at window 1: clerk01 takes three applications and accepts them, then closes the program before
    # the worker's next round; the changes stay pending on that PC.
    clerk1 = one.login("clerk01")
    taken: dict[str, str] = {}
    for item, (where, _) in NEW_AND_EXISTING.items():
        if where == "WS-01":
            taken[item] = _take(one, clerk1, item, forms[item])
    for item in ("TZ-FIRST", "AG-RENEW", "JN-CHG-EMPLOYER"):
        intake.accept(one.ctx, clerk1, taken[item])
    intake.refuse(one.ctx, clerk1, taken["TZ-RENEW"], "申请人未按期参加继续教育")
    assert sync_snapshot(one.ctx).pending == 3 + 3 + 2  # what the status bar shows after clerk01 left

    # Window 2: clerk02 takes four; one needs a correction, one is withdrawn at the applicant's request.
    clerk2 = two.login("clerk02")
    for item, (where, _) in NEW_AND_EXISTING.items():
        if where == "WS-02":
            taken[item] = _take(two, clerk2, item, forms[item])
    intake.request_correction(two.ctx, clerk2, taken["AG-REISSUE"], ["《证书遗失声明》原件"])
    intake.accept(two.ctx, clerk2, taken["TZ-CANCEL"])
    intake.accept(two.ctx, clerk2, taken["AG-CHG-TRANSFER-OUT"])
    intake.withdraw(two.ctx, clerk2, taken["AG-FIRST"], "申请人要求撤回")
    two.sync()

    # The worker of window 1 runs at its login screen: what clerk01 left is pushed without anyone logged in.
    one.sync()
    assert sync_snapshot(one.ctx).pending == 0

    # The back office pulls the morning's work, then its network goes away for a stretch.
    back.sync()
    back.online = False
    sup1 = back.login("sup01")
    # The first approval on the review screen, as the supervisor does it: select, Ctrl+Enter, confirm.
    from PySide6.QtCore import Qt

    from app.ui.application_detail import ApplicationDetail
    from app.ui.review import ReviewScreen
    from app.ui.tasks import TaskRunner
    from tests.ui.shell_support import wait_idle

    runner = TaskRunner()
    screen = ReviewScreen(back.ctx, sup1, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.refresh()
    wait_idle(qtbot, runner)
    row = next(i for i, a in enumerate(screen.apps) if a.uuid == taken["TZ-FIRST"])
    screen.table.setCurrentCell(row, 1)
    qtbot.waitUntil(
        lambda: screen.sheet is not None and screen.sheet.app.uuid == taken["TZ-FIRST"], timeout=10_000
    )
    wait_idle(qtbot, runner)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.objectName() == "confirmApprove", timeout=5000
    )
    qtbot.keyClick(screen.dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.objectName() == "approvalProvisional",
        timeout=10_000,
    )
    assert "待中心确认" in screen.dialog.text() and "打印队列" in screen.dialog.text()
    screen.dialog.accept()
    for item in ("AG-RENEW", "JN-CHG-EMPLOYER", "AG-CHG-TRANSFER-OUT", "TZ-CANCEL"):
        review.approve(back.ctx, sup1, taken[item])
    # Offline, the approvals are provisional: the detail says so and nothing can be printed.
    detail = ApplicationDetail(back.ctx, sup1, runner)
    qtbot.addWidget(detail)
    detail.load(taken["TZ-FIRST"])
    qtbot.waitUntil(lambda: detail.view is not None, timeout=10_000)
    assert detail.status_label.text() == "已审核，待中心确认"
    provisional = back.app(taken["TZ-FIRST"]).certificate_number
    with pytest.raises(DomainError) as unconfirmed:
        certificate_printing.print_certificate(back.ctx, sup1, provisional, b"%PDF-1.4", "PDF")
    assert unconfirmed.value.code == "APPROVAL_UNCONFIRMED"
    assert certificate_printing.print_queue(back.ctx) == []

    # Meanwhile sup02 takes over clerk02's PC and approves the cancellation there, online: it wins.
    sup2 = two.login("sup02")
    two.sync()  # the cancellation arrives back at window 2 as accepted
    review.approve(two.ctx, sup2, taken["TZ-CANCEL"])
    two.sync()

    # The applicant of the reissue comes back with the missing paper; clerk02 resubmits and accepts.
    clerk2 = two.login("clerk02")
    reissue = two.app(taken["AG-REISSUE"])
    corrections.resubmit(two.ctx, clerk2, reissue.uuid, form=dict(reissue.form))
    intake.accept(two.ctx, clerk2, reissue.uuid)
    two.sync()

    # The back office comes online: four approvals count, sup01's cancellation lost to sup02's and is undone.
    back.online = True
    back.sync()
    lost = back.app(taken["TZ-CANCEL"])
    assert (lost.status, lost.decided_by) == ("approved", "sup02")
    with back.ctx.store.read() as s:
        refused = s.execute(select(OutboxEntry).where(OutboxEntry.state == "rejected")).scalars().all()
    assert [(e.op, e.entity_id) for e in refused] == [("application.approve", taken["TZ-CANCEL"])]
    # The supervisor reads why (今日工作台 → 需处理) and marks it dealt with.
    acknowledge_rejection(back.ctx, sup1, refused[0].id)
    detail.load(taken["TZ-FIRST"])
    qtbot.waitUntil(lambda: detail.status_label.text() == "办结（准予）", timeout=10_000)
    review.approve(back.ctx, sup1, taken["AG-REISSUE"])
    back.sync()

    # The receiving province accepted the transfer out.
    transfer_out.confirm(back.ctx, sup1, taken["AG-CHG-TRANSFER-OUT"])
    back.sync()

    # Batch printing at the back office: every certificate to print, once.
    queue = certificate_printing.print_queue(back.ctx)
    for state in queue:
        certificate_printing.print_certificate(back.ctx, sup1, state.number, b"%PDF-1.4 day", "PDF")
    printed = {state.application_number for state in queue}
    prints_certificate = {"TZ-FIRST", "AG-RENEW", "JN-CHG-EMPLOYER", "AG-REISSUE"}
    assert printed == {back.app(taken[i]).number for i in prints_certificate}
    assert certificate_printing.print_queue(back.ctx) == []

    # Evening: everyone syncs twice (each one's changes, then what the others pushed).
    for _ in range(2):
        for ws in (one, two, back):
            ws.sync()
    _everything_agrees(central, (one, two, back), taken)
    with back.ctx.store.read() as s:
        prints = s.execute(select(func.count()).where(AuditEvent.action == "certificate.print")).scalar()
    assert prints == len(prints_certificate)
    runner.shutdown()


def _everything_agrees(central: Central, stations: tuple[Workstation, ...], taken: dict[str, str]) -> None:
    with central.store.read() as s:
        apps = {a.uuid: (a.status, a.version, a.decided_by) for a in s.execute(select(Application)).scalars()}
        certs = {c.number: (c.status, c.version) for c in s.execute(select(Certificate)).scalars()}
        applied_once = s.execute(select(func.count()).select_from(IdempotencyKey)).scalar()
    assert apps[taken["TZ-FIRST"]][0] == "approved"
    assert apps[taken["TZ-RENEW"]][0] == "refused"
    assert apps[taken["AG-FIRST"]][0] == "withdrawn"
    assert apps[taken["TZ-CANCEL"]][2] == "sup02"
    total_sent = 0
    for ws in stations:
        with ws.ctx.store.read() as s:
            entries = s.execute(select(OutboxEntry)).scalars().all()
            assert all(e.state in ("applied", "duplicate") or e.acknowledged for e in entries), [
                (e.op, e.state, e.result_code) for e in entries if e.state not in ("applied", "duplicate")
            ]
            total_sent += len(entries)
            mine = {
                a.uuid: (a.status, a.version, a.decided_by) for a in s.execute(select(Application)).scalars()
            }
            local_certs = {
                c.number: (c.status, c.version)
                for c in s.execute(select(Certificate)).scalars()
                if c.number in certs
            }
            extra = set(
                s.execute(select(Certificate.number).where(Certificate.number.not_in(list(certs)))).scalars()
            )
        assert {u: mine.get(u) for u in apps} == apps
        assert local_certs == certs
        assert extra == set(), (
            f"{ws.ctx.workstation.code} keeps certificates the centre does not have: {extra}"
        )
    assert applied_once == total_sent  # every entry answered once (the refused approval's answer included)
