"""Step 2, the approval conditions (审批条件): one tick per condition; Ctrl+A ticks them all, as clerks do
(seed 000, step 4), and moves on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.domain.catalogue import Item


class _ConditionList(QListWidget):
    advance = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            item = self.currentItem()
            if item is not None and item.checkState() != Qt.CheckState.Checked:
                item.setCheckState(Qt.CheckState.Checked)
            else:
                self.advance.emit()
            return
        super().keyPressEvent(event)


class ConditionsPage(QWidget):
    changed = Signal()
    done = Signal()  # every condition ticked and the clerk wants the next step

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "请与申请人逐条核对审批条件。空格键勾选当前条，Ctrl+A 全部勾选并进入下一步，回车进入下一步。"
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = _ConditionList()
        self.list.setObjectName("conditions")
        self.list.setAccessibleName(self.tr("审批条件"))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        for text in item.conditions:
            row = QListWidgetItem(text)
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            row.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.list.itemChanged.connect(lambda _row: self.changed.emit())
        self.list.advance.connect(self._advance)
        layout.addWidget(self.list, 1)
        self.all_button = QPushButton(self.tr("全选(&A)"))
        self.all_button.setToolTip(self.tr("全部勾选并进入下一步（Ctrl+A）"))
        self.all_button.clicked.connect(self.tick_all_and_advance)
        layout.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)
        shortcut = QShortcut(QKeySequence.StandardKey.SelectAll, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.tick_all_and_advance)
        self.setFocusProxy(self.list)

    def ticked(self) -> list[int]:
        return [
            i for i in range(self.list.count()) if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_ticked(self, indices: list[int]) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            state = Qt.CheckState.Checked if i in indices else Qt.CheckState.Unchecked
            self.list.item(i).setCheckState(state)
        self.list.blockSignals(False)

    def all_ticked(self) -> bool:
        return len(self.ticked()) == self.list.count()

    def tick_all_and_advance(self) -> None:
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            self.list.item(i).setCheckState(Qt.CheckState.Checked)
        self.list.blockSignals(False)
        self.changed.emit()
        self.done.emit()

    def _advance(self) -> None:
        self.done.emit()
