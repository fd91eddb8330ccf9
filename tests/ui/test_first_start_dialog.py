"""The window on an empty store that is not a demo: the administrator chooses a password first (issue 10, 8)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.services import users
from app.ui.first_start import FirstStartDialog
from app.ui.main import DesktopSession


def test_empty_real_store_asks_for_the_admin_password_then_logs_in(qtbot, tmp_path: Path):
    session = DesktopSession(tmp_path / "real", persons=20)
    login = session.start()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: session.first_start_dialog is not None, timeout=30_000)
    dialog = session.first_start_dialog
    assert isinstance(dialog, FirstStartDialog) and dialog.isVisible()
    assert not login.login_button.isEnabled()
    assert users.list_users(session.ctx) == []
    dialog.grab().save("/tmp/i10b_png/first_start.png")
    dialog.reject()  # Esc does not skip it
    assert dialog.isVisible()
    dialog.password.setText("Own98765pass")
    dialog.again.setText("Own98765pas")
    dialog.submit()
    assert "不一致" in dialog.error.text()
    dialog.password.setText("weak")
    dialog.again.setText("weak")
    dialog.submit()
    qtbot.waitUntil(lambda: "8" in dialog.error.text() or "密码" in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible() and users.list_users(session.ctx) == []
    dialog.password.setText("Own98765pass")
    dialog.again.setText("Own98765pass")
    with qtbot.waitSignal(dialog.created, timeout=30_000):
        dialog.submit()
    assert [u.username for u in users.list_users(session.ctx)] == ["admin"]
    assert login.username.text() == "admin" and login.login_button.isEnabled()
    login.password.setText("Own98765pass")
    with qtbot.waitSignal(session.main_window_ready, timeout=30_000) as got:
        login.submit()
    assert got.args[0].actor.role == "admin"
    session.shutdown()
    QApplication.processEvents()
