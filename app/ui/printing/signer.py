"""Unlocking the signing key once per session (解锁签章密钥): the passphrase is asked once, the unlocked key is
kept only in this process's memory and forgotten when the session ends or the window locks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import DomainError
from app.services import signing_keys
from app.services.context import Actor, ServiceContext
from app.services.signing_keys import Signer
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

_UNLOCKED: dict[tuple[str, str], Signer] = {}


def _key(ctx: ServiceContext, actor: Actor) -> tuple[str, str]:
    return str(ctx.data_dir), actor.username


def cached_signer(ctx: ServiceContext, actor: Actor) -> Signer | None:
    return _UNLOCKED.get(_key(ctx, actor))


def forget_signers() -> None:
    """Drop every unlocked key (sign-out, idle lock)."""
    _UNLOCKED.clear()


class UnlockDialog(QDialog):
    """Asks for the signing key's passphrase; unlocking runs on the database worker (it is audited)."""

    def __init__(self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("解锁签章密钥"))
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.signer: Signer | None = None
        intro = QLabel(
            self.tr(
                "打印证书需要用本工作站的签章密钥为二维码签名。\n请输入签章密钥口令（本次登录期间只需输入一次）："
            )
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.setMinimumWidth(440)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_message(self) -> None:
        """A wrapped label set after the dialog was shown does not grow it by itself: make room for every line
        (the error and its fix were cut to one line)."""
        self.message.setMinimumHeight(self.message.heightForWidth(self.message.width()))
        self.layout().activate()
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def try_unlock(self) -> None:
        ctx, actor, text = self._ctx, self._actor, self.passphrase.text()
        self.ok_button.setEnabled(False)
        self.message.setText(self.tr("正在解锁…"))
        self._runner.run_db(lambda: signing_keys.unlock(ctx, actor, text), self._unlocked, self._failed)

    def _unlocked(self, signer: Signer) -> None:
        self.signer = signer
        _UNLOCKED[_key(self._ctx, self._actor)] = signer
        self.passphrase.clear()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        message, fix = error_text(exc)
        self.message.setText(f"{message}\n{fix}" if fix else message)
        self._fit_message()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if isinstance(exc, DomainError) and exc.code in ("SIGNING_KEY_MISSING", "SIGNING_ROLE"):
            self.ok_button.setEnabled(False)


def with_signer(
    parent: QWidget,
    ctx: ServiceContext,
    actor: Actor,
    runner: TaskRunner,
    then: Callable[[Signer], None],
    on_cancel: Callable[[], None] | None = None,
) -> UnlockDialog | None:
    """Call `then(signer)` at once if the key is unlocked, else after the passphrase dialog (non-blocking)."""
    signer = cached_signer(ctx, actor)
    if signer is not None:
        then(signer)
        return None
    dialog = UnlockDialog(ctx, actor, runner, parent)
    dialog.accepted.connect(lambda: then(dialog.signer) if dialog.signer else None)
    if on_cancel is not None:
        dialog.rejected.connect(on_cancel)
    dialog.open()
    return dialog
