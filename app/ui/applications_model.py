"""The applications list model: pages of `search.page` loaded lazily through the runner, for any number of rows.

Only one search is current (a generation number): results of a superseded search are dropped on delivery and a
superseded search that has not started yet returns at once on the database worker, so fast typing never queues
up a backlog of queries.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from app.services import search
from app.services.context import ServiceContext
from app.ui.formatting import days_left, fmt_date, fmt_datetime, item_name, text_of
from app.ui.labels import status_name, sync_state_name
from app.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
UUID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
COUNT_DELAY_MS = 250


class ApplicationsModel(QAbstractTableModel):
    searched = Signal(float)  # seconds from the search being issued to the first page shown
    total_changed = Signal(int)
    failed = Signal(object)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._rows: list[dict[str, Any]] = []
        self._filters = search.Filters()
        self._sort, self._descending = "id", True
        self._generation = 0
        self._more = False
        self._fetching = False
        self.total: int | None = None
        today = ctx.today
        self.columns: list[tuple[str, str, Callable[[dict[str, Any]], str]]] = [
            ("number", self.tr("办件编号"), lambda r: text_of(r, "number") or self.tr("（草稿）")),
            ("item_code", self.tr("事项"), lambda r: item_name(ctx.catalogue, r["item_code"])),
            ("status", self.tr("状态"), lambda r: status_name(r["status"])),
            ("applicant_name", self.tr("申请人"), lambda r: text_of(r, "applicant_name")),
            ("id_number", self.tr("身份证号"), lambda r: text_of(r, "id_number")),
            ("company_name", self.tr("单位"), lambda r: text_of(r, "company_name")),
            ("received_at", self.tr("收件时间"), lambda r: fmt_datetime(r.get("received_at"))),
            ("due_on", self.tr("办理时限"), lambda r: fmt_date(r.get("due_on"))),
            ("sync_state", self.tr("同步"), lambda r: sync_state_name(r.get("sync_state"))),
        ]
        self._today = today
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._count)

    # -- Qt model interface ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][2](row)
        if role == UUID_ROLE:
            return row["uuid"]
        if role == Qt.ItemDataRole.ForegroundRole and self.columns[index.column()][0] == "due_on":
            left = days_left(row.get("due_on"), self._today())
            if left is not None and left < 0 and row["status"] in ("received", "accepted", "under_review"):
                return QColor("#b00020")
        return None

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True
        gen, f, offset = self._generation, self._filters, len(self._rows)
        ctx, sort, desc = self._ctx, self._sort, self._descending

        def job() -> list[dict[str, Any]] | None:
            if gen != self._generation:
                return None
            return search.page(ctx, f, offset=offset, limit=PAGE, sort=sort, descending=desc)

        self._runner.run_db(job, lambda rows: self._append(gen, rows), self._error, name="applications.more")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # -1 is "no sort column" (the view's initial state): newest first, by the primary key.
        key = self.columns[column][0] if 0 <= column < len(self.columns) else "id"
        if key not in search.SORTABLE:
            key = "id"
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.search(self._filters)

    # -- searching ------------------------------------------------------------------------------------------

    @property
    def filters(self) -> search.Filters:
        return self._filters

    def row(self, i: int) -> dict[str, Any]:
        return self._rows[i]

    def search(self, filters: search.Filters) -> None:
        self._generation += 1
        self._count_timer.stop()
        gen = self._generation
        self._filters = filters
        self._fetching = False
        ctx, sort, desc = self._ctx, self._sort, self._descending
        started = time.perf_counter()

        def job() -> list[dict[str, Any]] | None:
            if gen != self._generation:
                return None  # a newer search was issued before this one started: skip the query
            return search.page(ctx, filters, offset=0, limit=PAGE, sort=sort, descending=desc)

        self._runner.run_db(
            job, lambda rows: self._reset(gen, rows, started), self._error, name="applications.page"
        )

    def _reset(self, gen: int, rows: list[dict[str, Any]] | None, started: float) -> None:
        if rows is None or gen != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self._more = len(rows) == PAGE
        self.total = None if self._more else len(rows)
        self.endResetModel()
        self.searched.emit(time.perf_counter() - started)
        if self._more:
            # Counting scans every match: let the clerk's next keystroke go first, count once typing pauses.
            self._count_timer.start(COUNT_DELAY_MS)
        else:
            self.total_changed.emit(len(rows))

    def _count(self) -> None:
        gen, ctx, f = self._generation, self._ctx, self._filters

        def job() -> int | None:
            return None if gen != self._generation else search.count(ctx, f)

        def done(n: int | None) -> None:
            if n is not None and gen == self._generation:
                self.total = n
                self.total_changed.emit(n)

        # The runner may have shut down with the window: then there is nothing left to count for.
        with contextlib.suppress(RuntimeError):
            self._runner.run_db(job, done, self._error, name="applications.count")

    def _append(self, gen: int, rows: list[dict[str, Any]] | None) -> None:
        self._fetching = False
        if rows is None or gen != self._generation:
            return
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._more = len(rows) == PAGE

    def _error(self, exc: BaseException) -> None:
        self._fetching = False
        self.failed.emit(exc)
