"""The review screen (审核): accepted applications by due date; the form beside the scanned materials, compared with
the registry, the rules re-evaluated now; approve (Ctrl+Enter) or return with a reason (Ctrl+R); batch approval
of simple items; after approval, the certificate's print preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import review
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui import calendar_banner
from app.ui.errors import show_error
from app.ui.formatting import fmt_date, fmt_datetime, item_name
from app.ui.papers.opinion import OpinionBox
from app.ui.printing import jobs
from app.ui.review.colours import AMBER, GREEN, RED
from app.ui.review.compare_view import CompareTable
from app.ui.review.decisions import ReviewDecisions
from app.ui.review.materials_view import Loader, MaterialsViewer
from app.ui.review.sheet import NOT_PENDING, NOT_REVIEWER, OWN_APPLICATION, ReviewSheet, review_sheet
from app.ui.tasks import TaskRunner

COMPARE_MAX_WIDTH = 760


class ReviewScreen(ReviewDecisions, QWidget):
    open_requested = Signal(str)  # application uuid: the main window opens its detail view
    approved = Signal(str, str)  # application uuid, certificate number

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        blob_loader: Loader | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self._loader = blob_loader if blob_loader is not None else jobs.default_loader(ctx)
        self.apps: list[ApplicationView] = []
        self.sheet: ReviewSheet | None = None
        self.dialog: QWidget | None = None  # the last dialog opened, for keyboard users and tests

        title = QLabel(self.tr("审核"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.count = QLabel("")
        self.count.setObjectName("queueCount")
        self.batch_button = QPushButton(self.tr("批量审核通过…"))
        self.batch_button.setObjectName("batchApproveButton")
        self.batch_button.setToolTip(self.tr("勾选列表中的延续、补办、注销等简易事项，一次确认全部通过"))
        self.batch_button.clicked.connect(self.batch_approve)
        self.print_button = QPushButton(self.tr("批量打印证书…"))
        self.print_button.setObjectName("batchPrintButton")
        self.print_button.clicked.connect(self.batch_print)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(self.count)
        head.addStretch(1)
        head.addWidget(self.batch_button)
        head.addWidget(self.print_button)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("reviewQueue")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("批量"),
                self.tr("办件编号"),
                self.tr("事项"),
                self.tr("申请人"),
                self.tr("收件人"),
                self.tr("办理时限"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda row, *_: self._select(row))

        self.header = QLabel(self.tr("请在上方列表中选择办件。"))
        self.header.setObjectName("sheetHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.compare = CompareTable()
        self.rules_title = QLabel(self.tr("<b>规则复核</b>"))
        self.rules = QListWidget()
        self.rules.setObjectName("reviewRules")
        self.rules.setWordWrap(True)
        self.rules.setMaximumHeight(130)
        form_side = QWidget()
        fl = QVBoxLayout(form_side)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.header)
        fl.addWidget(self.compare, 1)
        fl.addWidget(self.rules_title)
        fl.addWidget(self.rules)
        self.opinion = OpinionBox(ctx, actor, runner, self)
        fl.addWidget(self.opinion)
        self.viewer = MaterialsViewer(runner, self._loader)
        self.viewer.setMinimumWidth(280)  # a page scrolls; the comparison's numbers must not be cut
        # The supervisor moves this handle to give the comparison or the scans more room; neither side vanishes.
        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.setObjectName("compareSplitter")
        detail.setChildrenCollapsible(False)
        detail.setHandleWidth(8)
        detail.setStyleSheet("QSplitter#compareSplitter::handle { background: #c8ccd4; }")
        detail.addWidget(form_side)
        detail.addWidget(self.viewer)
        detail.setSizes([560, 520])
        self.detail_split = detail
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([200, 560])

        self.why = QLabel("")
        self.why.setObjectName("whyDisabled")
        self.why.setWordWrap(True)
        self.why.setStyleSheet(f"color: {RED};")
        self.return_button = QPushButton(self.tr("退件（Ctrl+R）"))
        self.return_button.setObjectName("returnButton")
        self.return_button.clicked.connect(self.return_current)
        self.approve_button = QPushButton(self.tr("审核通过（Ctrl+Enter）"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setStyleSheet("font-weight: bold; padding: 4px 16px;")
        self.approve_button.clicked.connect(self.confirm_approve)
        bar = QHBoxLayout()
        bar.addWidget(self.why, 1)
        bar.addWidget(self.return_button)
        bar.addWidget(self.approve_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner)
        layout.addWidget(split, 1)
        layout.addLayout(bar)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(keys),
                self,
                self.confirm_approve,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        QShortcut(
            QKeySequence("Ctrl+R"),
            self,
            self.return_current,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._set_actions(None)
        self._loaded_once = False

    # -- the queue -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        ctx = self._ctx
        self.calendar_banner.refresh()
        self._loaded_once = True
        self.count.setText(self.tr("正在读取…"))
        self._runner.run_db(
            lambda: review.queue(ctx), self._fill, lambda exc: show_error(self, exc), name="review.queue"
        )

    def activated(self) -> None:
        if not self._loaded_once:
            self.refresh()

    def focus_first(self) -> None:
        self.table.setFocus()

    def _fill(self, apps: list[ApplicationView]) -> None:
        current = self.sheet.app.uuid if self.sheet else None
        self.apps = apps
        simple = {
            code for code, it in self._ctx.catalogue.items.items() if it.effect in review.SIMPLE_EFFECTS
        }
        today = self._ctx.today()
        self.table.blockSignals(True)
        self.table.setRowCount(len(apps))
        for r, app in enumerate(apps):
            check = QTableWidgetItem("")
            if app.item_code in simple:
                check.setFlags(check.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(Qt.CheckState.Unchecked)
                check.setToolTip(self.tr("简易事项，可批量审核"))
            else:
                check.setFlags(check.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            due = QTableWidgetItem(self._due_text(app.due_on, today))
            if app.due_on is not None and (app.due_on - today).days <= 1:
                due.setForeground(QBrush(QColor(RED)))
            cells = [
                check,
                app.number or "",
                item_name(self._ctx.catalogue, app.item_code),
                app.applicant_name,
                app.received_by or "",
                due,
            ]
            for c, cell in enumerate(cells):
                self.table.setItem(
                    r, c, cell if isinstance(cell, QTableWidgetItem) else QTableWidgetItem(cell)
                )
        self.table.blockSignals(False)
        self.count.setText(self.tr("待审核 %1 件（按办理时限排序）").replace("%1", str(len(apps))))
        row = next((i for i, a in enumerate(apps) if a.uuid == current), 0)
        if apps:
            self.table.setCurrentCell(row, 1)
            self._select(row)
        else:
            self._clear()

    def _due_text(self, due: date | None, today: date) -> str:
        if due is None:
            return ""
        days = (due - today).days
        if days < 0:
            return self.tr("%1（已超期%2天）").replace("%1", fmt_date(due)).replace("%2", str(-days))
        return self.tr("%1（剩%2天）").replace("%1", fmt_date(due)).replace("%2", str(days))

    def checked_apps(self) -> list[ApplicationView]:
        return [
            app
            for r, app in enumerate(self.apps)
            if self.table.item(r, 0) is not None
            and self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    # -- one application -----------------------------------------------------------------------------------

    def _select(self, row: int) -> None:
        if not 0 <= row < len(self.apps):
            return
        ctx, actor, uuid = self._ctx, self._actor, self.apps[row].uuid
        self._set_actions(None)
        self.header.setText(self.tr("正在读取办件…"))
        self._runner.run_db(
            lambda: review_sheet(ctx, actor, uuid),
            self.show_sheet,
            lambda exc: show_error(self, exc),
            name="review.sheet",
        )

    def _clear(self) -> None:
        self.sheet = None
        self.header.setText(self.tr("没有待审核的办件。"))
        self.compare.set_rows(())
        self.rules.clear()
        self.rules.setVisible(False)
        self.viewer.set_pages(())
        self.opinion.set_application(None)
        self._set_actions(None)

    def show_sheet(self, sheet: ReviewSheet) -> None:
        self.sheet = sheet
        app = sheet.app
        self.header.setText(
            self.tr("<b>%1</b>　%2　办件 %3<br>收件：%4　%5　　办理时限：%6")
            .replace("%1", sheet.item_name)
            .replace("%2", app.applicant_name)
            .replace("%3", app.number or "")
            .replace("%4", app.received_by or "")
            .replace("%5", fmt_datetime(app.received_at))
            .replace("%6", fmt_date(app.due_on))
        )
        self.compare.set_rows(sheet.rows)
        self._open_comparison()
        self._show_rules(sheet)
        self.viewer.set_pages(sheet.pages)
        self.opinion.set_application(app)
        self._set_actions(sheet)

    def _open_comparison(self) -> None:
        """The comparison never gets narrower than its numbers need (up to COMPARE_MAX_WIDTH); the scans give way,
        and the supervisor may still move the handle to widen it."""
        need = min(self.compare.needed_width(), COMPARE_MAX_WIDTH)
        self.compare.setMinimumWidth(need)
        sizes = self.detail_split.sizes()
        if len(sizes) == 2 and sizes[0] < need:
            self.detail_split.setSizes([need, max(0, sum(sizes) - need)])

    def _show_rules(self, sheet: ReviewSheet) -> None:
        self.rules.clear()
        self.rules.setVisible(bool(sheet.failures))
        if not sheet.failures:
            self.rules_title.setText(
                self.tr("<b>规则复核</b>　<span style='color:%1'>✔ 现在复核全部通过</span>").replace(
                    "%1", GREEN
                )
            )
            return
        stop = sum(1 for f in sheet.failures if f.blocking)
        self.rules_title.setText(
            self.tr("<b>规则复核</b>　<span style='color:%1'>%2 项不通过</span>，%3 项提醒")
            .replace("%1", RED)
            .replace("%2", str(stop))
            .replace("%3", str(len(sheet.failures) - stop))
        )
        for f in sorted(sheet.failures, key=lambda f: not f.blocking):
            item = QListWidgetItem(f"{'✘' if f.blocking else '!'} {f.message}\n　{self.tr('处理：')}{f.fix}")
            item.setForeground(QBrush(QColor(RED if f.blocking else AMBER)))
            self.rules.addItem(item)

    def _set_actions(self, sheet: ReviewSheet | None) -> None:
        allowed = sheet is not None and sheet.can_approve
        blocked = sheet is not None and any(f.blocking for f in sheet.failures)
        self.approve_button.setEnabled(allowed and not blocked)
        self.return_button.setEnabled(
            sheet is not None and sheet.why_not != NOT_REVIEWER and sheet.why_not != NOT_PENDING
        )
        self.why.setStyleSheet(f"color: {RED}; font-weight: bold;")
        if sheet is None:
            self.why.setText("")
        elif not allowed:
            self.why.setText(self.why_text(sheet.why_not))
        elif blocked:
            self.why.setText(self.tr("规则复核有不通过项，不能审核通过；请退件并写明原因。"))
        else:
            self.why.setText("")
        self.approve_button.setToolTip(self.why.text() or self.tr("审核通过并办结（Ctrl+Enter）"))

    def why_text(self, code: str) -> str:
        return {
            OWN_APPLICATION: self.tr(
                "您是该办件的收件人，不能审核自己收件的办件（审批分离）；请交由另一位审核人员审核。"
            ),
            NOT_REVIEWER: self.tr("只有审核人员可以审核办件。"),
            NOT_PENDING: self.tr("该办件已不在待审核状态，请按 F5 刷新列表。"),
        }.get(code, code)
