"""新建签章密钥: the key id and the passphrase twice, with a strength hint and the warnings an admin must read.

The dialog stays open while the key is being created: `submitted(key_id, passphrase)` asks the screen to create
it, and the screen answers with `finish()` or `fail(text, field)`, so a refusal is shown at the field with
everything typed still there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialog_parts import button_row, error_label

MIN_PASSPHRASE = 8  # app.services.signing_keys.create_key refuses anything shorter
_ERROR_STYLE = "border: 1px solid #b00020;"
_STRENGTH_COLOURS = ("#b00020", "#b00020", "#a15c00", "#1b7f3b")


def passphrase_strength(text: str) -> int:
    """0 too short, 1 weak, 2 fair, 3 strong: length and the mix of letters, digits and other characters."""
    if len(text) < MIN_PASSPHRASE:
        return 0
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isascii() or not c.isalnum() for c in text),
        )
    )
    if len(set(text)) <= 3:  # "aaaaaaaa", "12121212": long but trivially guessed
        return 1
    if len(text) >= 12 and kinds >= 3:
        return 3
    if len(text) >= 10 and kinds >= 2:
        return 2
    return 1


class NewKeyDialog(QDialog):
    """Asks for a new signing key; `existing_key_id` is the key it will replace as this workstation's key."""

    submitted = Signal(str, str)  # key id, passphrase

    def __init__(self, existing_key_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newKeyDialog")
        self.setWindowTitle(self.tr("新建签章密钥"))
        self.key_id = QLineEdit()
        self.key_id.setObjectName("keyIdEdit")
        self.key_id.setValidator(QRegularExpressionValidator(r"[A-Za-z0-9_-]{0,16}"))
        self.key_id.setPlaceholderText(self.tr("1至16位字母、数字、下划线或连字符，例如 HN-ZZ-2026A"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphraseEdit")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("至少8个字符"))
        self.again = QLineEdit()
        self.again.setObjectName("passphraseAgainEdit")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel("")
        self.strength.setObjectName("strengthLabel")
        hint = QLabel(self.tr("建议12位以上，混合大小写字母、数字和符号；也可以用一句只有自己知道的话。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(self.tr("密钥编号"), self.key_id)
        form.addRow(self.tr("口令"), self.passphrase)
        form.addRow(self.tr("再次输入口令"), self.again)
        form.addRow(self.tr("口令强度"), self.strength)
        form.addRow("", hint)
        warning_text = self.tr(
            "请务必牢记口令：口令无法找回，也没有人能替您重置。遗失口令后只能新建密钥，并把新公钥重新发给各核验工作站。\n"
            "审核人每次打印证书前都要输入此口令解锁密钥，请当面告知本窗口的审核人，不要写在电脑上。\n"
            "私钥只以口令加密的形式保存在本机，从不离开本机。"
        )
        if existing_key_id:
            warning_text += "\n" + self.tr(
                "创建后本工作站改用新密钥签章；旧密钥“{key}”的公钥仍然保留，已打印的证书照样可以核验。"
            ).format(key=existing_key_id)
        self.warning = QLabel(warning_text)
        self.warning.setObjectName("keyWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background: #fff4e5; border: 1px solid #e0a040; border-radius: 4px; padding: 8px; color: #5a3b00;"
        )
        self.error = error_label("dialogError")
        self.ok_button = QPushButton(self.tr("创建"))
        self.ok_button.setObjectName("okButton")
        self.ok_button.setDefault(True)
        self.ok_button.setToolTip(self.tr("创建签章密钥（回车）"))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setToolTip(self.tr("取消（Esc）"))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = button_row(self.cancel_button, self.ok_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.problem_field: QLineEdit | None = None
        self.passphrase.textChanged.connect(self._show_strength)
        for edit in (self.key_id, self.passphrase, self.again):
            edit.textEdited.connect(lambda _t, e=edit: self._clear_problem(e))
        self._show_strength("")
        self.setMinimumWidth(520)
        self.key_id.setFocus()

    def _show_strength(self, text: str) -> None:
        level = passphrase_strength(text)
        names = (
            self.tr("太短（至少8个字符）"),
            self.tr("弱：容易被猜到"),
            self.tr("中等"),
            self.tr("强"),
        )
        self.strength.setText(names[level] if text else self.tr("尚未输入"))
        self.strength.setStyleSheet(f"color: {_STRENGTH_COLOURS[level] if text else '#555'};")

    def _clear_problem(self, edit: QLineEdit) -> None:
        if self.problem_field is edit:
            edit.setStyleSheet("")
            self.problem_field = None
            self.error.clear()

    def fail(self, text: str, field: QLineEdit | None = None) -> None:
        """Show a refusal at its field and keep everything typed; also used for the service's errors."""
        self.set_busy(False)
        if self.problem_field is not None:
            self.problem_field.setStyleSheet("")
        self.error.setText(text)
        self.problem_field = field
        if field is not None:
            field.setStyleSheet(_ERROR_STYLE)
            field.setFocus()
            field.selectAll()

    def field_named(self, name: str | None) -> QLineEdit | None:
        """The edit for a DomainError's `field`."""
        return {"key_id": self.key_id, "passphrase": self.passphrase}.get(name or "")

    def set_busy(self, busy: bool) -> None:
        self.ok_button.setEnabled(not busy)
        self.ok_button.setText(self.tr("正在创建…") if busy else self.tr("创建"))

    def accept(self) -> None:
        key_id, passphrase = self.key_id.text().strip(), self.passphrase.text()
        if not key_id:
            self.fail(self.tr("请填写密钥编号。"), self.key_id)
        elif len(passphrase) < MIN_PASSPHRASE:
            self.fail(self.tr("口令至少需要8个字符。"), self.passphrase)
        elif passphrase != self.again.text():
            self.fail(self.tr("两次输入的口令不一致，请重新输入。"), self.again)
        elif len(set(passphrase)) <= 3:
            self.fail(self.tr("口令过于简单（重复的字符），请换一个不易猜到的口令。"), self.passphrase)
        else:
            self.error.clear()
            self.set_busy(True)
            self.submitted.emit(key_id, passphrase)

    def finish(self) -> None:
        """The key exists: forget the passphrase and close."""
        self.passphrase.clear()
        self.again.clear()
        self.set_busy(False)
        super().accept()
