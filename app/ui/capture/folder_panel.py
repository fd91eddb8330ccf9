"""扫描文件夹: the scanner's "scan to folder" target, watched while this panel says so.

Each poll (WatchedFolderSource.poll) runs on the io pool; every complete new file is prepared there and attached
on the database worker to the material chosen in the dialog at that moment. Imported files move to 已导入,
refused ones to 导入失败 with a note beside them; the panel keeps a log of both. The folder is remembered for
this workstation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.capture.source_base import CapturedItem
from app.capture.watched_folder import FAILED_DIR, IMPORTED_DIR, PollReport, WatchedFolderSource
from app.services import materials
from app.services.context import Actor, ServiceContext
from app.ui import file_dialogs
from app.ui.capture.common import MaterialTarget, alive, load_settings, save_settings
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

SETTING_KEY = "scan_folder"
SETTING_AUTO = "scan_folder_auto"  # the clerk left it watching: watch again as soon as the dialog opens


class _Stopped(BaseException):
    """Watching stopped mid-poll: leave the file where it is (not Exception, so poll() does not mark it failed)."""


class FolderPanel(QWidget):
    stored = Signal(str, object)  # material code, [PageView]
    failed = Signal(str, object)  # file name, DomainError
    watching_changed = Signal(bool)
    resumed = Signal()  # watching resumed by itself (the dialog shows this tab)

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        ref: str | int,
        target: Callable[[], MaterialTarget | None],
        data_dir: Path,
        parent: QWidget | None = None,
        *,
        interval_ms: int = 1500,
        settle_s: float = 2.0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("folder_panel")
        self.ctx, self.actor, self.runner, self.ref = ctx, actor, runner, ref
        self.target, self.data_dir, self.settle_s = target, data_dir, settle_s
        self.source: WatchedFolderSource | None = None
        self._stop = threading.Event()
        self._polling = False
        self._unreadable = False

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("folder_path")
        self.path_edit.setPlaceholderText(self.tr("扫描仪“扫描到文件夹”的目标文件夹"))
        self.choose_button = QPushButton(self.tr("选择文件夹…"))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        self.toggle_button = QPushButton(self.tr("开始监视"))
        self.toggle_button.setObjectName("toggle_watch")
        self.toggle_button.setAutoDefault(False)
        self.toggle_button.clicked.connect(self.toggle)
        self.status = QLabel(
            self.tr("未监视。选择文件夹后按“开始监视”，扫描仪存入的新文件会自动导入当前材料。")
        )
        self.status.setObjectName("folder_status")
        self.status.setWordWrap(True)
        self.log = QListWidget()
        self.log.setObjectName("folder_log")
        self.log.setAccessibleName(self.tr("导入记录"))
        self.log.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.toggle_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(
            QLabel(
                self.tr("导入记录（成功的文件移入“{ok}”，失败的移入“{bad}”并附说明）").format(
                    ok=IMPORTED_DIR, bad=FAILED_DIR
                )
            )
        )
        layout.addWidget(self.log, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll_now)
        data = data_dir
        runner.run_io(lambda: load_settings(data), alive(self, self._settings_loaded), lambda _exc: None)

    @property
    def watching(self) -> bool:
        return self.source is not None

    def _settings_loaded(self, values: dict[str, object]) -> None:
        folder = values.get(SETTING_KEY)
        if isinstance(folder, str) and folder and not self.path_edit.text():
            self.path_edit.setText(folder)
            if values.get(SETTING_AUTO) and not self.watching:
                self.resumed.emit()  # no key to press: the scanner's folder is watched again at once
                self.start()

    def choose(self) -> None:
        folder = file_dialogs.choose_folder(self, self.tr("选择扫描文件夹"), self.path_edit.text())
        if folder:
            self.path_edit.setText(folder)

    def toggle(self) -> None:
        if self.watching:
            self.stop()
            data_dir = self.data_dir
            self.runner.run_io(lambda: save_settings(data_dir, {SETTING_AUTO: False}), None, lambda _e: None)
        else:
            self.start()

    # ------------------------------------------------------------------ watching

    def start(self, folder: Path | None = None) -> None:
        """Check the folder on the io pool, remember it for this workstation, then poll on the timer."""
        if folder is not None:
            self.path_edit.setText(str(folder))
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("请先选择扫描文件夹。"))
            return
        source = WatchedFolderSource(Path(text), settle_s=self.settle_s)
        data_dir = self.data_dir
        self.toggle_button.setEnabled(False)

        def check() -> tuple[bool, str]:
            ok, why = source.available()
            if ok:
                save_settings(data_dir, {SETTING_KEY: text, SETTING_AUTO: True})
            return ok, why

        self.runner.run_io(
            check, alive(self, lambda result: self._checked(source, result)), alive(self, self._check_failed)
        )

    def _checked(self, source: WatchedFolderSource, result: tuple[bool, str]) -> None:
        self.toggle_button.setEnabled(True)
        ok, why = result
        if not ok:
            self.status.setText(why)
            self._log(self.tr("无法监视：{why}").format(why=why), ok=False)
            return
        self._stop = threading.Event()
        self.source = source
        self._unreadable = False
        self.path_edit.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.toggle_button.setText(self.tr("停止监视"))
        self.status.setText(
            self.tr("正在监视“{folder}”：新文件写完后自动导入。").format(folder=source.folder)
        )
        self.timer.start()
        self.watching_changed.emit(True)
        self.poll_now()

    def _check_failed(self, exc: BaseException) -> None:
        self.toggle_button.setEnabled(True)
        message, fix = error_text(exc)
        self.status.setText(f"{message} {fix}".strip())

    def stop(self) -> None:
        self._stop.set()
        self.timer.stop()
        if self.source is None:
            return
        self.source = None
        self.path_edit.setEnabled(True)
        self.choose_button.setEnabled(True)
        self.toggle_button.setText(self.tr("开始监视"))
        self.status.setText(self.tr("已停止监视。"))
        self.watching_changed.emit(False)

    def poll_now(self) -> None:
        target = self.target()
        if self.source is None or self._polling or target is None:
            return
        self._polling = True
        source, stop, runner = self.source, self._stop, self.runner
        ctx, actor, ref = self.ctx, self.actor, self.ref

        def handle(item: CapturedItem) -> None:
            if stop.is_set():
                raise _Stopped
            pages = materials.prepare(target.kind, item.name, item.data)
            if stop.is_set():
                raise _Stopped
            # On the database worker like every write; waiting here lets poll() settle the file by the result.
            runner.run_db(
                lambda: materials.attach(ctx, actor, ref, target.code, pages, source="folder"),
                alive(self, lambda views: self.stored.emit(target.code, views)),
                lambda _exc: None,  # reported through the poll report below
            ).result()

        def job() -> PollReport:
            try:
                return source.poll(handle)
            except _Stopped:
                return PollReport()

        runner.run_io(
            job, alive(self, lambda report: self._polled(target, report)), alive(self, self._poll_failed)
        )

    def _polled(self, target: MaterialTarget, report: PollReport) -> None:
        self._polling = False
        if self._unreadable and self.source is not None:
            self._unreadable = False
            self.status.setText(self.tr("扫描文件夹已恢复，继续监视。"))
        for name in report.imported:
            self._log(self.tr("已导入 {file} → {material}").format(file=name, material=target.name), ok=True)
        for name, error in report.failed:
            message, fix = error_text(error)
            self._log(
                self.tr("导入失败 {file}：{message} {fix}").format(file=name, message=message, fix=fix),
                ok=False,
            )
            self.failed.emit(name, error)

    def _poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        message, fix = error_text(exc)
        if not self._unreadable:  # say it once, not every 1.5 s while a share is down
            self._unreadable = True
            self._log(f"{message} {fix}".strip(), ok=False)
        self.status.setText(self.tr("{message}（恢复后自动继续）").format(message=message))

    def _log(self, text: str, *, ok: bool) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        item = QListWidgetItem(f"{stamp}  {'✓' if ok else '✗'} {text}")
        item.setForeground(QColor("#2e7d32" if ok else "#c62828"))
        item.setData(Qt.ItemDataRole.UserRole, ok)
        self.log.insertItem(0, item)

    def log_lines(self) -> list[str]:
        return [self.log.item(i).text() for i in range(self.log.count())]
