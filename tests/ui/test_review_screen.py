"""The review screen on a real store: queue order, the form compared with the registry beside the scans, rules,
maker ≠ checker in the service and on the screen, keyboard approve and return, batch approval, print offer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.errors import DomainError
from app.models import SmsMessage
from app.services import certificate_printing, intake, review, signing_keys
from app.ui.printing import CertificatePreviewDialog
from app.ui.printing.signer import UnlockDialog, forget_signers
from app.ui.printing.targets import PdfFileTarget
from app.ui.review import ReviewScreen
from app.ui.review.batch_approve import BatchApproveDialog
from app.ui.review.compare_view import COLOURS
from app.ui.review.return_dialog import ReturnDialog
from app.ui.review.sheet import CHANGED
from app.ui.tasks import TaskRunner
from tests.services.test_documents import KEY_ID, PASSPHRASE, Desk
from tests.ui.shell_support import post_text, wait_idle

PNG_DIR = Path("/tmp/review_png")


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    yield Desk(ctx, clerk, supervisor, admin)
    forget_signers()


def open_screen(qtbot, desk: Desk, actor) -> tuple[ReviewScreen, TaskRunner]:
    runner = TaskRunner()
    screen = ReviewScreen(desk.ctx, actor, runner, blob_loader=desk.loader)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.refresh()
    wait_idle(qtbot, runner)
    return screen, runner


def select(qtbot, screen: ReviewScreen, runner: TaskRunner, uuid: str) -> None:
    row = next(i for i, a in enumerate(screen.apps) if a.uuid == uuid)
    screen.table.setCurrentCell(row, 1)
    qtbot.waitUntil(lambda: screen.sheet is not None and screen.sheet.app.uuid == uuid, timeout=10_000)
    wait_idle(qtbot, runner)


def confirm_approval(qtbot, screen: ReviewScreen, desk: Desk, uuid: str) -> None:
    """Ctrl+Enter asks first: nothing is approved until the supervisor confirms with Enter."""
    qtbot.waitUntil(
        lambda: screen.dialog is not None and screen.dialog.objectName() == "confirmApprove", timeout=5000
    )
    assert intake.get(desk.ctx, uuid).status == "accepted"
    qtbot.keyClick(screen.dialog, Qt.Key.Key_Return)


def grab(widget, name: str) -> Path:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / name
    assert widget.grab().save(str(path))
    return path


def test_queue_comparison_rules_and_materials(qtbot, desk, supervisor):
    change = desk.accepted("AG-CHG-EMPLOYER")
    first = desk.accepted("TZ-FIRST")
    bare = desk.accepted("AG-RENEW", scans=False)
    screen, runner = open_screen(qtbot, desk, supervisor)
    assert [a.uuid for a in screen.apps] == [a.uuid for a in review.queue(desk.ctx)]
    dues = [a.due_on for a in screen.apps]
    assert dues == sorted(dues) and screen.apps[0].uuid == first.uuid  # 特种作业: 10 working days to decide
    assert "3" in screen.count.text()

    select(qtbot, screen, runner, change.uuid)
    rows = {r.label: r for r in screen.sheet.rows}
    new_company = rows["新聘用企业名称"]
    assert new_company.state == CHANGED
    assert new_company.registry == change.form["old_company_name"]
    assert new_company.form == change.form["new_company_name"]
    r = [screen.compare.item(i, 0).text() for i in range(screen.compare.rowCount())].index("新聘用企业名称")
    assert screen.compare.item(r, 2).background().color().name() == COLOURS[CHANGED]
    assert screen.compare.item(r, 1).text() == change.form["old_company_name"]
    assert "现在复核全部通过" in screen.rules_title.text()
    assert screen.approve_button.isEnabled() and screen.why.text() == ""
    names = [screen.viewer.list.item(i).text() for i in range(screen.viewer.list.count())]
    # The employer change now collects the holder's photo too (the changed certificate is printed with it).
    assert sorted(names) == sorted(
        ["居民身份证（人像面） 第1页", "近期免冠证件照（JPG，200–300dpi，不大于50KB） 第1页"]
    )
    qtbot.waitUntil(
        lambda: screen.viewer.page.pixmap() is not None and not screen.viewer.page.pixmap().isNull()
    )
    grab(screen, "review_change.png")

    select(qtbot, screen, runner, bare.uuid)
    assert screen.viewer.list.count() == 0 and "没有扫描材料" in screen.viewer.page.text()
    grab(screen, "review_no_scans.png")


def test_maker_is_not_the_checker_in_the_service_and_on_the_screen(qtbot, desk, admin, supervisor):
    own = desk.accepted("AG-RENEW", received_by=admin)
    screen, runner = open_screen(qtbot, desk, admin)
    select(qtbot, screen, runner, own.uuid)
    assert not screen.approve_button.isEnabled()
    assert "收件人" in screen.why.text() and "审批分离" in screen.why.text()
    assert "收件人" in screen.approve_button.toolTip()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    assert intake.get(desk.ctx, own.uuid).status == "accepted"
    grab(screen, "review_maker_checker.png")
    with pytest.raises(DomainError) as err:
        review.approve(desk.ctx, admin, own.uuid)
    assert err.value.code == "MAKER_CHECKER"
    # Another reviewer may.
    assert review.approve(desk.ctx, supervisor, own.uuid).status == "approved"


def test_keyboard_approve_offers_print_and_the_preview_prints_and_records(
    qtbot, desk, supervisor, admin, tmp_path
):
    signing_keys.create_key(desk.ctx, admin, KEY_ID, PASSPHRASE)
    app = desk.accepted("TZ-FIRST")
    screen, runner = open_screen(qtbot, desk, supervisor)
    select(qtbot, screen, runner, app.uuid)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    confirm_approval(qtbot, screen, desk, app.uuid)
    qtbot.waitUntil(
        lambda: isinstance(screen.dialog, QMessageBox) and screen.dialog.objectName() != "confirmApprove",
        timeout=10_000,
    )
    done = intake.get(desk.ctx, app.uuid)
    assert done.status == "approved" and done.decided_by == supervisor.username
    offer = screen.dialog
    assert done.certificate_number in offer.text()
    offer.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CertificatePreviewDialog), timeout=5000)
    preview = screen.dialog
    unlock = preview.findChild(UnlockDialog)
    assert unlock is not None and unlock.isVisible()
    qtbot.keyClicks(unlock.passphrase, "wrong passphrase")
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: "口令不正确" in unlock.message.text(), timeout=10_000)
    unlock.passphrase.clear()
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: preview.job is not None, timeout=20_000)
    assert preview.print_button.isEnabled() and preview.pages.count() == 1
    grab(preview, "print_preview.png")
    out = tmp_path / "out.pdf"
    preview.request_print(PdfFileTarget(out))
    qtbot.waitUntil(lambda: preview.record is not None, timeout=10_000)
    assert out.read_bytes() == preview.record.archive_path.read_bytes()
    assert certificate_printing.print_state(desk.ctx, done.certificate_number).printed_at is not None
    assert "已打印并记录" in preview.status.text()
    preview.reject()
    # The key stays unlocked for the session: a second preview does not ask again.
    second = screen.preview(done.certificate_number)
    assert second.findChild(UnlockDialog) is None
    qtbot.waitUntil(lambda: second.job is not None, timeout=20_000)
    assert second.job.reprint and "补打" in second.status.text()
    second.reject()


def test_return_with_a_reason_from_the_keyboard(qtbot, desk, supervisor):
    app = desk.accepted("AG-FIRST")
    screen, runner = open_screen(qtbot, desk, supervisor)
    select(qtbot, screen, runner, app.uuid)
    qtbot.keyClick(screen.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ReturnDialog), timeout=5000)
    dialog = screen.dialog
    assert not dialog.ok_button.isEnabled()  # no reason, no return
    post_text(dialog.reason, "照片不清晰，请重拍")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: intake.get(desk.ctx, app.uuid).status == "returned", timeout=10_000)
    wait_idle(qtbot, runner)
    assert intake.get(desk.ctx, app.uuid).reason == "照片不清晰，请重拍"
    assert app.uuid not in [a.uuid for a in screen.apps]
    with desk.ctx.store.read() as s:
        assert [m.template for m in s.query(SmsMessage).all()] == ["return"]


def test_batch_approval_of_simple_items_with_one_confirmation(qtbot, desk, admin):
    simple = [desk.accepted("AG-RENEW"), desk.accepted("TZ-CANCEL")]
    own = desk.accepted("AG-REISSUE", received_by=admin)
    other = desk.accepted("AG-FIRST")
    screen, runner = open_screen(qtbot, desk, admin)
    checkable = {
        a.uuid
        for r, a in enumerate(screen.apps)
        if screen.table.item(r, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    }
    assert checkable == {simple[0].uuid, simple[1].uuid, own.uuid} and other.uuid not in checkable
    for r, a in enumerate(screen.apps):
        if a.uuid in checkable:
            screen.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
    screen.batch_approve()
    dialog = screen.dialog
    assert isinstance(dialog, BatchApproveDialog) and dialog.list.count() == 3
    grab(dialog, "batch_approve.png")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(dialog.results) == 3, timeout=20_000)
    wait_idle(qtbot, runner)
    outcome = {r.uuid: r.ok for r in dialog.results}
    assert outcome == {simple[0].uuid: True, simple[1].uuid: True, own.uuid: False}
    assert "收件人不能审核" in next(r.message for r in dialog.results if not r.ok)
    assert intake.get(desk.ctx, own.uuid).status == "accepted"
    assert [a.uuid for a in screen.apps] == [own.uuid, other.uuid] or {a.uuid for a in screen.apps} == {
        own.uuid,
        other.uuid,
    }


def test_ctrl_enter_asks_before_approving_and_esc_keeps_the_sheet(qtbot, desk, supervisor):
    app = desk.accepted("TZ-FIRST")
    screen, runner = open_screen(qtbot, desk, supervisor)
    select(qtbot, screen, runner, app.uuid)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, QMessageBox), timeout=5000)
    assert screen.dialog.objectName() == "confirmApprove" and app.number in screen.dialog.text()
    qtbot.keyClick(screen.dialog, Qt.Key.Key_Escape)
    wait_idle(qtbot, runner)
    assert intake.get(desk.ctx, app.uuid).status == "accepted"


def test_comparison_shows_numbers_and_headers_in_full_at_the_default_width(qtbot, desk, supervisor):
    change = desk.accepted("AG-CHG-EMPLOYER")
    screen, runner = open_screen(qtbot, desk, supervisor)
    screen.resize(1100, 700)  # the window at its default size on a small screen
    select(qtbot, screen, runner, change.uuid)
    qtbot.wait(50)
    table = screen.compare
    metrics = table.fontMetrics()
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            text = table.item(r, c).text()
            assert metrics.horizontalAdvance(text) + 6 <= table.columnWidth(c), (r, c, text)
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        label = table.horizontalHeaderItem(c).text()
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in label.split("\n"))
        assert widest <= header.sectionSize(c), label
    # The supervisor can move the split between comparison and scans; neither side collapses.
    split = screen.detail_split
    assert not split.childrenCollapsible() and split.handleWidth() >= 6
    sizes = split.sizes()
    split.setSizes([sizes[0] + 100, sizes[1] - 100])
    assert split.sizes()[0] == sizes[0] + 100
    assert sizes[0] >= table.needed_width()
    grab(screen, "review_1100.png")
