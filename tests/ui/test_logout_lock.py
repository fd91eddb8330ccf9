"""退出登录 / 切换用户 and a lock screen that covers everything (issue 10, item 5)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.services import intake
from app.ui.intake.workspace import STEP_FORM
from app.ui.main import DesktopSession
from tests.ui.shell_support import close_window, make_window, post_text, received_application, wait_idle

PNG_DIR = Path("/tmp/i10b_png")


def _screen() -> QImage:
    """Everything on the (offscreen) screen, composed from every window as the user would see it."""
    QApplication.processEvents()
    return QGuiApplication.primaryScreen().grabWindow(0).toImage()


def test_lock_screen_covers_every_window_so_nothing_behind_is_readable(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    # A second window of the program on top, showing the applicant's ID number (e.g. a message box).
    box = QMessageBox(
        QMessageBox.Icon.Information, "提示", f"{app.applicant_name} {app.id_number}", parent=win
    )
    box.setModal(False)
    box.show()
    qtbot.waitExposed(box)
    before = _screen()
    PNG_DIR.mkdir(exist_ok=True)
    before.save(str(PNG_DIR / "before_lock.png"))
    win.lock_action.trigger()
    lock = win.lock_dialog
    qtbot.waitExposed(lock)
    covered = _screen()
    covered.save(str(PNG_DIR / "locked_screen.png"))
    assert covered != before
    # The lock's geometry holds the main window and the message box entirely ...
    for other in (win, box):
        assert lock.geometry().contains(other.frameGeometry()), other
    # ... and what the screen shows is the lock screen alone: change what is behind it, the screen stays the same.
    win.detail.findChild(QLabel).setText("变化的内容")
    box.setText("另一个人 410105198001010012")
    assert _screen() == covered
    shown = lock.grab().toImage().copy(0, 0, covered.width(), covered.height())
    assert shown.convertToFormat(covered.format()) == covered
    texts = " ".join(w.text() for w in lock.findChildren(QLabel))
    assert app.applicant_name not in texts and app.id_number not in texts
    lock.password.setText("Clerk1234")
    qtbot.mouseClick(lock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.is_locked(), timeout=10_000)
    assert win.detail.isVisible()  # unlocking brings back what was there
    box.close()
    close_window(win, runner)


def test_switch_user_saves_the_open_draft_and_returns_to_login_without_quitting(qtbot, demo_ctx):
    session = DesktopSession(demo_ctx.data_dir)
    login = session.start()
    qtbot.waitUntil(lambda: session.ctx is not None, timeout=20_000)
    login.username.setText("clerk01")
    login.password.setText("Clerk1234")
    with qtbot.waitSignal(session.main_window_ready, timeout=20_000) as got:
        login.submit()
    win = got.args[0]
    assert "Ctrl+Shift+U" in win.switch_user_action.toolTip()
    assert "Ctrl+Shift+Q" in win.logout_action.toolTip()
    menu_texts = [a.text() for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "切换用户" in menu_texts and "退出登录" in menu_texts
    screen = win.open_intake(item_code="AG-FIRST")
    qtbot.waitUntil(lambda: screen.uuid is not None and screen.work is not None, timeout=20_000)
    screen.work.go(STEP_FORM)
    name = screen.work.form.editors["name"].input
    name.setFocus()
    post_text(name, "欧阳娜娜")
    qtbot.waitUntil(lambda: name.text() == "欧阳娜娜", timeout=5000)
    uuid = screen.uuid
    from app.ui.printing import signer

    signer._UNLOCKED[("HN-DEMO-01", "sup01")] = (
        object()
    )  # a key the supervisor unlocked earlier in the session
    quit_called: list[bool] = []
    QApplication.instance().aboutToQuit.connect(lambda: quit_called.append(True))
    with qtbot.waitSignal(session.logged_out, timeout=20_000):
        win.switch_user_action.trigger()
    assert session.window is None and not win.isVisible()
    assert session.login is not None and session.login.isVisible() and session.login is not login
    assert not quit_called
    assert not signer._UNLOCKED  # unlocked signing keys are forgotten with the user
    # What was typed is in the store, as a draft of clerk01 (the journal alone would only be on this PC).
    view = intake.get(session.ctx, uuid)
    assert view.form.get("name") == "欧阳娜娜" and view.status == "draft"
    session.login.username.setText("sup01")
    session.login.password.setText("Super1234")
    with qtbot.waitSignal(session.main_window_ready, timeout=20_000) as again:
        session.login.submit()
    assert again.args[0].actor.username == "sup01"
    session.shutdown()
    QApplication.processEvents()


def test_lock_screen_offers_switch_user(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.lock()
    with qtbot.waitSignal(win.logout_requested, timeout=10_000):
        qtbot.mouseClick(win.lock_dialog.switch_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    close_window(win, runner)
