"""修改密码: the signed-in user changes their own password, checked and saved on the task runner.

Two uses: forced right after login when the account must change its password (a new account, or a password the
administrator reset), where the dialog can only be left by changing the password or quitting the program; and
voluntarily from the 账户 menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.services import users
from app.services.context import ServiceContext
from app.services.users import UserView
from app.ui.dialog_parts import button_row, error_label
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

_ERROR_STYLE = "border: 1px solid #b00020;"
# Service refusals and the field each belongs to: a wrong old password is the old field's problem.
_FIELD_OF_CODE = {"LOGIN_FAILED": "old", "USER_LOCKED": "old", "USER_DISABLED": "old", "PASSWORD_WEAK": "new"}


class PasswordChangeDialog(QDialog):
    """`changed()` once the new password is saved. With `forced`, Esc and the close button do nothing and the
    only other way out is 退出程序, which rejects the dialog: the caller quits the program on `rejected`."""

    changed = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        user: UserView,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        forced: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordChangeDialog")
        self._ctx, self._user, self._runner = ctx, user, runner
        self.forced = forced
        self.problem_field: QLineEdit | None = None
        self.setWindowTitle(self.tr("修改密码"))
        if forced:
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
            self.setModal(True)
        heading = QLabel(
            self.tr("首次登录或密码已由管理员重置：请先设置只有您自己知道的新密码，然后才能使用本系统。")
            if forced
            else self.tr("修改您自己的登录密码。")
        )
        heading.setObjectName("passwordHeading")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;" + (" color: #8a4b00;" if forced else ""))
        who = QLabel(f"{user.display_name}（{user.username}）")
        who.setProperty("data", True)
        self.old = self._password_edit("oldPasswordEdit", self.tr("当前使用的密码"))
        self.new = self._password_edit("newPasswordEdit", self.tr("至少8位，须同时包含字母和数字"))
        self.again = self._password_edit("newPasswordAgainEdit", self.tr("再输入一次新密码"))
        form = QFormLayout()
        form.addRow(self.tr("用户"), who)
        form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再次输入新密码"), self.again)
        rules = QLabel(
            self.tr(
                "密码规则：至少{n}位，须同时包含字母和数字，区分大小写；不能与原密码相同。"
                "请勿使用身份证号、手机号或生日。"
            ).format(n=users.MIN_PASSWORD)
        )
        rules.setObjectName("passwordRules")
        rules.setWordWrap(True)
        rules.setStyleSheet("color: #555;")
        self.error = error_label("dialogError")
        self.ok_button = QPushButton(self.tr("修改密码"))
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(self.tr("保存新密码（回车）"))
        if forced:
            self.cancel_button = QPushButton(self.tr("退出程序"))
            self.cancel_button.setObjectName("quitButton")
            self.cancel_button.setToolTip(self.tr("不修改密码并退出程序"))
            self.cancel_button.clicked.connect(lambda: QDialog.reject(self))
        else:
            self.cancel_button = QPushButton(self.tr("取消"))
            self.cancel_button.setObjectName("cancelButton")
            self.cancel_button.setToolTip(self.tr("取消（Esc）"))
            self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        buttons = button_row(self.cancel_button, self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(rules)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setTabOrder(self.old, self.new)
        self.setTabOrder(self.new, self.again)
        self.setTabOrder(self.again, self.ok_button)
        self.setMinimumWidth(480)
        self.old.setFocus()

    def _password_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _t: self._clear_problem(edit))
        return edit

    def _clear_problem(self, edit: QLineEdit) -> None:
        if self.problem_field is edit:
            edit.setStyleSheet("")
            self.problem_field = None
            self.error.clear()

    def fail(self, text: str, field: QLineEdit | None = None) -> None:
        """Show the problem at its field; everything typed stays."""
        self.ok_button.setEnabled(True)
        if self.problem_field is not None:
            self.problem_field.setStyleSheet("")
        self.error.setText(text)
        self.problem_field = field
        if field is not None:
            field.setStyleSheet(_ERROR_STYLE)
            field.setFocus()
            field.selectAll()

    def reject(self) -> None:
        """Esc and the window's close button: ignored when the change is forced."""
        if not self.forced:
            super().reject()

    def accept(self) -> None:
        # The default button's Enter goes through submit(); only a saved change may accept the dialog.
        self.submit()

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        if not old:
            self.fail(self.tr("请输入原密码。"), self.old)
        elif not new:
            self.fail(self.tr("请输入新密码。"), self.new)
        elif new == old:
            self.fail(self.tr("新密码不能与原密码相同。"), self.new)
        elif new != self.again.text():
            self.fail(self.tr("两次输入的新密码不一致，请重新输入。"), self.again)
        else:
            self.error.setStyleSheet("color: #555;")
            self.error.setText(self.tr("正在保存…"))
            self.ok_button.setEnabled(False)
            ctx, actor = self._ctx, self._user.actor()
            self._runner.run_db(
                lambda: users.change_own_password(ctx, actor, old, new), self._saved, self._refused
            )

    def _saved(self, _result: object) -> None:
        for edit in (self.old, self.new, self.again):
            edit.clear()
        self.error.clear()
        self.ok_button.setEnabled(True)
        self.changed.emit()
        QDialog.accept(self)

    def _refused(self, exc: BaseException) -> None:
        self.error.setStyleSheet("color: #b00020;")
        message, fix = error_text(exc)
        where = _FIELD_OF_CODE.get(exc.code) if isinstance(exc, DomainError) else None
        field = {"old": self.old, "new": self.new}.get(where or "")
        if where == "new":
            self.again.clear()  # the pair is typed again together
        self.fail(message + ("\n" + fix if fix else ""), field)


def add_password_action(
    window: MainWindow, ctx: ServiceContext, user: UserView, runner: TaskRunner
) -> QAction:
    """修改密码… in the window's 账户 menu (the menu that holds the lock action)."""
    action = QAction(QCoreApplication.translate("PasswordChangeDialog", "修改密码…"), window)
    action.setObjectName("actionChangePassword")
    action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    action.setToolTip(QCoreApplication.translate("PasswordChangeDialog", "修改密码（Ctrl+Shift+P）"))

    def open_dialog() -> None:
        dialog = PasswordChangeDialog(ctx, user, runner, window)
        dialog.changed.connect(
            lambda: window.statusBar().showMessage(
                QCoreApplication.translate("PasswordChangeDialog", "密码已修改，下次登录请使用新密码。"), 8000
            )
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # parented to the window, which keeps it alive until it closes

    action.triggered.connect(lambda _c=False: open_dialog())
    window.addAction(action)
    menu = _account_menu(window)
    if menu is not None:
        menu.insertAction(window.lock_action, action)
    return action


def _account_menu(window: MainWindow) -> QMenu | None:
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and window.lock_action in menu.actions():
            return menu
    return None
