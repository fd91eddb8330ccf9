"""Ledgers and reports (报表导出): the daily ledger, applications by item and status, certificates issued,
overdue applications and the monthly statistics, each written to an .xlsx file the user chooses.

Every export reads the store, so it runs on the database worker; the file is written only at the end, so a
cancelled export leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.workflow import STATUS_NAMES, Role, Status
from app.services import exports, reports, users
from app.services.context import Actor, ServiceContext
from app.services.users import UserView
from app.ui import file_dialogs
from app.ui.dialog_parts import shortcut_button
from app.ui.errors import error_text, show_error
from app.ui.excel.progress import JobProgress
from app.ui.tasks import TaskRunner

MONTHS_OFFERED = 24
# Which parameter rows each report uses.
PARAMETERS = {
    "ledger": ("day", "clerk"),
    "applications": ("date_from", "date_to", "item", "status"),
    "certificates": ("date_from", "date_to"),
    "overdue": ("on",),
    "monthly": ("month",),
}


def _to_date(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumWidth(140)
    return edit


class ExportScreen(QWidget):
    exported = Signal(object)  # the Path written
    failed = Signal(object)
    users_loaded = Signal()

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.busy = False
        self.path: Path | None = None
        self._last_dir = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        ) or str(Path.home())
        self.open_url = QDesktopServices.openUrl  # replaced in tests
        today = ctx.today()

        title = QLabel(self.tr("报表导出"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.report_combo = QComboBox()
        self.report_combo.setObjectName("reportCombo")
        for key, name in (
            ("ledger", self.tr("当日台账")),
            ("applications", self.tr("办件统计")),
            ("certificates", self.tr("证书发放")),
            ("overdue", self.tr("超期办件")),
            ("monthly", self.tr("月度统计")),
        ):
            self.report_combo.addItem(name, key)
        self.report_combo.currentIndexChanged.connect(self._report_changed)
        self.description = QLabel("")
        self.description.setObjectName("reportDescription")
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555;")

        self.day = _date_edit(today, "dayEdit")
        self.clerk_combo = QComboBox()
        self.clerk_combo.setObjectName("clerkCombo")
        self.clerk_combo.addItem(self.tr("全部经办人（本单位）"), None)
        self.clerk_combo.addItem(actor.display_name, actor.username)
        if actor.role == Role.CLERK.value:
            self.clerk_combo.setCurrentIndex(1)  # a clerk's ledger is their own unless they choose otherwise
        self.date_from = _date_edit(today.replace(day=1), "fromEdit")
        self.date_to = _date_edit(today, "toEdit")
        self.item_combo = QComboBox()
        self.item_combo.setObjectName("itemCombo")
        self.item_combo.addItem(self.tr("全部事项"), None)
        for code, item in ctx.catalogue.items.items():
            self.item_combo.addItem(f"{item.name}（{code}）", code)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.addItem(self.tr("全部状态"), None)
        for status in Status:
            if status is not Status.DRAFT:
                self.status_combo.addItem(STATUS_NAMES[status], status.value)
        self.on = _date_edit(today, "onEdit")
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("monthCombo")
        first = today.replace(day=1)
        for _ in range(MONTHS_OFFERED):
            self.month_combo.addItem(
                self.tr("{year}年{month}月").format(year=first.year, month=first.month), first
            )
            first = (first - timedelta(days=1)).replace(day=1)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.form.addRow(self.tr("报表(&R)："), self.report_combo)
        self.form.addRow("", self.description)
        self._rows: dict[str, QWidget] = {
            "day": self.day,
            "clerk": self.clerk_combo,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "item": self.item_combo,
            "status": self.status_combo,
            "on": self.on,
            "month": self.month_combo,
        }
        labels = {
            "day": self.tr("日期："),
            "clerk": self.tr("经办人："),
            "date_from": self.tr("开始日期（收件/办理）："),
            "date_to": self.tr("结束日期（含当天）："),
            "item": self.tr("事项："),
            "status": self.tr("办件状态："),
            "on": self.tr("截至日期："),
            "month": self.tr("月份："),
        }
        for key, widget in self._rows.items():
            self.form.addRow(labels[key], widget)
        for combo in (self.report_combo, self.clerk_combo, self.status_combo, self.month_combo):
            combo.setMinimumWidth(220)
        self.description.setMinimumWidth(560)

        self.export_button = shortcut_button(self.tr("导出…"), "Ctrl+S", self.choose_path, "exportButton")
        self.export_button.setStyleSheet("font-weight: bold;")
        self.open_button = shortcut_button(self.tr("打开文件"), "Ctrl+O", self.open_file, "openFileButton")
        self.folder_button = shortcut_button(
            self.tr("打开所在文件夹"), "Ctrl+Shift+O", self.open_folder, "openFolderButton"
        )
        self.progress = JobProgress()
        self.message = QLabel("")
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.export_button, self.open_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(self.form)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._report_changed()

    def activated(self) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.report_combo.setFocus()

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run_db(
            lambda: users.list_users(ctx), self._fill_users, lambda _e: None, name="excel.users"
        )

    def _fill_users(self, rows: list[UserView]) -> None:
        chosen = self.clerk_combo.currentData()
        self.clerk_combo.blockSignals(True)
        self.clerk_combo.clear()
        self.clerk_combo.addItem(self.tr("全部经办人（本单位）"), None)
        for user in sorted(rows, key=lambda u: (u.username != self._actor.username, u.username)):
            if user.active or user.username == chosen:
                self.clerk_combo.addItem(f"{user.display_name}（{user.username}）", user.username)
        self.clerk_combo.setCurrentIndex(max(0, self.clerk_combo.findData(chosen)))
        self.clerk_combo.blockSignals(False)
        self.users_loaded.emit()

    # -- choices --------------------------------------------------------------------------------------------

    def report(self) -> str:
        return str(self.report_combo.currentData())

    def set_report(self, key: str) -> None:
        self.report_combo.setCurrentIndex(self.report_combo.findData(key))

    def _report_changed(self) -> None:
        # The last file's message and buttons would read as if they belonged to the newly chosen report.
        self.path = None
        self.message.setText("")
        self._update()
        used = PARAMETERS[self.report()]
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, key in used)
        self.description.setText(
            {
                "ledger": self.tr("当天收件、受理或办结的办件，以及各经办人的办理汇总。"),
                "applications": self.tr("期间内收件的办件：按事项和状态汇总，附办件明细。"),
                "certificates": self.tr("期间内发证、延续、变更、注销的证书：按人员类别汇总，附办理明细。"),
                "overdue": self.tr("截至所选日期已超过应办结日期、仍未办结的办件，超期最久的在前。"),
                "monthly": self.tr("所选月份的收件、办结、按期办结率和证书办理统计，含图表。"),
            }[self.report()]
        )

    def default_name(self) -> str:
        report = self.report()
        name = self.report_combo.currentText()
        if report == "ledger":
            clerk = self.clerk_combo.currentData()
            who = f"_{self.clerk_combo.currentText().split('（')[0]}" if clerk else ""
            return f"{name}{who}_{_to_date(self.day):%Y-%m-%d}.xlsx"
        if report in ("applications", "certificates"):
            return self.tr("{name}_{start}至{end}.xlsx").format(
                name=name,
                start=f"{_to_date(self.date_from):%Y-%m-%d}",
                end=f"{_to_date(self.date_to):%Y-%m-%d}",
            )
        if report == "overdue":
            return f"{name}_{_to_date(self.on):%Y-%m-%d}.xlsx"
        return f"{name}_{self.month_combo.currentText()}.xlsx"

    def choose_path(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("导出到文件"), self.default_name(), self.tr("Excel 工作簿 (*.xlsx)"), self._last_dir
        )
        if path:
            self.export_to(path)

    # -- the export -----------------------------------------------------------------------------------------

    def _job(self, path: Path) -> Callable[[], Path]:
        """The export as a closure over plain values, so the worker reads no widget."""
        ctx, report, progress = self._ctx, self.report(), self.progress.callback
        if report == "ledger":
            day, clerk = _to_date(self.day), self.clerk_combo.currentData()
            return lambda: exports.export_ledger(ctx, day, path, clerk=clerk, progress=progress)
        if report == "applications":
            start, end = _to_date(self.date_from), _to_date(self.date_to)
            item, status = self.item_combo.currentData(), self.status_combo.currentData()
            return lambda: exports.export_applications(
                ctx, start, end, path, item_code=item, status=status, progress=progress
            )
        if report == "certificates":
            start, end = _to_date(self.date_from), _to_date(self.date_to)
            return lambda: reports.export_certificates(ctx, start, end, path, progress=progress)
        if report == "overdue":
            on = _to_date(self.on)
            return lambda: exports.export_overdue(ctx, path, on=on, progress=progress)
        month = self.month_combo.currentData()
        return lambda: reports.export_monthly(ctx, month, path)

    def export_to(self, path: str | Path) -> None:
        if self.busy:
            return
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        self._last_dir = str(target.parent)
        job = self._job(target)
        self.busy = True
        self.path = None
        self.message.setStyleSheet("")
        self.message.setText("")
        self.progress.start(self.tr("正在导出…"), cancellable=self.report() != "monthly")
        self._update()
        # Off the database worker: a 100,000-row export reads for a while (WAL lets the window's queries and
        # writes go on beside it).
        self._runner.run_io(job, self._done, self._failed, name="excel.export")

    def _done(self, path: Path) -> None:
        self.busy = False
        self.progress.finish()
        self.path = path
        self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.message.setText(self.tr("已导出：{path}").format(path=path))
        self._update()
        self.exported.emit(path)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.finish()
        message, fix = error_text(exc)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message + (self.tr("\n处理办法：{fix}").format(fix=fix) if fix else ""))
        if not (isinstance(exc, DomainError) and exc.code == "EXPORT_CANCELLED"):
            show_error(self, exc, self.tr("无法导出"))
        self._update()
        self.failed.emit(exc)

    def open_file(self) -> None:
        if self.path is not None:
            self.open_url(QUrl.fromLocalFile(str(self.path)))

    def open_folder(self) -> None:
        if self.path is not None:
            self.open_url(QUrl.fromLocalFile(str(self.path.parent)))

    def _update(self) -> None:
        self.export_button.setEnabled(not self.busy)
        self.report_combo.setEnabled(not self.busy)
        for widget in self._rows.values():
            widget.setEnabled(not self.busy)
        for button in (self.open_button, self.folder_button):
            button.setEnabled(not self.busy and self.path is not None)
