"""Idle lock (自动锁屏): after the configured idle time the window is covered by a dialog that asks for the same
user's password. The screens underneath stay as they are, so nothing typed is lost."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor
from app.ui.dialog_parts import error_label
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Install on the QApplication; `idle` fires once when no input arrived for `timeout_ms`."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._last = time.monotonic()
        self._fired = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._timer.start(min(1000, max(50, timeout_ms // 4)))

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self._timer.setInterval(min(1000, max(50, timeout_ms // 4)))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in _ACTIVITY:
            self._last = time.monotonic()
        return False

    def reset(self) -> None:
        self._last = time.monotonic()
        self._fired = False

    def _check(self) -> None:
        if self._fired:
            return
        if (time.monotonic() - self._last) * 1000 >= self.timeout_ms:
            self._fired = True
            self.idle.emit()

    def stop(self) -> None:
        self._timer.stop()


class LockDialog(QDialog):
    """Modal over the main window; only the signed-in user's password opens it again."""

    unlocked = Signal()

    def __init__(
        self,
        actor: Actor,
        runner: TaskRunner,
        check_password: Callable[[str, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self._actor = actor
        self._runner = runner
        self._check = check_password
        self.setWindowTitle(self.tr("已锁定"))
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        title = QLabel(self.tr("工作站已锁定"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.who = who = QLabel(
            self.tr("当前用户：{name}（{user}）。请输入密码解锁，未保存的内容不会丢失。").format(
                name=actor.display_name or actor.username, user=actor.username
            )
        )
        who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("登录密码"))
        self.password.setObjectName("lockPassword")
        self.error = error_label("lockError")
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setToolTip(self.tr("输入密码后按回车解锁"))
        self.unlock_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setMinimumWidth(420)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            return  # a lock cannot be dismissed without the password
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Closing the lock without the password is not possible."""

    def _submit(self) -> None:
        password = self.password.text()
        if not password:
            self.error.setText(self.tr("请输入密码。"))
            return
        self.unlock_button.setEnabled(False)
        self.error.setText(self.tr("正在核对…"))
        username = self._actor.username
        self._runner.run_db(
            lambda: self._check(username, password), self._on_ok, self._on_error, name="lock.unlock"
        )

    def _on_ok(self, _result: object) -> None:
        self.password.clear()
        self.error.clear()
        self.unlock_button.setEnabled(True)
        self.unlocked.emit()
        self.done(QDialog.DialogCode.Accepted)

    def _on_error(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self.error.setText(message + ("\n" + fix if fix else ""))
        self.password.selectAll()
        self.password.setFocus()
        self.unlock_button.setEnabled(True)
