"""Idle lock (自动锁屏): after the configured idle time (or Ctrl+L) an opaque screen covers every window of the
program and asks for the same user's password. The screens underneath stay as they are, so nothing typed is
lost, and nothing on them can be read while locked."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
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
    """An opaque, frameless, application-modal screen over every window of the program (and every screen), so
    nothing behind it (an applicant's name, an ID number, an open dialog) can be read; only the signed-in user's
    password opens it again. 切换用户 lets a colleague sign in instead: the window saves the open draft and
    goes back to the login window."""

    unlocked = Signal()
    switch_user_requested = Signal()

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
        self.setWindowFlags(
            Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "QDialog#lockDialog { background: #1f2d3d; }"
            " QFrame#lockPanel { background: #ffffff; border-radius: 8px; }"
        )
        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setFixedWidth(460)
        title = QLabel(self.tr("工作站已锁定"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        title.ensurePolished()
        title.setMinimumHeight(
            title.sizeHint().height()
        )  # the large title is never squeezed on a small screen
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
        self.switch_button = QPushButton(self.tr("切换用户"))
        self.switch_button.setObjectName("lockSwitchUser")
        self.switch_button.setToolTip(
            self.tr("保存当前用户未提交的草稿并退出登录，回到登录窗口由其他人登录（Ctrl+Shift+U）")
        )
        self.switch_button.setShortcut("Ctrl+Shift+U")
        self.switch_button.clicked.connect(self.switch_user_requested)
        for control in (self.password, self.unlock_button, self.switch_button):
            control.setMinimumHeight(control.sizeHint().height())
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        inner = QVBoxLayout(panel)
        inner.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)  # never squeezed below its content
        inner.setContentsMargins(24, 20, 24, 20)
        inner.addWidget(title)
        inner.addWidget(who)
        inner.addLayout(row)
        inner.addWidget(self.error)
        inner.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignRight)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)

    def cover(self) -> None:
        """Show over every screen and every window of the program, whatever their size and place."""
        area = QRect()
        for screen in QGuiApplication.screens():
            area = area.united(screen.virtualGeometry())
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible():
                area = area.united(widget.frameGeometry())
        self.setGeometry(area)
        # The password box sits in the middle of the screen the program's window is on.
        parent = self.parentWidget()
        handle = parent.windowHandle() if parent is not None else None
        screen = (handle.screen() if handle is not None else None) or QGuiApplication.primaryScreen()
        target = screen.geometry() if screen is not None else area
        self._layout.setContentsMargins(
            max(0, target.left() - area.left()),
            max(0, target.top() - area.top()),
            max(0, area.right() - target.right()),
            max(0, area.bottom() - target.bottom()),
        )
        self.show()
        self.raise_()
        self.activateWindow()
        self.password.setFocus()

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
