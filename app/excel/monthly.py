"""The monthly statistics workbook (月度统计): an overview, then one sheet per table, each with its chart.

Small by nature (a month of counts), so it is built in normal mode, which charts and merged titles need.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.evaluation import RATINGS
from app.excel.report_columns import MOVEMENTS
from app.excel.table import DATE, DATETIME, HEADER_BORDER, HEADER_FILL, HEADER_FONT, INTEGER, PERCENT, save

RATING_LABELS = tuple(RATINGS.values())

# Audit actions counted per day and per item, with their column headers.
DAILY_ACTIONS = {
    "submit": "收件",
    "accept": "受理",
    "refuse": "不予受理",
    "request_correction": "补正告知",
    "withdraw": "撤回",
    "approve": "办结（准予）",
    "return": "退件",
}


@dataclass(frozen=True)
class MonthlyData:
    month: date
    unit_name: str
    daily: dict[date, Counter[str]]
    by_item: dict[str, Counter[str]]
    certificates: dict[str, Counter[str]]
    approved: int
    approved_on_time: int
    overdue_open: int
    generated_at: datetime
    ratings: Counter[str] = field(default_factory=Counter)  # 好差评 label → count


def _table(ws: Worksheet, headers: list[str], rows: list[list[object]], widths: list[float]) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append(row)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=len(headers)):
        for cell in row:
            cell.number_format = INTEGER
    ws.freeze_panes = "A2"


def write_monthly(data: MonthlyData, path: Path) -> Path:
    wb = Workbook()
    title = f"{data.month.year}年{data.month.month}月业务统计"
    overview = wb.active
    overview.title = "概况"
    overview.append([title])
    overview.merge_cells("A1:B1")
    overview["A1"].font = Font(bold=True, size=14)
    submitted = sum(c["submit"] for c in data.daily.values())
    issued = sum(c["发证"] for c in data.certificates.values())
    rate = data.approved_on_time / data.approved if data.approved else None
    rows: list[tuple[str, object, str | None]] = [
        ("统计单位", data.unit_name, None),
        ("统计月份", data.month, "yyyy-mm"),
        ("本月收件", submitted, INTEGER),
        ("本月办结（准予）", data.approved, INTEGER),
        ("按期办结", data.approved_on_time, INTEGER),
        ("按期办结率", rate, PERCENT),
        ("本月发证", issued, INTEGER),
        ("截至月末（或今天）超期未办结", data.overdue_open, INTEGER),
        ("好差评（评价次数）", sum(data.ratings.values()), INTEGER),
        ("生成时间", data.generated_at, DATETIME),
    ]
    overview.append(["指标", "数值"])
    for cell in overview[2]:
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
    for label, value, fmt in rows:
        overview.append([label, value])
        if fmt:
            overview.cell(row=overview.max_row, column=2).number_format = fmt
    overview.column_dimensions["A"].width = 20
    overview.column_dimensions["B"].width = 40
    overview.freeze_panes = "A3"

    daily = wb.create_sheet("每日办件")
    headers = ["日期", *DAILY_ACTIONS.values()]
    _table(
        daily,
        headers,
        [[day, *(counts[a] for a in DAILY_ACTIONS)] for day, counts in sorted(data.daily.items())],
        [12] + [11] * len(DAILY_ACTIONS),
    )
    for (cell,) in daily.iter_rows(min_row=2, max_col=1):
        cell.number_format = DATE
    line = LineChart()
    line.title, line.y_axis.title, line.x_axis.title = "每日办件量", "件数", "日期"
    line.x_axis.number_format = "m-d"
    n = len(data.daily) + 1
    for col in (2, 3, 7):  # 收件, 受理, 办结
        line.add_data(Reference(daily, min_col=col, min_row=1, max_row=n), titles_from_data=True)
    line.set_categories(Reference(daily, min_col=1, min_row=2, max_row=n))
    line.width, line.height = 24, 10
    daily.add_chart(line, "J2")

    items = wb.create_sheet("按事项")
    names = list(data.by_item)
    _table(
        items,
        ["事项名称", *DAILY_ACTIONS.values()],
        [[name, *(data.by_item[name][a] for a in DAILY_ACTIONS)] for name in names],
        [34] + [11] * len(DAILY_ACTIONS),
    )
    bar = BarChart()
    bar.type, bar.title, bar.y_axis.title = "bar", "各事项收件与办结", "件数"
    m = len(names) + 1
    for col in (2, 7):
        bar.add_data(Reference(items, min_col=col, min_row=1, max_row=max(m, 2)), titles_from_data=True)
    bar.set_categories(Reference(items, min_col=1, min_row=2, max_row=max(m, 2)))
    bar.width, bar.height = 24, max(8, 0.6 * len(names) + 4)
    items.add_chart(bar, "J2")

    certs = wb.create_sheet("证书办理")
    families = list(data.certificates)
    _table(
        certs,
        ["人员类别", *MOVEMENTS, "合计"],
        [
            [f, *(data.certificates[f][m] for m in MOVEMENTS), sum(data.certificates[f].values())]
            for f in families
        ],
        [16, 10, 10, 10, 10, 10],
    )
    cbar = BarChart()
    cbar.type, cbar.grouping, cbar.overlap = "col", "stacked", 100
    cbar.title, cbar.y_axis.title = "证书发证、延续、变更、注销", "本数"
    k = len(families) + 1
    cbar.add_data(Reference(certs, min_col=2, max_col=5, min_row=1, max_row=k), titles_from_data=True)
    cbar.set_categories(Reference(certs, min_col=1, min_row=2, max_row=k))
    certs.add_chart(cbar, "H2")

    rated = wb.create_sheet("好差评")
    total = sum(data.ratings.values())
    _table(
        rated,
        ["评价", "次数", "占比"],
        [
            [label, data.ratings[label], data.ratings[label] / total if total else None]
            for label in RATING_LABELS
        ],
        [14, 10, 10],
    )
    for (cell,) in rated.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = PERCENT
    return save(wb, path)
