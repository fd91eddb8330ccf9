"""Empty import templates (导入模板): the header row, a comment and a 填表说明 line per column, drop-down lists.

The drop-down values live on a hidden 选项 sheet because an inline list is limited to 255 characters, which the
list of trade codes with their names exceeds.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.excel.spec import SheetSpec

TEMPLATE_ROWS = 5000  # how far down the drop-downs and formats reach
_TEXT_COLUMNS = {
    "id_number",
    "code",
    "registration_number",
    "category",
    "company_uscc",
    "region",
    "certificate_number",
}
_DATE_COLUMNS = {"exam_date", "valid_to", "listed_on", "lifted_on"}
REQUIRED_FILL = PatternFill("solid", start_color="FFFCE4D6", end_color="FFFCE4D6")
OPTIONAL_FILL = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
OPTIONS_SHEET = "选项"


def write_template(spec: SheetSpec, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = spec.title
    options = wb.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    notes = wb.create_sheet("填表说明")
    notes.append(["列名", "是否必填", "填写说明"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 90
    option_col = 0
    last = TEMPLATE_ROWS + 1
    for index, col in enumerate((c for c in spec.columns if c.in_template), start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=col.label)
        cell.font = Font(bold=True, color="FFC00000" if col.required else "FF000000")
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.comment = Comment(
            f"{'必填' if col.required else '选填'}：{col.note}", "CounterDesk", width=260, height=90
        )
        ws.column_dimensions[letter].width = col.width
        notes.append([col.label, "必填" if col.required else "选填", col.note])
        target = f"{letter}2:{letter}{last}"
        if col.key in _TEXT_COLUMNS:
            ws.column_dimensions[letter].number_format = "@"
        if col.key in _DATE_COLUMNS:
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
            dv = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1950,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
            )
            dv.error, dv.errorTitle = "请填写真实日期，如 2026-01-31", "日期不正确"
            dv.add(target)
            ws.add_data_validation(dv)
        if col.key == "score":
            dv = DataValidation(
                type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
            )
            dv.error, dv.errorTitle = "成绩应为0至100之间的数字", "成绩不正确"
            dv.add(target)
            ws.add_data_validation(dv)
        if col.choices:
            option_col += 1
            opt_letter = get_column_letter(option_col)
            options.cell(row=1, column=option_col, value=col.label)
            for row, value in enumerate(col.choices, start=2):
                options.cell(row=row, column=option_col, value=value)
            ref = f"'{OPTIONS_SHEET}'!${opt_letter}$2:${opt_letter}${len(col.choices) + 1}"
            # Multi-value cells (资质类别) must accept typed lists too, so their list only warns.
            dv = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=True,
                errorStyle="warning" if col.key == "qualifications" else "stop",
            )
            dv.error, dv.errorTitle = f"请从下拉列表中选择{col.label}", f"{col.label}不正确"
            dv.prompt, dv.promptTitle = col.note[:250], col.label
            dv.add(target)
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 22
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
