"""A small read-only table of list rows (plain dicts) that opens the row's record on double-click or Enter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

Column = tuple[str, Callable[[dict[str, Any]], str]]


class RowTable(QTableWidget):
    activated_key = Signal(str)  # the value of `key_field` of the chosen row

    def __init__(
        self, columns: Sequence[Column], key_field: str = "uuid", parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        self._key_field = key_field
        self.rows: list[dict[str, Any]] = []
        self.setHorizontalHeaderLabels([title for title, _ in columns])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.cellDoubleClicked.connect(lambda row, _col: self._activate(row))

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = list(rows)
        self.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (_title, render) in enumerate(self._columns):
                self.setItem(r, c, QTableWidgetItem(render(row)))
        self.resizeColumnsToContents()
        if self.rows and self.currentRow() < 0:
            self.setCurrentCell(0, 0)

    def current_row_data(self) -> dict[str, Any] | None:
        r = self.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._activate(self.currentRow())
            return
        super().keyPressEvent(event)

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            key = self.rows[row].get(self._key_field)
            if key:
                self.activated_key.emit(str(key))
