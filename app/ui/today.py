"""Today (今日工作台): my applications by status, due and overdue ones, corrections, and what needs attention."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Role, Status
from app.services import search
from app.services.context import Actor, ServiceContext
from app.services.outbox import acknowledge_rejection
from app.ui import calendar_banner
from app.ui.errors import show_error
from app.ui.formatting import days_left, fmt_date, fmt_datetime, item_name, text_of
from app.ui.labels import attention_advice, status_name
from app.ui.row_table import RowTable
from app.ui.tasks import TaskRunner

# The order a clerk reads the day in: work in hand first, finished work last.
TILE_STATUSES = (
    Status.DRAFT,
    Status.RECEIVED,
    Status.CORRECTION,
    Status.ACCEPTED,
    Status.UNDER_REVIEW,
    Status.APPROVED,
    Status.REFUSED,
    Status.RETURNED,
    Status.WITHDRAWN,
)


class TodayScreen(QWidget):
    open_requested = Signal(str)
    status_requested = Signal(str)  # show the applications list filtered by this status
    loaded = Signal()

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.data: search.Dashboard | None = None
        title = QLabel(self.tr("今日工作台"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.date_label = QLabel()
        self.date_label.setObjectName("todayDate")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.date_label)
        tiles = QGridLayout()
        tiles.setSpacing(8)
        self.tiles: dict[str, QPushButton] = {}
        for i, status in enumerate(TILE_STATUSES):
            tile = QPushButton()
            tile.setObjectName(f"tile_{status.value}")
            tile.setMinimumHeight(58)
            tile.setToolTip(self.tr("在办件查询中列出“{name}”的办件").format(name=status_name(status)))
            tile.clicked.connect(lambda _=False, s=status.value: self.status_requested.emit(s))
            tiles.addWidget(tile, i // 5, i % 5)
            self.tiles[status.value] = tile
        self._set_tiles({})
        app_columns = [
            (self.tr("办件编号"), lambda r: text_of(r, "number") or self.tr("（草稿）")),
            (self.tr("事项"), lambda r: item_name(ctx.catalogue, r["item_code"])),
            (self.tr("申请人"), lambda r: text_of(r, "applicant_name")),
            (self.tr("状态"), lambda r: status_name(r["status"])),
            (self.tr("办理时限"), self._due_text),
            (self.tr("收件时间"), lambda r: fmt_datetime(r.get("received_at"))),
        ]
        self.overdue = RowTable(app_columns)
        self.due_soon = RowTable(app_columns)
        self.corrections = RowTable(app_columns)
        self.attention = RowTable(
            [
                (self.tr("办件"), self._attention_subject),
                (self.tr("中心答复"), lambda r: text_of(r, "result_message")),
                (self.tr("处理办法"), lambda r: attention_advice(r.get("result_code"))),
                (self.tr("时间"), lambda r: fmt_datetime(r.get("created_at"))),
            ],
            key_field="entity_id",
        )
        for table in (self.overdue, self.due_soon, self.corrections, self.attention):
            table.activated_key.connect(self.open_requested.emit)
        self.overdue.setObjectName("overdueTable")
        self.due_soon.setObjectName("dueSoonTable")
        self.corrections.setObjectName("correctionsTable")
        self.attention.setObjectName("attentionTable")
        self.ack_button = QPushButton(self.tr("已处理"))
        self.ack_button.setObjectName("ackButton")
        self.ack_button.setToolTip(self.tr("标记选中的事项已处理（Ctrl+D）"))
        self.ack_button.setShortcut("Ctrl+D")
        self.ack_button.clicked.connect(self.acknowledge_current)
        attention_page = QWidget()
        box = QVBoxLayout(attention_page)
        box.setContentsMargins(0, 4, 0, 0)
        hint = QLabel(self.tr("中心拒绝的变更：请打开办件按“处理办法”办理，完成后点“已处理”。"))
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addWidget(self.attention, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ack_button)
        box.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("todayTabs")
        self.tabs.addTab(self.overdue, "")
        self.tabs.addTab(self.due_soon, "")
        self.tabs.addTab(self.corrections, "")
        self.tabs.addTab(attention_page, "")
        self._set_tab_titles()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)

    def _due_text(self, row: dict[str, Any]) -> str:
        left = days_left(row.get("due_on"), self._ctx.today())
        due = fmt_date(row.get("due_on"))
        if left is None:
            return ""
        if left < 0:
            return self.tr("{due}（已超期{n}天）").format(due=due, n=-left)
        if left == 0:
            return self.tr("{due}（今天到期）").format(due=due)
        return self.tr("{due}（剩{n}天）").format(due=due, n=left)

    def _attention_subject(self, row: dict[str, Any]) -> str:
        return text_of(row, "op").replace("application.", "") + " " + text_of(row, "entity_id")[:8]

    def _set_tiles(self, by_status: dict[str, int]) -> None:
        for code, tile in self.tiles.items():
            n = by_status.get(code, 0)
            shown = f"{search.TILE_CAP}+" if n > search.TILE_CAP else str(n)
            tile.setText(f"{shown}\n{status_name(code)}")

    def _set_tab_titles(self) -> None:
        d = self.data
        counts = (
            (len(d.overdue), len(d.due_soon), len(d.corrections), len(d.attention)) if d else (0, 0, 0, 0)
        )
        titles = (self.tr("已超期"), self.tr("即将到期"), self.tr("退回补正"), self.tr("需要处理"))
        for i, (title, n) in enumerate(zip(titles, counts, strict=True)):
            self.tabs.setTabText(i, f"{title}（{n}）")

    def focus_first(self) -> None:
        self.tabs.currentWidget().setFocus()

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        ctx, username = self._ctx, self._actor.username
        reviewer = self._actor.role == Role.SUPERVISOR.value  # waiting for review, not what they received
        self.calendar_banner.refresh()
        self.date_label.setText(ctx.today().strftime("%Y-%m-%d"))
        self._runner.run_db(
            lambda: search.dashboard(ctx, username, reviewer=reviewer), self._apply, name="today.dashboard"
        )

    def _apply(self, data: search.Dashboard) -> None:
        self.data = data
        self._set_tiles(data.by_status)
        self.overdue.set_rows(data.overdue)
        self.due_soon.set_rows(data.due_soon)
        self.corrections.set_rows(data.corrections)
        self.attention.set_rows(data.attention)
        self.ack_button.setEnabled(bool(data.attention))
        self._set_tab_titles()
        if data.attention:
            self.tabs.tabBar().setTabTextColor(3, Qt.GlobalColor.red)
        self.loaded.emit()

    def acknowledge_current(self) -> None:
        row = self.attention.current_row_data()
        if row is None:
            return
        ctx, actor, outbox_id = self._ctx, self._actor, int(row["id"])
        self._runner.run_db(
            lambda: acknowledge_rejection(ctx, actor, outbox_id),
            lambda _r: self.refresh(),
            lambda exc: show_error(self, exc),
        )
