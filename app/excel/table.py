"""Report sheets in openpyxl write-only mode: a bold frozen header, column widths, date and number formats.

Write-only keeps memory flat however many rows are written (rows go to a temporary file as they come); the price
is that widths, freeze panes and the filter must be set before the first row, which `ReportSheet` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
INTEGER = "0"
NUMBER = "#,##0"
PERCENT = "0.0%"
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
HEADER_FILL = PatternFill("solid", start_color="FF305496", end_color="FF305496")
_THIN = Side(style="thin", color="FFB4C6E7")
HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Col:
    """One report column: its Chinese header, width in characters and Excel number format."""

    header: str
    width: float = 12
    fmt: str | None = None


class ReportSheet:
    """A write-only sheet whose first row is the header, frozen, with an auto-filter over the columns."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Col]) -> None:
        self.ws = wb.create_sheet(title[:31])
        self.columns = tuple(columns)
        self.rows = 0
        for index, col in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = col.width
        self.ws.freeze_panes = "A2"
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}1"
        self._formats = [(i, c.fmt) for i, c in enumerate(self.columns) if c.fmt]
        header = []
        for col in self.columns:
            cell = WriteOnlyCell(self.ws, value=col.header)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        self.ws.append(header)

    def append(self, values: Sequence[Any]) -> None:
        row: list[Any] = list(values)
        for index, fmt in self._formats:
            value = row[index]
            if value is not None:
                cell = WriteOnlyCell(self.ws, value=value)
                cell.number_format = fmt
                row[index] = cell
        self.ws.append(row)
        self.rows += 1

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for values in rows:
            self.append(values)


def new_book() -> Workbook:
    return Workbook(write_only=True)


def save(wb: Workbook, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime(day.year, day.month, day.day)
    return start, datetime.fromordinal(start.toordinal() + 1)
