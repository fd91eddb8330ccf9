"""修改密码: forced after login for new and reset accounts, and voluntary from the 账户 menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel

from app.domain.errors import DomainError
from app.services import users
from app.ui.password_dialog import PasswordChangeDialog, add_password_action
from app.ui.tasks import TaskRunner
from tests.ui.shell_support import close_window, make_window, wait_idle
from tests.ui.test_translation import _untranslated

PNG_DIR = Path("/tmp/keys_png")
RESET = "Reset2026x"
NEW = "Qingshan2026"


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


@pytest.fixture
def reset_user(demo_ctx, admin):
    """clerk02 after the administrator reset the password: the next login must change it."""
    users.reset_password(demo_ctx, admin, "clerk02", RESET)
    user = users.authenticate(demo_ctx, "clerk02", RESET)
    assert user.must_change_password
    return user


def _forced(qtbot, ctx, user):
    runner = TaskRunner()
    dialog = PasswordChangeDialog(ctx, user, runner, forced=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, runner


def _fill(qtbot, dialog, old: str, new: str, again: str) -> None:
    for edit, text in ((dialog.old, old), (dialog.new, new), (dialog.again, again)):
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_forced_change_cannot_be_dismissed_and_clears_the_flag(qtbot, demo_ctx, reset_user):
    dialog, runner = _forced(qtbot, demo_ctx, reset_user)
    assert dialog.windowTitle() == "修改密码"
    assert "至少8位" in dialog.findChild(QLabel, "passwordRules").text()
    # Esc, the window's close and reject() all leave it open.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.close()
    assert dialog.isVisible()
    dialog.reject()
    assert dialog.isVisible() and dialog.result() == 0

    # A weak new password is refused by the service, at the new-password field.
    _fill(qtbot, dialog, RESET, "abcdefgh", "abcdefgh")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dialog.isVisible()
    assert "密码至少8位，且须同时包含字母和数字" in dialog.error.text()
    assert dialog.problem_field is dialog.new
    assert "b00020" in dialog.new.styleSheet()
    assert dialog.old.text() == RESET  # what was typed stays
    assert dialog.ok_button.isEnabled()
    PNG_DIR.mkdir(exist_ok=True)
    assert dialog.grab().save(str(PNG_DIR / "password_forced_weak.png"))

    # Mismatch and "same as old" are caught at their fields without a round trip.
    _fill(qtbot, dialog, RESET, NEW, NEW + "x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_field is dialog.again and "不一致" in dialog.error.text()
    _fill(qtbot, dialog, RESET, RESET, RESET)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_field is dialog.new and "不能与原密码相同" in dialog.error.text()
    assert runner.pending == 0

    # A wrong old password is the old field's problem.
    _fill(qtbot, dialog, "Wrong2026x", NEW, NEW)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert dialog.problem_field is dialog.old and "用户名或密码错误" in dialog.error.text()
    assert users.authenticate(demo_ctx, "clerk02", RESET).must_change_password  # nothing changed yet

    _fill(qtbot, dialog, RESET, NEW, NEW)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)  # Enter submits from the last field
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.old.text() == dialog.new.text() == ""
    user = users.authenticate(demo_ctx, "clerk02", NEW)
    assert not user.must_change_password
    with pytest.raises(DomainError) as old:
        users.authenticate(demo_ctx, "clerk02", RESET)
    assert old.value.code == "LOGIN_FAILED"
    runner.shutdown()


def test_forced_change_can_only_be_left_by_quitting(qtbot, demo_ctx, reset_user):
    dialog, runner = _forced(qtbot, demo_ctx, reset_user)
    assert dialog.cancel_button.text() == "退出程序"
    assert not dialog.windowFlags() & Qt.WindowType.WindowCloseButtonHint
    assert _untranslated(dialog) == []
    with qtbot.waitSignal(dialog.rejected, timeout=2_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert users.authenticate(demo_ctx, "clerk02", RESET).must_change_password
    runner.shutdown()


def test_voluntary_change_from_the_account_menu(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    user = users.authenticate(demo_ctx, "clerk01", "Clerk1234")
    action = add_password_action(win, demo_ctx, user, runner)
    account = next(a.menu() for a in win.menuBar().actions() if a.text() == "账户(&U)")
    assert account.actions()[0] is action and win.lock_action in account.actions()
    assert action.text() == "修改密码…"

    action.trigger()
    dialog = win.findChild(PasswordChangeDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.forced
    assert "修改您自己的登录密码" in dialog.findChild(QLabel, "passwordHeading").text()
    assert _untranslated(dialog) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # voluntary: Esc cancels
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: win.findChild(PasswordChangeDialog) is None, timeout=2_000)

    action.trigger()
    dialog = win.findChild(PasswordChangeDialog)
    PNG_DIR.mkdir(exist_ok=True)
    assert dialog.grab().save(str(PNG_DIR / "password_voluntary.png"))
    _fill(qtbot, dialog, "Clerk1234", NEW, NEW)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "密码已修改" in win.statusBar().currentMessage()
    assert not users.authenticate(demo_ctx, "clerk01", NEW).must_change_password
    close_window(win, runner)
