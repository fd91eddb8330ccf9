"""The reason for a reprint (补打原因): required, recorded in the audit trail with the print."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReprintReasonDialog(QDialog):
    def __init__(self, number: str, printed_at: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprintReasonDialog")
        self.setWindowTitle(self.tr("补打证书"))
        intro = QLabel(
            self.tr("证书 %1 的当前版本已于 %2 打印过。重新打印须填写原因，原因将记入审计日志。")
            .replace("%1", number)
            .replace("%2", printed_at)
        )
        intro.setWordWrap(True)
        self.presets = QComboBox()
        self.presets.setObjectName("reasonPresets")
        for text in (
            self.tr("卡纸或打印中断"),
            self.tr("打印质量不合格"),
            self.tr("证书纸张损坏"),
            self.tr("其他（请在下方填写）"),
        ):
            self.presets.addItem(text)
        self.reason = QLineEdit()
        self.reason.setObjectName("reprintReason")
        self.reason.setPlaceholderText(self.tr("补打原因"))
        self.presets.currentTextChanged.connect(self._preset)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("补打"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.presets)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self._preset(self.presets.currentText())

    def _preset(self, text: str) -> None:
        other = self.presets.currentIndex() == self.presets.count() - 1
        self.reason.setText("" if other else text)
        if other:
            self.reason.setFocus()

    def text(self) -> str:
        return self.reason.text().strip()
