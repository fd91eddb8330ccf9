"""The correction loop on the real screens (issue 10, item 2): the detail's 补正后重新提交 opens the SAME
application in the intake screen (it used to open the item picker with "无法恢复草稿…已提交…" in its search box),
the clerk scans what the notice asked for, fixes the form and resubmits; past the deadline the application shows
as withdrawn."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.domain.workflow import Action
from app.services import intake, materials
from app.ui.capture import CaptureDialog
from app.ui.intake.screen import IntakeScreen
from tests.services.scenarios import NOW, fixed_clock
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle
from tests.ui.test_capture_dialog import scan_file

PNG_DIR = Path("/tmp/correction_png")


def _shot(widget, name: str) -> None:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(PNG_DIR / name))


def _correction(qtbot, demo_ctx, clerk):
    """A received 安管 reissue without the ID card's back, sent back for correction through the detail."""
    fixed_clock(demo_ctx)
    app = received_application(demo_ctx, clerk)
    intake.save_draft(demo_ctx, clerk, app.uuid, app.form, material_states={"id_card_back": "missing"})
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    detail = win.detail
    detail.start_action(Action.REQUEST_CORRECTION)
    dialog = detail.dialog
    dialog.other.setPlainText("手机号码需本人确认")
    dialog.accept()
    wait_idle(qtbot, runner)
    assert detail.view.status == "correction_requested"
    return app, win, runner, detail


def test_resubmit_reopens_the_same_application_and_takes_the_correction(qtbot, demo_ctx, clerk, tmp_path):
    app, win, runner, detail = _correction(qtbot, demo_ctx, clerk)
    notice = detail.view
    assert "补正期限：" in detail.reason_label.text() and "视为撤回" in detail.reason_label.text()
    _shot(win, "01_detail_correction.png")

    qtbot.mouseClick(detail.action_buttons[Action.RESUBMIT], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    screen = win.intake
    assert isinstance(screen, IntakeScreen)
    qtbot.waitUntil(lambda: screen.work is not None, timeout=10000)
    assert screen.correction and screen.uuid == app.uuid  # the same application, not a new draft
    assert screen.stack.currentWidget() is screen.work  # not the item picker
    assert "无法恢复" not in screen.picker.search.placeholderText()
    banner = screen.findChild(QLabel, "correctionBanner")
    assert (
        banner is not None
        and "居民身份证（国徽面）" in banner.text()
        and "手机号码需本人确认" in banner.text()
    )
    assert "补正期限至" in banner.text()
    w = screen.work
    assert w.submit_button.text() == "补正后重新提交"
    assert w.discard_button.isHidden() and w.save_button.isHidden()
    assert w.form.values()["id_number"] == app.id_number  # the form as it was submitted
    page = w.materials
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert any(n.startswith("【需补正】") and "国徽面" in n for n in names)

    # The applicant brought the card: scan it in the capture dialog.
    w.tabs.setCurrentWidget(page)
    page.scan_buttons["id_card_back"].click()
    qtbot.waitUntil(lambda: bool(screen.findChildren(CaptureDialog)), timeout=5000)
    capture = screen.findChildren(CaptureDialog)[0]
    qtbot.waitUntil(lambda: capture.target is not None, timeout=10000)
    capture.import_files([scan_file(tmp_path, "身份证国徽面.jpg")])
    qtbot.waitUntil(lambda: page.states["id_card_back"] == "scanned", timeout=20000)
    qtbot.waitUntil(lambda: runner.pending == 0 and capture.ingest.pending == 0, timeout=20000)
    capture.close()
    # ... and the mobile number the applicant confirmed.
    w.form.editors["mobile"].set_value("13912345678")
    w.form.changed.emit("mobile")
    qtbot.waitUntil(lambda: "✔" in w.rules.title.text(), timeout=10000)
    _shot(screen, "02_intake_correction.png")

    later = NOW + timedelta(days=2)
    fixed_clock(demo_ctx, later)
    qtbot.mouseClick(w.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.receipt is not None and screen.receipt.isVisible(), timeout=15000)
    with qtbot.waitSignal(screen.finished, timeout=15000):
        screen.receipt.reject()
    wait_idle(qtbot, runner)

    view = intake.get(demo_ctx, app.uuid)
    assert view.status == "received" and view.number == app.number and view.version > notice.version
    assert view.mobile == "13912345678" and view.material_states["id_card_back"] == "scanned"
    family = demo_ctx.catalogue.item(view.item_code).family
    assert view.due_on == demo_ctx.calendar.add_working_days(later.date(), family.accept_working_days)
    assert [p.material_code for p in materials.pages_of(demo_ctx, app.uuid)].count("id_card_back") == 1
    assert not (demo_ctx.data_dir / "drafts" / f"{app.uuid}.json").exists()
    # Back on the detail of the same application, with the whole story in its history.
    qtbot.waitUntil(
        lambda: win.detail.view is not None and win.detail.view.status == "received", timeout=10000
    )
    actions = [win.detail.timeline.item(r, 2).text() for r in range(win.detail.timeline.rowCount())]
    assert "一次性告知补正" in actions and actions[-1] == "补正后重新提交"
    last = win.detail.timeline.item(win.detail.timeline.rowCount() - 1, 3).text()
    assert (
        "已补交：居民身份证（国徽面）" in last and "已更正：手机号码" in last and "受理时限重新计算至" in last
    )
    assert "需补正" not in win.detail.reason_label.text()
    _shot(win, "03_detail_resubmitted.png")
    close_window(win, runner)


def test_an_expired_correction_shows_as_withdrawn_after_the_check_at_start(qtbot, demo_ctx, clerk):
    from app.services import corrections
    from app.ui.open_checks import run_open_checks

    app, win, runner, detail = _correction(qtbot, demo_ctx, clerk)
    deadline = detail.view.due_on
    fixed_clock(demo_ctx, datetime.combine(deadline + timedelta(days=1), NOW.time()))
    run_open_checks(win, demo_ctx, runner, clerk)
    wait_idle(qtbot, runner)
    assert "逾期未补正" in win.statusBar().currentMessage() and app.number in win.statusBar().currentMessage()
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    assert win.detail.status_label.text() == "已撤回"
    assert "逾期未补正，视为撤回申请" in win.detail.reason_label.text()
    assert win.detail.action_buttons == {}
    actions = [win.detail.timeline.item(r, 2).text() for r in range(win.detail.timeline.rowCount())]
    assert "逾期未补正（视为撤回）" in actions
    _shot(win, "04_detail_lapsed.png")
    close_window(win, runner)
    assert corrections.lapse_overdue(demo_ctx, clerk) == []
