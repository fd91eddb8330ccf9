"""Every visible label and button of the main screens is Chinese text (through Qt's translation mechanism)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from app.ui.lock import LockDialog
from app.ui.login import LoginDialog
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle

CJK = re.compile(r"[\u4e00-\u9fff]")
# Values the clerk typed or the registry holds (numbers, dates, codes) are data, not interface text.
DATA = re.compile(r"^[\w\s:：.\-/()（）@+,]*$", re.ASCII)


def _untranslated(root: QWidget) -> list[str]:
    bad = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton):
            text = widget.text().replace("&", "").strip()
            if not text or CJK.search(text):
                continue
            if widget.property("data") or DATA.match(text) and any(c.isdigit() for c in text):
                continue
            bad.append(f"{type(widget).__name__} {widget.objectName()!r}: {text!r}")
    return bad


def test_main_screens_are_chinese(qtbot, demo_ctx, clerk, admin):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    screens = [win.current_screen(), win.show_screen("applications")]
    wait_idle(qtbot, runner)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    screens.append(win.detail)
    for screen in screens:
        assert _untranslated(screen) == [], screen.objectName()
    assert _untranslated(win.statusBar()) == []
    for action in win.actions():
        assert CJK.search(action.text()), action.objectName()
    win.lock()
    assert _untranslated(win.lock_dialog) == []
    assert isinstance(win.lock_dialog, LockDialog)
    win.lock_dialog.done(0)
    close_window(win, runner)

    win, runner = make_window(qtbot, demo_ctx, admin)
    for key in ("admin_users", "admin_settings"):
        screen = win.show_screen(key)
        wait_idle(qtbot, runner)
        assert _untranslated(screen) == [], key
    close_window(win, runner)

    login = LoginDialog(runner, lambda u, p: None)
    qtbot.addWidget(login)
    assert _untranslated(login) == []
