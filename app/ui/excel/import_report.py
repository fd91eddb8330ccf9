"""What a preview or commit found (导入结果): the four counts, the sample changes and the row errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.imports import ImportReport, RowChange

MAX_LINES = 3


def value_text(value: Any) -> str:
    """A cell value the way the administrator typed it; empty cells are named, not left blank."""
    if value is None or value == "":
        return QCoreApplication.translate("excel", "（空）")
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("excel", "合格")
        return QCoreApplication.translate("excel", "不合格")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    # A wrong trade code lists every valid one; a few lines show what is wrong, the tooltip and the error
    # workbook have the rest.
    tallest = table.fontMetrics().lineSpacing() * MAX_LINES + 6
    for r in range(table.rowCount()):
        table.setRowHeight(r, min(table.rowHeight(r), tallest))


class ImportReportView(QWidget):
    """Counts on one line, then two tables; empty until `show_report()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.heading = QLabel("")
        self.heading.setObjectName("reportHeading")
        self.heading.setWordWrap(True)
        self.counts: dict[str, QLabel] = {}
        counts = QHBoxLayout()
        for key, title in (
            ("rows", self.tr("总行数")),
            ("new", self.tr("新增")),
            ("changed", self.tr("变更")),
            ("unchanged", self.tr("未变")),
            ("invalid", self.tr("错误")),
            ("skipped", self.tr("跳过")),
            ("warned", self.tr("提醒")),
        ):
            label = QLabel(f"{title}：-")
            label.setObjectName(f"count_{key}")
            label.setProperty("title", title)
            label.setStyleSheet("font-size: 12pt; padding-right: 18px;")
            self.counts[key] = label
            counts.addWidget(label)
        counts.addStretch(1)
        self.changes = _table(
            [
                self.tr("行号"),
                self.tr("类型"),
                self.tr("记录"),
                self.tr("提醒"),
                self.tr("内容（原值 → 新值）"),
            ],
            "changesTable",
        )
        self.errors = _table([self.tr("行号"), self.tr("错误说明")], "errorsTable")
        self.changes_box = QGroupBox(self.tr("将要导入的记录（样例）"))
        box = QVBoxLayout(self.changes_box)
        box.addWidget(self.changes)
        self.errors_box = QGroupBox(self.tr("有错误的行（不会导入）"))
        box = QVBoxLayout(self.errors_box)
        box.addWidget(self.errors)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(counts)
        layout.addWidget(self.changes_box, 3)
        layout.addWidget(self.errors_box, 2)
        self.clear()

    def clear(self) -> None:
        self.heading.setText("")
        self.heading.setVisible(False)
        self.changes_box.setTitle(self.tr("将要导入的记录（样例）"))
        self.errors_box.setTitle(self.tr("有错误的行（不会导入）"))
        for label in self.counts.values():
            label.setText(f"{label.property('title')}：-")
            label.setStyleSheet("font-size: 12pt; padding-right: 18px;")
        _fill(self.changes, [])
        _fill(self.errors, [])

    def show_report(self, report: ImportReport) -> None:
        if report.committed:
            head = self.tr("已导入{title}：文件“{file}”，工作表“{sheet}”")
        else:
            head = self.tr("预览{title}（尚未导入）：文件“{file}”，工作表“{sheet}”，表头在第{row}行")
        self.heading.setVisible(True)
        self.heading.setText(
            head.format(title=report.title, file=report.path.name, sheet=report.sheet, row=report.header_row)
        )
        for key, label in self.counts.items():
            value = getattr(report, key)
            label.setText(f"{label.property('title')}：{value}")
            colour = (
                "#b00020"
                if key == "invalid" and value
                else "#1b5e20"
                if key == "new" and value
                else "#8a5a00"
                if key == "warned" and value
                else ""
            )
            style = "font-size: 12pt; padding-right: 18px;" + (
                f" color: {colour}; font-weight: bold;" if colour else ""
            )
            label.setStyleSheet(style)
        _fill(self.changes, [self._change_row(c) for c in report.changes])
        # Skipped rows (合计, 缺考) are listed under the errors, named as such: they are not imported either.
        skipped = self.tr("跳过：")
        _fill(
            self.errors,
            [[str(e.row), e.text] for e in report.errors]
            + [[str(e.row), skipped + e.text] for e in report.skips],
        )
        shown_changes, total_changes = len(report.changes), report.new + report.changed
        self.changes_box.setTitle(
            self.tr("将要导入的记录（显示 {shown} / 共 {total} 条）").format(
                shown=shown_changes, total=total_changes
            )
            if not report.committed
            else self.tr("已导入的记录（显示 {shown} / 共 {total} 条）").format(
                shown=shown_changes, total=total_changes
            )
        )
        self.errors_box.setTitle(
            self.tr("有错误或跳过的行，未导入（显示 {shown} / 共 {total} 行）").format(
                shown=len(report.errors) + len(report.skips), total=report.invalid + report.skipped
            )
        )

    def _change_row(self, change: RowChange) -> list[str]:
        if change.change == "new":
            kind = self.tr("新增")
            # Fields without a Chinese label are the record's key, already named in the 记录 column.
            detail = "；".join(
                f"{k}：{value_text(after)}"
                for k, (_before, after) in change.fields.items()
                if not k.isascii() and after not in (None, "")
            )
        else:
            kind = self.tr("变更")
            detail = "；".join(
                f"{k}：{value_text(before)} → {value_text(after)}"
                for k, (before, after) in change.fields.items()
            )
        return [str(change.row), kind, change.record, change.warning, detail]
