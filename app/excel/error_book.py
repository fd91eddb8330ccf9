"""The error workbook (错误行): the rejected rows as they were, the bad cells in red, and what to fix.

Written in openpyxl's write-only mode row by row, so a sheet where every one of 100,000 rows is wrong costs no
more memory than one where none is. The header is the original one plus 错误说明 and 原行号, so the file can be
corrected and imported again as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

ERROR_COLUMN = "错误说明"
ROW_COLUMN = "原行号"
BAD_FILL = PatternFill("solid", start_color="FFFF9999", end_color="FFFF9999")
HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")


class ErrorBook:
    """Opened lazily by the import on its first invalid row; `close()` saves it and returns the path."""

    def __init__(self, path: Path, header: Sequence[str], sheet_title: str) -> None:
        self.path = path
        self.width = len(header)
        self.rows = 0
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(sheet_title[:31] or "错误行")
        for index in range(1, self.width + 1):
            self._ws.column_dimensions[get_column_letter(index)].width = 16
        self._ws.column_dimensions[get_column_letter(self.width + 1)].width = 70
        self._ws.column_dimensions[get_column_letter(self.width + 2)].width = 8
        self._ws.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for label in (*header, ERROR_COLUMN, ROW_COLUMN):
            cell = WriteOnlyCell(self._ws, value=label)
            cell.font, cell.fill = bold, HEADER_FILL
            cells.append(cell)
        self._ws.append(cells)

    def add(self, row_number: int, values: Sequence[Any], bad_columns: set[int], explanation: str) -> None:
        """One rejected row: `bad_columns` are the 0-based cells to paint red."""
        out: list[Any] = []
        for index in range(max(self.width, len(values))):
            value = values[index] if index < len(values) else None
            if index in bad_columns or isinstance(value, date | datetime):
                cell = WriteOnlyCell(self._ws, value=value)
                if isinstance(value, date | datetime):
                    cell.number_format = "yyyy-mm-dd"
                if index in bad_columns:
                    cell.fill = BAD_FILL
                value = cell
            out.append(value)
        out = out[: self.width] + [None] * (self.width - len(out))
        note = WriteOnlyCell(self._ws, value=explanation)
        note.fill = BAD_FILL
        note.alignment = Alignment(wrap_text=True, vertical="top")
        out += [note, row_number]
        self._ws.append(out)
        self.rows += 1

    def close(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._wb.save(self.path)
        return self.path
