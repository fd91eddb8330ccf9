"""The rule panel (规则检查): every failure at once with its fix (一次性告知), blocking ones in red, warnings in
amber; Enter or a click on a failure takes the clerk to its field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.rules import RuleFailure

RED, AMBER, GREEN = "#c62828", "#a86400", "#2e7d32"


class RulePanel(QWidget):
    field_requested = Signal(str)  # the failure's field: a form field name, "conditions" or "materials"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.failures: list[RuleFailure] = []
        self.failures_shown: list[RuleFailure] = []  # in list order: blocking first
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("rule_title")
        layout.addWidget(self.title)
        self.list = QListWidget()
        self.list.setObjectName("rule_list")
        self.list.setAccessibleName(self.tr("规则检查结果"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        layout.addWidget(self.list, 1)
        self.title.setText(self.tr("<b>规则检查</b>"))
        self.set_checking()

    def set_checking(self) -> None:
        """A new check is running: keep the last list (it rarely changes much) but say it is being refreshed."""
        if not self.title.text().endswith(self._checking_mark()):
            self.title.setText(self.title.text() + self._checking_mark())

    def _checking_mark(self) -> str:
        return self.tr("　<span style='color:#777'>检查中…</span>")

    def set_failures(self, failures: list[RuleFailure], *, note: str = "") -> None:
        self.failures = list(failures)
        self.list.clear()
        stop = [f for f in failures if f.blocking]
        warn = [f for f in failures if not f.blocking]
        if not failures:
            self.title.setText(
                self.tr("<b>规则检查</b>　<span style='color:%1'>✔ 未发现问题，可以提交</span>").replace(
                    "%1", GREEN
                )
            )
        else:
            text = self.tr(
                "<b>规则检查</b>　<span style='color:%1'>%2 项须处理</span>，<span style='color:%3'>%4 项提醒</span>"
            )
            self.title.setText(
                text.replace("%1", RED)
                .replace("%2", str(len(stop)))
                .replace("%3", AMBER)
                .replace("%4", str(len(warn)))
            )
        if note:
            self.title.setText(self.title.text() + f"<br><span style='color:{RED}'>{note}</span>")
        self.failures_shown = stop + warn
        for f in self.failures_shown:
            mark = "✖" if f.blocking else "⚠"
            text = f"{mark} {f.message}"
            if f.fix:
                text += "\n" + self.tr("处理办法：") + f.fix
            row = QListWidgetItem(text)
            row.setForeground(QBrush(QColor(RED if f.blocking else AMBER)))
            row.setData(Qt.ItemDataRole.UserRole, f.field or "")
            row.setToolTip(self.tr("回车或单击：转到该项") if f.field else "")
            self.list.addItem(row)

    def _activated(self, row: QListWidgetItem) -> None:
        name = str(row.data(Qt.ItemDataRole.UserRole) or "")
        if name:
            self.field_requested.emit(name)

    def blocking_count(self) -> int:
        return sum(1 for f in self.failures if f.blocking)
