"""Dialogs of the users screen: new account, password reset, role change. They validate before closing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Role
from app.ui.dialog_parts import button_row, error_label
from app.ui.labels import role_name


def _role_combo(current: str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("roleCombo")
    for role in Role:
        combo.addItem(role_name(role), role.value)
    if current:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class FormDialog(QDialog):
    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label("dialogError")
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(self.tr("确定（回车）"))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setToolTip(self.tr("取消（Esc）"))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        row = button_row(self.cancel_button, self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.setMinimumWidth(420)

    def fail(self, text: str, field: QWidget | None = None) -> None:
        """Show a problem and keep the dialog open with everything typed (also used for service errors)."""
        self.error.setText(text)
        if field is not None:
            field.setFocus()


def _password_pair(dialog: FormDialog) -> tuple[QLineEdit, QLineEdit]:
    password = QLineEdit()
    password.setObjectName("passwordEdit")
    password.setEchoMode(QLineEdit.EchoMode.Password)
    password.setPlaceholderText(dialog.tr("至少8位，须同时包含字母和数字"))
    again = QLineEdit()
    again.setObjectName("passwordAgainEdit")
    again.setEchoMode(QLineEdit.EchoMode.Password)
    dialog.form.addRow(dialog.tr("初始密码"), password)
    dialog.form.addRow(dialog.tr("再次输入"), again)
    return password, again


class CreateUserDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("新建用户"), self.tr("创建"), parent)
        self.setObjectName("createUserDialog")
        self.username = QLineEdit()
        self.username.setObjectName("usernameEdit")
        self.username.setPlaceholderText(self.tr("字母、数字、下划线，例如 zhangsan01"))
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayNameEdit")
        self.role = _role_combo("clerk")
        self.form.addRow(self.tr("用户名"), self.username)
        self.form.addRow(self.tr("姓名"), self.display_name)
        self.form.addRow(self.tr("角色"), self.role)
        self.password, self.again = _password_pair(self)
        hint = QLabel(self.tr("新用户首次登录后应修改密码。"))
        hint.setStyleSheet("color: #555;")
        self.form.addRow("", hint)

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.username.text().strip(),
            self.display_name.text().strip(),
            self.role.currentData(),
            self.password.text(),
        )

    def accept(self) -> None:
        if not self.username.text().strip():
            self.fail(self.tr("请填写用户名。"), self.username)
        elif not self.display_name.text().strip():
            self.fail(self.tr("请填写姓名。"), self.display_name)
        elif self.password.text() != self.again.text():
            self.fail(self.tr("两次输入的密码不一致。"), self.again)
        else:
            self.error.clear()
            super().accept()


class ResetPasswordDialog(FormDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重置密码"), self.tr("重置"), parent)
        self.setObjectName("resetPasswordDialog")
        self.form.addRow(self.tr("用户"), QLabel(username))
        self.password, self.again = _password_pair(self)

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.fail(self.tr("两次输入的密码不一致。"), self.again)
        elif not self.password.text():
            self.fail(self.tr("请输入新密码。"), self.password)
        else:
            super().accept()


class RoleDialog(FormDialog):
    def __init__(self, username: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("修改角色"), self.tr("保存"), parent)
        self.setObjectName("roleDialog")
        self.form.addRow(self.tr("用户"), QLabel(username))
        self.role = _role_combo(current)
        self.form.addRow(self.tr("角色"), self.role)
