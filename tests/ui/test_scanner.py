"""Scanner input: a fast burst ending in Enter opens the record; typing at human speed is left alone."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit

from app.ui.scanner import CodeKind, classify
from tests.ui.shell_support import (
    close_window,
    make_window,
    post_enter,
    post_text,
    received_application,
    wait_idle,
)


def test_classify_codes():
    assert classify("41000020261123010001") is CodeKind.APPLICATION
    assert classify("41010519860517463X") is CodeKind.ID_NUMBER
    assert classify("CD1:eyJuIjoiMSJ9.abc") is CodeKind.CERTIFICATE
    assert (
        classify("HTTPS://ZS.HNJS.GOV.CN/V/CD1:ABCDEF") is CodeKind.CERTIFICATE
    )  # the address form (issue 12)
    assert classify("https://example.com/cert?id=1") is None
    assert classify("豫建安C2（2024）0001001") is CodeKind.CERTIFICATE
    assert classify("豫A012026000001") is CodeKind.CERTIFICATE
    assert classify("hello world 123") is None


def test_scanned_application_number_opens_it(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.show_screen("applications")
    search_box = win.current_screen().text
    search_box.setFocus()
    qtbot.waitUntil(search_box.hasFocus)
    with qtbot.waitSignal(win.application_opened, timeout=5000) as opened:
        post_text(search_box, app.number)
        post_enter(search_box)
    assert opened.args == [app.uuid]
    wait_idle(qtbot, runner)
    assert win.current_screen() is win.detail and win.detail.view.number == app.number
    assert search_box.text() == ""  # the scan did not land in the focused field
    close_window(win, runner)


def test_slow_typing_is_not_a_scan(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.show_screen("applications")
    box = win.current_screen().text
    box.setFocus()
    opened: list[str] = []
    win.application_opened.connect(opened.append)
    for ch in app.number:
        post_text(box, ch)
        qtbot.wait(60)  # a person types far slower than a scanner
    post_enter(box)
    qtbot.wait(100)
    wait_idle(qtbot, runner)
    assert box.text() == app.number
    assert opened == [app.uuid]  # Enter in the search box opens the single hit, as typed
    close_window(win, runner)


def test_unknown_burst_is_replayed_into_the_field(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    edit = QLineEdit(win)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    entered: list[str] = []
    edit.returnPressed.connect(lambda: entered.append(edit.text()))
    post_text(edit, "not a code at all 123")
    post_enter(edit)
    qtbot.waitUntil(lambda: entered == ["not a code at all 123"], timeout=3000)
    post_text(edit, "张三")  # short input: replayed after the hold time
    qtbot.waitUntil(lambda: edit.text().endswith("张三"), timeout=3000)
    close_window(win, runner)


def test_scanned_id_number_lists_its_applications(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.current_screen().setFocus()
    post_text(win.current_screen(), app.id_number)
    post_enter(win.current_screen())
    qtbot.waitUntil(lambda: win.current_screen().objectName() == "applicationsScreen", timeout=5000)
    wait_idle(qtbot, runner)
    screen = win.current_screen()
    assert screen.text.text() == app.id_number
    assert screen.model.rowCount() == 1 and screen.model.row(0)["uuid"] == app.uuid
    close_window(win, runner)


def test_certificate_payload_is_signalled(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    target = QApplication.focusWidget() or win  # a real keyboard types into whatever has focus
    with qtbot.waitSignal(win.certificate_scanned, timeout=3000) as got:
        post_text(target, "CD1:eyJuIjoi6LGr5bu65a6JQzIifQ.sig")
        post_enter(target)
    assert got.args == ["CD1:eyJuIjoi6LGr5bu65a6JQzIifQ.sig"]
    close_window(win, runner)


def test_passthrough_field_receives_scans_as_typing(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    edit = QLineEdit(win)
    edit.setProperty("scannerPassthrough", True)
    edit.show()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    post_text(edit, "41010519860517463X")
    qtbot.waitUntil(lambda: edit.text() == "41010519860517463X", timeout=3000)
    assert win.current_screen().objectName() == "todayScreen"
    close_window(win, runner)
