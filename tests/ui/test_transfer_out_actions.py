"""确认转出 / 撤销转出 on the detail of an approved transfer out (issue 10, item 6)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.services.scenarios import Builder
from tests.services.test_transfer_out import approved_transfer_out
from tests.ui.shell_support import close_window, make_window, wait_idle


def _answer(qtbot, detail, text: str) -> None:
    qtbot.waitUntil(
        lambda: isinstance(detail.dialog, QMessageBox) and detail.dialog.isVisible(), timeout=5000
    )
    box = detail.dialog
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


def _cert_status(ctx, number: str) -> str:
    from sqlalchemy import select

    from app.models import Certificate

    with ctx.store.read() as s:
        return s.execute(select(Certificate.status).where(Certificate.number == number)).scalar_one()


def test_supervisor_confirms_the_transfer_out_from_the_application(qtbot, demo_ctx, clerk, supervisor):
    builder = Builder(demo_ctx, seed=31)
    builder.serial = 7000
    app = approved_transfer_out(demo_ctx, clerk, supervisor, builder)
    assert _cert_status(demo_ctx, app.certificate_number) == "06"
    # A clerk sees no such action.
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    assert win.detail.transfer_out_buttons == ()
    close_window(win, runner)

    win, runner = make_window(qtbot, demo_ctx, supervisor)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    detail = win.detail
    qtbot.waitUntil(lambda: len(detail.transfer_out_buttons) == 2, timeout=10_000)
    confirm, call_off = detail.transfer_out_buttons
    assert confirm.text().startswith("确认转出") and call_off.text().startswith("撤销转出")
    assert not detail.no_action_label.isVisible()
    detail.grab().save("/tmp/i10b_png/transfer_out_detail.png")
    confirm.click()
    assert "湖北省" in detail.dialog.text() and app.certificate_number in detail.dialog.text()
    _answer(qtbot, detail, "取消")  # nothing happens
    wait_idle(qtbot, runner)
    assert _cert_status(demo_ctx, app.certificate_number) == "06"
    confirm.click()
    _answer(qtbot, detail, "确定")
    qtbot.waitUntil(lambda: _cert_status(demo_ctx, app.certificate_number) == "04", timeout=10_000)
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: detail.transfer_out_buttons == (), timeout=10_000)
    actions = [detail.timeline.item(r, 2).text() for r in range(detail.timeline.rowCount())]
    assert any(a.startswith("确认转出") for a in actions)
    close_window(win, runner)
