"""The working area of one intake once its item is chosen: the three steps as tabs (审批条件, 收取材料, 申请表),
the rule panel beside them and the action buttons below. Layout only; the screen drives it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import Item
from app.ui.intake.conditions_page import ConditionsPage
from app.ui.intake.form_page import FormPage
from app.ui.intake.materials_page import MaterialsPage
from app.ui.intake.rule_panel import RulePanel

STEP_CONDITIONS, STEP_MATERIALS, STEP_FORM = range(3)


class Workspace(QWidget):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(
            f"<span style='font-size:17px'><b>{item.short_name}</b></span>"
            f"　<span style='color:#555'>{item.name}</span>"
        )
        self.title.setObjectName("item_title")
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        # The ID card's chip photo (when the reader's vendor decoder is installed): to check the person in front
        # of the counter is the card's holder. At 102×126 pixels it is too small to serve as the 证件照.
        self.chip_photo = QLabel()
        self.chip_photo.setObjectName("chip_photo")
        self.chip_photo.setToolTip(self.tr("身份证芯片照片：请核对是申请人本人"))
        self.chip_photo.hide()
        head.addWidget(self.chip_photo)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.status)
        layout.addLayout(head)

        self.conditions = ConditionsPage(item)
        self.materials = MaterialsPage(item)
        self.form = FormPage(item)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("steps")
        self.tabs.addTab(self.conditions, "")
        self.tabs.addTab(self.materials, "")
        self.tabs.addTab(self.form, "")
        tips = (
            self.tr("审批条件（Alt+2）"),
            self.tr("收取材料（Alt+3）"),
            self.tr("填写申请表（Alt+4）"),
        )
        for i, tip in enumerate(tips):
            self.tabs.setTabToolTip(i, tip + self.tr("；Ctrl+PgDown / Ctrl+PgUp 切换步骤"))
        self.rules = RulePanel()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(self.rules)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.leave_button = QPushButton(self.tr("暂存并退出"))
        self.leave_button.setToolTip(self.tr("保存草稿后退出，稍后可继续办理（Esc）"))
        self.discard_button = QPushButton(self.tr("删除草稿…"))
        self.discard_button.setToolTip(self.tr("申请人不再办理时删除本草稿"))
        self.save_button = QPushButton(self.tr("保存草稿"))
        self.save_button.setToolTip(self.tr("立即保存草稿（Ctrl+S）；录入内容也会随时自动保存"))
        self.form_button = QPushButton(self.tr("打印申请表…"))
        self.form_button.setObjectName("printForm")
        self.form_button.setToolTip(self.tr("预览并打印申请表，交申请人签字、企业盖章"))
        self.submit_button = QPushButton(self.tr("提交并打印凭证"))
        self.submit_button.setToolTip(self.tr("提交收件并打印材料接收凭证（Ctrl+Enter）"))
        self.submit_button.setStyleSheet("font-weight: bold; padding: 4px 14px;")
        for b in (
            self.leave_button,
            self.discard_button,
            self.form_button,
            self.save_button,
            self.submit_button,
        ):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.form_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        layout.addLayout(buttons)
        self.update_titles()

    def update_titles(self) -> None:
        ticked, total = len(self.conditions.ticked()), len(self.item.conditions)
        have, need = self.materials.received_count()
        form = self.form.values()
        filled = sum(1 for n in self.item.required_fields if form.get(n))
        titles = (
            self.tr("② 审批条件 %1/%2").replace("%1", str(ticked)).replace("%2", str(total)),
            self.tr("③ 收取材料 %1/%2").replace("%1", str(have)).replace("%2", str(need)),
            self.tr("④ 申请表 必填 %1/%2")
            .replace("%1", str(filled))
            .replace("%2", str(len(self.item.required_fields))),
        )
        done = (ticked == total, have == need, filled == len(self.item.required_fields))
        for i, (title, ok) in enumerate(zip(titles, done, strict=True)):
            self.tabs.setTabText(i, ("✔ " if ok else "") + title)

    def go(self, step: int) -> None:
        self.tabs.setCurrentIndex(step)
        page = self.tabs.widget(step)
        if step == STEP_FORM:
            name = self.form.first_empty(required_only=True) or self.form.first_empty(required_only=False)
            if name is None or not self.form.focus_field(name):
                self.form.focus_field(self.form.tab_order[0])
        else:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #c62828; font-weight: bold;" if error else "color: #555;")
