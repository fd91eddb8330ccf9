"""Dialogs that collect what a workflow move needs: a reason (撤回, 不予受理, 退件) or the complete list of what is
missing (一次性告知补正). They validate before closing so that nothing typed is thrown away."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import Item
from app.ui.dialog_parts import button_row, error_label
from app.ui.screen_fit import fit_dialog


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    ok = QPushButton(ok_text)
    ok.setObjectName("okButton")
    ok.setDefault(False)
    ok.setAutoDefault(False)
    ok.setToolTip(dialog.tr("确定（Ctrl+回车）"))
    ok.setShortcut("Ctrl+Return")
    cancel = QPushButton(dialog.tr("取消"))
    cancel.setObjectName("cancelButton")
    cancel.setAutoDefault(False)
    cancel.setToolTip(dialog.tr("取消（Esc）"))
    ok.clicked.connect(dialog.accept)
    cancel.clicked.connect(dialog.reject)
    return button_row(cancel, ok), ok, cancel


class ReasonDialog(QDialog):
    """Asks for a reason; the reason goes to the applicant by SMS, so it must not be empty."""

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setObjectName("reasonText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("请写清楚原因，以及申请人应如何处理"))
        self.error = error_label("reasonError")
        row, self.ok_button, self.cancel_button = _buttons(self, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        fit_dialog(self, 520, 300)
        self.text.setFocus()

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    def accept(self) -> None:
        if not self.reason():
            self.error.setText(self.tr("必须填写原因：原因将以短信发送给申请人。"))
            self.text.setFocus()
            return
        super().accept()


class CorrectionDialog(QDialog):
    """一次性告知补正: tick every missing material and add any other point, so the applicant hears it all at once."""

    def __init__(self, item: Item, material_states: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle(self.tr("一次性告知补正"))
        intro = QLabel(
            self.tr("请一次性列出需要补正的全部材料或内容（依法须一次告知），申请人将收到短信通知。")
        )
        intro.setWordWrap(True)
        self.checks: list[tuple[QCheckBox, str]] = []
        box = QWidget()
        checks = QVBoxLayout(box)
        for req in item.materials:
            if req.electronic:
                continue
            name = req.material.name
            check = QCheckBox(name)
            check.setChecked(material_states.get(req.code, "missing") == "missing" and req.required)
            checks.addWidget(check)
            self.checks.append((check, name))
        checks.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        other = QLabel(self.tr("其他需要补正的内容（每行一项）："))
        self.other = QPlainTextEdit()
        self.other.setObjectName("correctionOther")
        self.other.setTabChangesFocus(True)
        self.other.setPlaceholderText(self.tr("例如：申请表企业盖章不清晰，请重新盖章"))
        self.error = error_label("correctionError")
        row, self.ok_button, self.cancel_button = _buttons(self, self.tr("告知补正"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 2)
        layout.addWidget(other)
        layout.addWidget(self.other, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        fit_dialog(self, 620, 520)

    def items(self) -> list[str]:
        ticked = [name for check, name in self.checks if check.isChecked()]
        lines = [line.strip() for line in self.other.toPlainText().splitlines() if line.strip()]
        return ticked + lines

    def accept(self) -> None:
        if not self.items():
            self.error.setText(self.tr("请至少勾选或填写一项需要补正的内容。"))
            return
        super().accept()
