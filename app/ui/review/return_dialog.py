"""Return with a reason (退件): the reason is printed on the return notice and sent to the applicant by SMS."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.screen_fit import fit_dialog


class ReturnDialog(QDialog):
    def __init__(self, number: str, applicant: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("退件"))
        intro = QLabel(
            self.tr("退回办件 %1（%2）。退件原因将以短信发送给申请人，并打印在退件通知书上，请写明如何改正：")
            .replace("%1", number)
            .replace("%2", applicant)
        )
        intro.setWordWrap(True)
        self.presets = QComboBox()
        self.presets.setObjectName("returnPresets")
        self.presets.addItem(self.tr("（选择常用原因，或直接填写）"), "")
        for text in (
            self.tr("申请材料扫描件不清晰，无法辨认"),
            self.tr("证件照片不符合要求（近期免冠、白底、JPG）"),
            self.tr("申请表未按要求签字或加盖企业公章"),
            self.tr("申请表信息与登记信息不一致"),
        ):
            self.presets.addItem(text, text)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("returnReason")
        self.reason.setTabChangesFocus(True)
        self.presets.activated.connect(self._preset)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认退件"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.text())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.presets)
        layout.addWidget(self.reason, 1)
        layout.addWidget(buttons)
        fit_dialog(self, 520, 300)
        self.reason.setFocus()

    def _preset(self, index: int) -> None:
        text = self.presets.itemData(index)
        if text:
            current = self.text()
            self.reason.setPlainText(f"{current}；{text}" if current else text)

    def text(self) -> str:
        return self.reason.toPlainText().strip()
