"""The shell: screen registry by role, shortcuts in tooltips, sync trigger, intake integration, back navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.shell_support import close_window, make_window, received_application, wait_idle


def test_registered_screens_follow_roles_and_get_shortcuts(qtbot, demo_ctx, clerk, supervisor):
    built: list[str] = []

    def factory() -> QWidget:
        built.append("review")
        return QLabel("审核工作台")

    win, runner = make_window(qtbot, demo_ctx, supervisor)
    assert win.add_screen("review", "审核工作台", factory, roles=("supervisor", "admin"))
    assert built == []  # built on first show only
    item = win.nav.item(win.nav.count() - 1)
    # The next free Ctrl+number after the screens a supervisor already has.
    assert item.text() == "审核工作台" and f"Ctrl+{win.nav.count()}" in item.toolTip()
    action = win.findChild(type(win.lock_action), "screen_review")
    action.trigger()
    assert built == ["review"] and win.current_screen().text() == "审核工作台"
    close_window(win, runner)

    win, runner = make_window(qtbot, demo_ctx, clerk)
    assert not win.add_screen("review", "审核工作台", factory, roles=("supervisor", "admin"))
    assert win.screen("review") is None
    assert "审核工作台" not in [win.nav.item(i).text() for i in range(win.nav.count())]
    close_window(win, runner)


def test_every_action_tooltip_names_its_shortcut(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    expected = {
        win.new_action: "F2",
        win.search_action: "F3",
        win.refresh_action: "F5",
        win.sync_action: "Ctrl+Shift+S",
        win.lock_action: "Ctrl+L",
    }
    for action, key in expected.items():
        assert key in action.toolTip(), action.text()
    assert "Ctrl+1" in win.nav.item(0).toolTip() and "Ctrl+2" in win.nav.item(1).toolTip()
    close_window(win, runner)


def test_sync_trigger(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    assert not win.sync_action.isEnabled()
    calls: list[int] = []
    win.set_sync_trigger(lambda: calls.append(1))
    assert win.sync_action.isEnabled()
    win.sync_action.trigger()
    assert calls == [1]
    close_window(win, runner)


def test_f3_search_and_back(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.search_action.trigger()
    screen = win.current_screen()
    assert screen.objectName() == "applicationsScreen" and screen.text.hasFocus()
    wait_idle(qtbot, runner)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    assert win.current_screen() is win.detail
    win.back_action.trigger()
    assert win.current_screen() is screen
    close_window(win, runner)


def test_f2_opens_intake_when_installed(qtbot, demo_ctx, clerk, supervisor):
    win, runner = make_window(qtbot, demo_ctx, supervisor)
    assert not win.new_action.isVisible() and win.open_intake() is None  # not a counter role
    close_window(win, runner)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    if win.intake_available():
        from app.ui.intake.screen import IntakeScreen

        win.new_action.trigger()
        assert isinstance(win.current_screen(), IntakeScreen)
        assert win.intake.property("scannerPassthrough")  # scans fill its fields (提取) instead
        again = win.open_intake()
        assert again is win.intake  # F2 again shows the same one, nothing typed is lost
        win.intake.cancelled.emit()
        assert win.intake is None
    wait_idle(qtbot, runner)
    close_window(win, runner)


def test_registering_a_screen_twice_keeps_one_entry(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    count = win.nav.count()
    assert win.add_screen("admin_users", "用户管理", lambda: QLabel("x"), roles=("admin",))
    assert win.nav.count() == count
    close_window(win, runner)


def test_closing_with_entries_pending_warns(qtbot, demo_ctx, clerk):
    from PySide6.QtWidgets import QMessageBox

    received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    synced: list[int] = []
    win.set_sync_trigger(lambda: synced.append(1))
    win.status.refresh()
    wait_idle(qtbot, runner)
    assert win.status.snapshot.pending > 0
    win.close()
    box = win.findChild(QMessageBox, "closeWarning")
    assert win.isVisible() and box is not None and box.isVisible()
    assert str(win.status.snapshot.pending) in box.text()
    next(b for b in box.buttons() if b.text() == "立即同步，不退出").click()
    assert synced == [1] and win.isVisible()  # 立即同步 keeps the window
    win.close()
    box = win.close_warning
    next(b for b in box.buttons() if b.text() == "仍然退出").click()
    assert not win.isVisible()
    close_window(win, runner)


def test_a_shut_down_window_closes_without_asking(qtbot, demo_ctx, clerk):
    received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.set_sync_trigger(lambda: None)
    win.status.refresh()
    wait_idle(qtbot, runner)
    close_window(win, runner)  # the session ended (as at log-out or quit): nothing is left to warn about
    win.close()
    assert not win.isVisible()


def test_the_side_menu_marks_the_view_on_show_and_a_click_always_gets_there(qtbot, demo_ctx, clerk):
    from PySide6.QtCore import Qt

    win, runner = make_window(qtbot, demo_ctx, clerk)
    nav_key = lambda: win.nav.currentItem().data(Qt.ItemDataRole.UserRole) if win.nav.currentItem() else None  # noqa: E731
    assert nav_key() == "today"
    win.new_action.trigger()  # F2: 新建申请 is not in the side menu, so nothing there is marked
    intake = win.current_screen()
    assert intake is win.intake and nav_key() is None
    today = win.screen("today")
    item = next(
        win.nav.item(i)
        for i in range(win.nav.count())
        if win.nav.item(i).data(Qt.ItemDataRole.UserRole) == "today"
    )
    rect = win.nav.visualItemRect(item)
    qtbot.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_screen() is today and nav_key() == "today"  # one click on 今日工作台 gets there
    win.back_action.trigger()
    assert win.current_screen() is intake and nav_key() is None  # back to the form, typed fields intact
    win.search_action.trigger()  # F3
    assert nav_key() == "applications"
    wait_idle(qtbot, runner)
    win.intake.cancelled.emit()
    close_window(win, runner)
