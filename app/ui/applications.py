"""Applications (办件查询): filter by status, item, dates and free text searched as the clerk types."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.workflow import Status
from app.services import search
from app.services.context import Actor, ServiceContext
from app.ui import calendar_banner
from app.ui.applications_model import UUID_ROLE, ApplicationsModel
from app.ui.errors import show_error
from app.ui.labels import status_name
from app.ui.tasks import TaskRunner

DEBOUNCE_MS = 150


class _Table(QTableView):
    activated_uuid = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_uuid.emit(self.currentIndex().data(UUID_ROLE))
            return
        super().keyPressEvent(event)


class _SearchText(QLineEdit):
    """↓ leaves the search box for the result list (Enter keeps the caret here)."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class ApplicationsScreen(QWidget):
    open_requested = Signal(str)

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationsScreen")
        self._ctx, self._actor = ctx, actor
        self.model = ApplicationsModel(ctx, runner, self)
        self.model.total_changed.connect(self._show_total)
        self._open_single = False
        self.model.searched.connect(self._searched)
        self.model.failed.connect(lambda exc: show_error(self, exc))
        title = QLabel(self.tr("办件查询"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.text = _SearchText()
        self.text.setObjectName("searchText")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("办件编号 / 身份证号 / 姓名 / 单位 / 证书编号，边输边查"))
        self.text.setToolTip(self.tr("输入即查询（F3 定位到此处）"))
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("全部状态"), "")
        for s in Status:
            self.status.addItem(status_name(s), s.value)
        self.item = QComboBox()
        self.item.setObjectName("itemFilter")
        self.item.addItem(self.tr("全部事项"), "")
        for it in ctx.catalogue.items.values():
            self.item.addItem(it.short_name, it.code)
        self.item.setMaximumWidth(260)
        self.mine = QCheckBox(self.tr("只看我收的"))
        self.mine.setObjectName("mineFilter")
        self.use_dates = QCheckBox(self.tr("创建日期"))
        self.use_dates.setObjectName("dateFilter")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.total_label = QLabel("")
        self.total_label.setObjectName("totalLabel")
        filters = QHBoxLayout()
        filters.addWidget(self.text, 3)
        filters.addWidget(self.status)
        filters.addWidget(self.item, 1)
        filters.addWidget(self.mine)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("至")))
        filters.addWidget(self.date_to)
        self.table = _Table()
        self.table.setObjectName("applicationsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((190, 150, 110, 80, 170, 220, 140, 100)):
            self.table.setColumnWidth(col, width)
        self.table.activated_uuid.connect(self.open_requested.emit)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(index.data(UUID_ROLE)))
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.total_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.text, self.status)
        self.setTabOrder(self.status, self.item)
        self.setTabOrder(self.item, self.mine)
        self.setTabOrder(self.mine, self.use_dates)
        self.setTabOrder(self.use_dates, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.table)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.text.returnPressed.connect(self._enter_in_text)
        self.text.down.connect(self._into_list)
        self.status.currentIndexChanged.connect(lambda _i: self.run_search())
        self.item.currentIndexChanged.connect(lambda _i: self.run_search())
        self.mine.toggled.connect(lambda _b: self.run_search())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.run_search())
        self.date_to.dateChanged.connect(lambda _d: self.use_dates.isChecked() and self.run_search())
        self._searched_once = False

    def filters(self) -> search.Filters:
        status = self.status.currentData()
        item = self.item.currentData()
        dates = self.use_dates.isChecked()
        return search.Filters(
            text=self.text.text().strip(),
            statuses=(status,) if status else (),
            item_codes=(item,) if item else (),
            date_from=self.date_from.date().toPython() if dates else None,
            date_to=self.date_to.date().toPython() if dates else None,
            created_by=self._actor.username if self.mine.isChecked() else None,
        )

    def run_search(self) -> None:
        self._debounce.stop()
        self._searched_once = True
        self.total_label.setText(self.tr("正在查询…"))
        self.model.search(self.filters())

    def refresh(self) -> None:
        self.calendar_banner.refresh()
        self.run_search()

    def activated(self) -> None:
        """Shown again (e.g. back from a detail view): keep the list and its scroll position as they were."""
        if not self._searched_once:
            self.run_search()

    def focus_first(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        self.text.setFocus()
        self.text.selectAll()

    def search_for(self, text: str) -> None:
        """Show the list filtered by this text (e.g. a scanned ID number), other filters cleared."""
        self.text.blockSignals(True)
        self.text.setText(text)
        self.text.blockSignals(False)
        self.status.blockSignals(True)
        self.status.setCurrentIndex(0)
        self.status.blockSignals(False)
        self.run_search()

    def set_status(self, status: str) -> None:
        index = self.status.findData(status)
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)
        if index >= 0 and index != self.status.currentIndex():
            self.status.setCurrentIndex(index)  # runs the search
        else:
            self.run_search()

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.run_search()

    def _enter_in_text(self) -> None:
        """Enter in the search box: search now; a single hit opens at once. The caret stays in the box so the
        clerk can correct the text and press Enter again; ↓ moves into the list."""
        if self._debounce.isActive() or self.filters() != self.model.filters:
            self._open_single = True
            self.run_search()
            return
        self._select_first()

    def _into_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _searched(self, _seconds: float) -> None:
        if self._open_single:
            self._open_single = False
            self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount() >= 1:
            self.table.selectRow(0)
            self.text.setFocus()
        if self.model.rowCount() == 1:
            self.open_requested.emit(self.model.row(0)["uuid"])

    def _show_total(self, n: int) -> None:
        if n > search.COUNT_CAP:  # the count stops there rather than read every match
            self.total_label.setText(self.tr("超过 {n} 件").format(n=search.COUNT_CAP))
        else:
            self.total_label.setText(self.tr("共 {n} 件").format(n=n))
