"""Keyboard at the counter: F2 always lands in the item search; no two bindings share a key on any screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.shortcuts import bindings, collisions
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle


def _press_f2(qtbot, win) -> None:
    target = QApplication.focusWidget() or win
    QTest.keyClick(target, Qt.Key.Key_F2)
    qtbot.wait(20)


def test_f2_lands_in_item_search_from_anywhere(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    # After clicking the side bar: the list has the focus.
    rect = win.nav.visualItemRect(win.nav.item(1))
    QTest.mouseClick(win.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _press_f2(qtbot, win)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.intake.picker.search, timeout=3000)
    # Esc leaves the intake; after a menu opened with Alt and closed with Esc, F2 again.
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    wait_idle(qtbot, runner)
    win.nav.setFocus()
    win.menuBar().actions()[0].menu().popup(win.mapToGlobal(win.rect().topLeft()))
    qtbot.wait(20)
    win.menuBar().actions()[0].menu().close()
    win.nav.setFocus()
    _press_f2(qtbot, win)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.intake.picker.search, timeout=3000)
    close_window(win, runner)


def test_f2_after_the_detail_screen(qtbot, demo_ctx, clerk):
    view = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win.open_application(view.uuid)  # where the receipt leaves the clerk after Esc
    wait_idle(qtbot, runner)
    win.detail.back_button.setFocus()
    _press_f2(qtbot, win)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.intake.picker.search, timeout=3000)
    close_window(win, runner)


def _assert_no_collisions(qtbot, win, where: str) -> None:
    for _ in range(3):
        QApplication.processEvents()
    found = collisions(win)
    assert not found, f"{where}: {found}"


def test_no_two_bindings_share_a_key_on_any_screen(qtbot, demo_ctx, clerk, supervisor, admin):
    received = received_application(demo_ctx, clerk)
    for actor in (clerk, supervisor, admin):
        win, runner = make_window(qtbot, demo_ctx, actor)
        for key in win.visible_screens():
            win.show_screen(key)
            wait_idle(qtbot, runner)
            _assert_no_collisions(qtbot, win, f"{actor.role} {key}")
        win.open_application(received.uuid)  # the moves the status and role allow, with their Alt letters
        wait_idle(qtbot, runner)
        assert win.detail.action_buttons or actor.role == "supervisor"
        _assert_no_collisions(qtbot, win, f"{actor.role} detail")
        if actor.role == "clerk":
            screen = win.open_intake()
            _assert_no_collisions(qtbot, win, "intake picker")
            screen.choose_item("AG-RENEW")
            wait_idle(qtbot, runner)
            for step in range(screen.work.tabs.count()):
                screen.work.go(step)
                _assert_no_collisions(qtbot, win, f"intake step {step}")
        close_window(win, runner)


def test_the_accept_button_owns_alt_a(qtbot, demo_ctx, clerk):
    received = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.open_application(received.uuid)
    wait_idle(qtbot, runner)
    found = bindings(win)
    assert [b.owner for b in found if b.key == "Alt+A"] == ["button 受理(&A)"]
    assert [b.owner for b in found if b.key == "Alt+W"] == ["button 撤回(&W)"]
    close_window(win, runner)
