"""The material list of one catalogue item as the administrator edits it (业务事项目录): a row a material, with its
code, name, kind, source, whether it is required and a note; rows are added, removed and reordered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from app.domain.catalogue_versions import KIND_NAMES, SOURCE_NAMES, MaterialLine


def _combo(names: dict[str, str], value: str) -> QComboBox:
    box = QComboBox()
    for code, name in names.items():
        box.addItem(name, code)
        box.setItemData(box.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
    box.setCurrentIndex(max(0, box.findData(value)))
    return box


class MaterialTable(QTableWidget):
    """Six columns, headed by `labels` (translated by the screen)."""

    def __init__(self, labels: list[str]) -> None:
        super().__init__(0, len(labels))
        self.setObjectName("materials")
        self.setHorizontalHeaderLabels(labels)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(5, 150)

    def set_lines(self, lines: list[MaterialLine]) -> None:
        self.setRowCount(0)
        for line in lines:
            self._append(line)

    def _append(self, line: MaterialLine) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(line.ref))
        self.setItem(row, 1, QTableWidgetItem(line.name))
        self.setCellWidget(row, 2, _combo(KIND_NAMES, line.kind))
        self.setCellWidget(row, 3, _combo(SOURCE_NAMES, line.source))
        required = QCheckBox()
        required.setChecked(line.required)
        self.setCellWidget(row, 4, required)
        self.setItem(row, 5, QTableWidgetItem(line.note))

    def lines(self) -> list[MaterialLine]:
        out = []
        for row in range(self.rowCount()):
            kind, source, required = (self.cellWidget(row, c) for c in (2, 3, 4))
            assert isinstance(kind, QComboBox) and isinstance(source, QComboBox)
            assert isinstance(required, QCheckBox)
            out.append(
                MaterialLine(
                    self.cell_text(row, 0),
                    self.cell_text(row, 1),
                    str(kind.currentData()),
                    str(source.currentData()),
                    required.isChecked(),
                    self.cell_text(row, 5),
                )
            )
        return out

    def cell_text(self, row: int, col: int) -> str:
        cell = self.item(row, col)
        return cell.text().strip() if cell is not None else ""

    def add_row(self) -> None:
        self._append(MaterialLine("", "", "document", "paper", True))
        row = self.rowCount() - 1
        self.selectRow(row)
        self.editItem(self.item(row, 0))

    def remove_row(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.removeRow(row)

    def move_row(self, step: int) -> None:
        row = self.currentRow()
        lines = self.lines()
        target = row + step
        if row < 0 or not 0 <= target < len(lines):
            return
        lines[row], lines[target] = lines[target], lines[row]
        self.set_lines(lines)
        self.selectRow(target)


__all__ = ["MaterialTable"]
