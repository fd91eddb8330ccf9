"""An account an administrator created (or reset) must choose its own password before the window opens."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import users
from app.ui.main import DesktopSession
from app.ui.password_dialog import PasswordChangeDialog
from tests.conftest import ADMIN


def test_new_account_changes_password_before_the_window_opens(qtbot, demo_ctx):
    users.create_user(demo_ctx, ADMIN, "clerk55", "孙倩", "clerk", "Temp12345")
    session = DesktopSession(demo_ctx.data_dir)
    login = session.start()
    qtbot.waitUntil(lambda: session.ctx is not None, timeout=20000)
    login.username.setText("clerk55")
    login.password.setText("Temp12345")
    login.submit()
    qtbot.waitUntil(lambda: session.password_dialog is not None, timeout=20000)
    dialog = session.password_dialog
    assert isinstance(dialog, PasswordChangeDialog)
    assert session.window is None
    dialog.old.setText("Temp12345")
    dialog.new.setText("Mine98765")
    dialog.again.setText("Mine98765")
    dialog.submit()
    qtbot.waitUntil(lambda: session.window is not None, timeout=20000)
    assert session.window.actor.username == "clerk55"
    assert users.authenticate(demo_ctx, "clerk55", "Mine98765").must_change_password is False
    session.shutdown()
    session.window.close()  # a window left open keeps its application-wide shortcuts (F2) for later tests
    QApplication.processEvents()
