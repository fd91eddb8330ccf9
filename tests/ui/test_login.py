"""Login: offline against the local accounts, clear Chinese errors, first start prepared in the background."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import users
from app.ui.login import LoginDialog
from app.ui.main import DesktopSession
from app.ui.tasks import TaskRunner


def _dialog(qtbot, ctx):
    runner = TaskRunner()
    dialog = LoginDialog(runner, lambda u, p: users.authenticate(ctx, u, p))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, runner


def test_login_success_emits_the_user(qtbot, demo_ctx):
    dialog, runner = _dialog(qtbot, demo_ctx)
    dialog.username.setText("clerk01")
    dialog.password.setText("Clerk1234")
    with qtbot.waitSignal(dialog.logged_in, timeout=10_000) as got:
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    user = got.args[0]
    assert (user.username, user.role, user.display_name) == ("clerk01", "clerk", "张敏")
    assert not dialog.isVisible()
    runner.shutdown()


def test_wrong_password_keeps_dialog_open_with_chinese_message(qtbot, demo_ctx):
    dialog, runner = _dialog(qtbot, demo_ctx)
    dialog.username.setText("clerk01")
    dialog.password.setText("wrong-password1")
    dialog.submit()
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.status.text(), timeout=10_000)
    assert "联系管理员" in dialog.status.text()
    assert dialog.isVisible() and dialog.user is None
    assert dialog.username.text() == "clerk01"  # nothing typed is thrown away
    runner.shutdown()


def test_empty_fields_are_named(qtbot, demo_ctx):
    dialog, runner = _dialog(qtbot, demo_ctx)
    dialog.submit()
    assert dialog.status.text() == "请输入用户名。"
    dialog.username.setText("clerk01")
    dialog.submit()
    assert dialog.status.text() == "请输入密码。"
    assert runner.pending == 0
    runner.shutdown()


def test_disabled_account_is_refused(qtbot, demo_ctx, admin):
    users.set_active(demo_ctx, admin, "clerk02", False)
    dialog, runner = _dialog(qtbot, demo_ctx)
    dialog.username.setText("clerk02")
    dialog.password.setText("Clerk1234")
    dialog.submit()
    qtbot.waitUntil(lambda: "已停用" in dialog.status.text(), timeout=10_000)
    runner.shutdown()


def test_first_start_in_background_then_login_opens_main_window(qtbot, tmp_path):
    session = DesktopSession(tmp_path / "fresh", persons=60, demo=True)
    login = session.start()
    qtbot.addWidget(login)
    assert "首次启动" in login.status.text()
    # Typed while the first-start data is still being prepared: the login waits for it on the runner.
    login.username.setText("clerk01")
    login.password.setText("Clerk1234")
    login.submit()
    with qtbot.waitSignal(session.main_window_ready, timeout=60_000) as got:
        pass
    window = got.args[0]
    qtbot.addWidget(window)
    assert window.actor.username == "clerk01"
    assert window.isVisible()
    qtbot.waitUntil(lambda: session.runner.pending == 0, timeout=10_000)
    # A first start brings applications in the statuses of a normal day: the supervisor's queue is not empty.
    from app.services import search

    assert session.ctx is not None
    rows = search.page(session.ctx, search.Filters(), offset=0, limit=100)
    statuses = {r["status"] for r in rows}
    assert {"received", "accepted"} <= statuses
    assert {r["created_by"] for r in rows} == {"clerk01"}
    session.shutdown()
