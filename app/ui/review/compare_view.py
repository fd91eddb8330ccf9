"""The form compared with the registry (表单与登记信息比对): a change shows the old and the new value side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.ui.review.sheet import CHANGED, MISMATCH, NEW, UPDATED, CompareRow

COLOURS = {CHANGED: "#fff3c4", MISMATCH: "#ffd7d7"}


class CompareTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("compareTable")
        # Two-line headers and columns as wide as their longest value: an ID or certificate number cut to
        # "4102…" cannot be compared; when the pane is narrow the table scrolls sideways instead.
        self.setHorizontalHeaderLabels(
            [self.tr("项目"), self.tr("登记库\n（原）"), self.tr("申请表\n（新）"), self.tr("比对")]
        )
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def state_text(self, state: str) -> str:
        return {
            CHANGED: self.tr("变更"),
            MISMATCH: self.tr("与登记不符"),
            NEW: self.tr("新登记"),
            UPDATED: self.tr("更新"),
        }.get(state, self.tr("一致"))

    def set_rows(self, rows: tuple[CompareRow, ...]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.label, row.registry or "—", row.form, self.state_text(row.state)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.state in COLOURS:
                    item.setBackground(QBrush(QColor(COLOURS[row.state])))
                    if c in (2, 3):
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()

    def needed_width(self) -> int:
        """The width that shows every value in full (the splitter opens the form side this wide)."""
        header = self.horizontalHeader()
        columns = sum(
            max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(self.columnCount())
        )
        return columns + self.frameWidth() * 2 + self.verticalScrollBar().sizeHint().width()
