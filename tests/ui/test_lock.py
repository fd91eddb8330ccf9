"""Idle lock: the window locks after the idle time, asks for the same user's password, and loses nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.shell_support import close_window, make_window, post_text, wait_idle


def test_idle_lock_and_unlock_keeps_typed_text(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk, idle_lock_ms=400)
    win.show_screen("applications")
    box = win.current_screen().text
    box.setFocus()
    post_text(box, "王建")
    qtbot.waitUntil(lambda: box.text() == "王建", timeout=3000)
    qtbot.waitUntil(win.is_locked, timeout=5000)
    dialog = win.lock_dialog
    assert "张敏" in dialog.who.text()
    dialog.password.setText("not-the-password1")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.error.text(), timeout=10_000)
    assert win.is_locked()
    dialog.reject()  # Esc / close cannot dismiss the lock
    assert win.is_locked()
    dialog.password.setText("Clerk1234")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.is_locked(), timeout=10_000)
    assert box.text() == "王建"
    assert win.current_screen().objectName() == "applicationsScreen"
    wait_idle(qtbot, runner)
    close_window(win, runner)


def test_ctrl_l_locks_at_once(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    assert "Ctrl+L" in win.lock_action.toolTip()
    win.lock_action.trigger()
    assert win.is_locked()
    win.lock_dialog.password.setText("Clerk1234")
    win.lock_dialog.password.returnPressed.emit()
    qtbot.waitUntil(lambda: not win.is_locked(), timeout=10_000)
    close_window(win, runner)


def test_idle_time_comes_from_settings(qtbot, demo_ctx, clerk, admin):
    from app.services import settings

    settings.put(demo_ctx, admin, "client", {"idle_lock_minutes": 3})
    win, runner = make_window(qtbot, demo_ctx, clerk, idle_lock_ms=None)
    wait_idle(qtbot, runner)
    assert win.idle.timeout_ms == 3 * 60 * 1000
    close_window(win, runner)
