"""办件查询 finds the end of an application number and keeps the caret; a supervisor's 今日工作台 counts the
applications waiting for review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import intake, search
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle


def test_the_end_of_an_application_number_finds_it(demo_ctx, clerk):
    view = received_application(demo_ctx, clerk)
    tail = view.number[-6:]
    rows = search.page(demo_ctx, search.Filters(text=tail), offset=0, limit=10)
    assert view.uuid in [r["uuid"] for r in rows]
    assert search.count(demo_ctx, search.Filters(text=tail)) >= 1


def test_enter_keeps_the_caret_in_the_search_box(qtbot, demo_ctx, clerk):
    received_application(demo_ctx, clerk, seed=7)
    received_application(demo_ctx, clerk, "AG-RENEW", seed=8)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    screen = win.show_screen("applications")
    wait_idle(qtbot, runner)
    screen.text.setFocus()
    QTest.keyClicks(screen.text, "4100")  # more than one hit: the list shows them, the caret stays
    QTest.keyClick(screen.text, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    qtbot.wait(50)
    assert screen.model.rowCount() >= 2
    assert QApplication.focusWidget() is screen.text
    QTest.keyClick(screen.text, Qt.Key.Key_Down)  # ↓ goes into the list
    assert QApplication.focusWidget() is screen.table
    close_window(win, runner)


def test_enter_on_the_end_of_a_number_opens_the_one_hit(qtbot, demo_ctx, clerk):
    view = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    screen = win.show_screen("applications")
    wait_idle(qtbot, runner)
    screen.text.setFocus()
    with qtbot.waitSignal(win.application_opened, timeout=10_000) as opened:
        QTest.keyClicks(screen.text, view.number[-6:])
        QTest.keyClick(screen.text, Qt.Key.Key_Return)
    assert opened.args == [view.uuid]
    close_window(win, runner)


def test_supervisor_today_counts_what_waits_for_review(qtbot, demo_ctx, clerk, supervisor):
    for seed in (3, 4, 5):
        view = received_application(demo_ctx, clerk, seed=seed)
        intake.accept(demo_ctx, clerk, view.uuid, expected_version=view.version)
    win, runner = make_window(qtbot, demo_ctx, supervisor)
    today = win.show_screen("today")
    today.refresh()
    wait_idle(qtbot, runner)
    assert today.tiles["accepted"].text().startswith("3\n")
    close_window(win, runner)
