"""首次启动（正式使用）: an empty store that is not a demo store asks the administrator to choose their own
password; no account exists until then and no built-in password is ever created."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.ui.dialog_parts import button_row, error_label
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

_ERROR_STYLE = "border: 1px solid #b00020;"


class FirstStartDialog(QDialog):
    """`created(str)` with the administrator's user name once the account exists; `rejected` quits the program.

    `create(password)` runs on the database worker and raises a DomainError (e.g. a weak password) that the
    dialog shows beside the field, keeping what was typed."""

    created = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        create: Callable[[str], str],
        parent: QWidget | None = None,
        *,
        location: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartDialog")
        self._runner, self._create = runner, create
        self.setWindowTitle(self.tr("首次启动 — 设置管理员密码"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setModal(True)
        heading = QLabel(
            self.tr(
                "本机数据库是新建的正式库，还没有任何账号。请为管理员（admin）设置只有您自己知道的密码，"
                "然后用它登录，在 系统管理 → 用户管理 中为窗口人员创建账号，在 工作站设置 中填写本单位信息。"
            )
        )
        heading.setWordWrap(True)
        heading.setObjectName("firstStartHeading")
        where = QLabel(location)
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")
        self.password = self._edit("adminPasswordEdit", self.tr("至少8位，须同时包含字母和数字"))
        self.again = self._edit("adminPasswordAgainEdit", self.tr("再输入一次"))
        form = QFormLayout()
        form.addRow(self.tr("管理员用户名"), QLabel("admin"))
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("确认密码"), self.again)
        self.error = error_label("firstStartError")
        self.ok_button = QPushButton(self.tr("创建管理员"))
        self.ok_button.setObjectName("firstStartOk")
        self.ok_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("退出程序"))
        self.ok_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self._quit)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(button_row(self.quit_button, self.ok_button))
        self.setMinimumWidth(520)
        self.password.setFocus()

    def _edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(placeholder)
        return edit

    def reject(self) -> None:
        """Esc does not skip the first start: there is no other way to get an account."""

    def _quit(self) -> None:
        super().reject()

    def submit(self) -> None:
        password = self.password.text()
        if not password:
            self._problem(self.password, self.tr("请输入管理员密码。"))
            return
        if self.again.text() != password:
            self._problem(self.again, self.tr("两次输入的密码不一致，请在“确认密码”中重新输入。"))
            return
        self.ok_button.setEnabled(False)
        self.error.setText(self.tr("正在创建管理员账号…"))
        create = self._create
        self._runner.run_db(lambda: create(password), self._done, self._failed, name="firststart")

    def _problem(self, field: QLineEdit, text: str) -> None:
        for edit in (self.password, self.again):
            edit.setStyleSheet("")
        field.setStyleSheet(_ERROR_STYLE)
        field.setFocus()
        field.selectAll()
        self.error.setText(text)

    def _done(self, username: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.clear()
        self.created.emit(username)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        message, fix = error_text(exc)
        self._problem(self.password, message + ("\n" + fix if fix else ""))
