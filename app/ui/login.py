"""Login (登录): offline against the local accounts; the check runs on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialog_parts import button_row
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the login window must appear before the store's modules are imported
    from app.services.users import UserView


class LoginDialog(QDialog):
    """Emits `logged_in(UserView)`; wrong credentials keep the dialog open with the reason and the fix."""

    logged_in = Signal(object)
    failed = Signal()  # the check refused the login (the reason is shown in the dialog)

    def __init__(
        self,
        runner: TaskRunner,
        authenticate: Callable[[str, str], UserView],
        parent: QWidget | None = None,
        *,
        workstation_text: str = "",
        begin_check: Callable[[str, str], None] | None = None,
    ) -> None:
        """`begin_check(username, password)` runs on this thread at Enter, before `authenticate` is queued on the
        database worker (the desktop session starts the Argon2id check there, docs/DESIGN.md)."""
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self._runner = runner
        self._authenticate = authenticate
        self._begin_check = begin_check
        self.checking = False  # a login is being checked on the runner
        self.user: UserView | None = None
        self.setWindowTitle(self.tr("登录 — 建设从业人员考核窗口受理系统"))
        title = QLabel(self.tr("建设从业人员考核窗口受理系统"))
        title.setStyleSheet("font-size: 17pt; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(workstation_text or self.tr("本机离线登录，使用本单位分配的账号"))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setObjectName("loginSubtitle")
        self.subtitle = subtitle
        self.username = QLineEdit()
        self.username.setObjectName("loginUsername")
        self.username.setPlaceholderText(self.tr("例如 clerk01"))
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("区分大小写"))
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        self.status = QLabel("")
        self.status.setObjectName("loginStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(40)
        self.login_button = QPushButton(self.tr("登录"))
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.login_button.setToolTip(self.tr("登录（回车）"))
        self.quit_button = QPushButton(self.tr("退出"))
        self.quit_button.setToolTip(self.tr("退出程序（Esc）"))
        self.login_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        buttons = button_row(self.quit_button, self.login_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setTabOrder(self.username, self.password)
        self.setTabOrder(self.password, self.login_button)
        self.setMinimumWidth(460)
        self.username.setFocus()

    def set_preparing(self, text: str) -> None:
        """First start: say what is being prepared; a login typed meanwhile waits for it on the runner."""
        self.status.setStyleSheet("color: #555;")
        self.status.setText(text)

    def submit(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self._show_problem(self.tr("请输入用户名。"), self.username)
            return
        if not password:
            self._show_problem(self.tr("请输入密码。"), self.password)
            return
        self.login_button.setEnabled(False)
        self.checking = True
        self.status.setStyleSheet("color: #555;")
        self.status.setText(self.tr("正在登录…"))
        if self._begin_check is not None:
            self._begin_check(username, password)
        auth = self._authenticate
        self._runner.run_db(lambda: auth(username, password), self._on_ok, self._on_error, name="login")

    def _show_problem(self, text: str, field: QLineEdit) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
        field.setFocus()

    def _on_ok(self, user: UserView) -> None:
        self.checking = False
        self.user = user
        self.login_button.setEnabled(True)
        self.status.clear()
        self.logged_in.emit(user)
        self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self.checking = False
        self.login_button.setEnabled(True)
        message, fix = error_text(exc)
        self._show_problem(message + ("\n" + fix if fix else ""), self.password)
        self.password.selectAll()
        self.failed.emit()
