"""Reference-data import (数据导入, administrators only): 成绩表, 企业资质, 建造师注册, 黑名单 from Excel.

Choose the kind and the file (or drop an .xlsx on the screen); the sheet is checked in the background and the
preview shows what would change and which rows are wrong, row by row. 确认导入 commits the valid rows in one
transaction. Both passes read the store, so both run on the database worker; the progress bar's cancel stops
them with nothing written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.services import imports
from app.services.context import Actor, ServiceContext
from app.services.imports import ImportReport
from app.ui import file_dialogs
from app.ui.dialog_parts import shortcut_button
from app.ui.errors import error_text, show_error
from app.ui.excel.import_report import ImportReportView
from app.ui.excel.progress import JobProgress
from app.ui.tasks import TaskRunner

ERRORS_DIR = "导入错误行"


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(
        Path.home()
    )


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    return Path(urls[0].toLocalFile())


def error_path_for(ctx: ServiceContext, path: Path) -> Path | None:
    """Beside the input (None: the service's default) unless that folder cannot be written, as on a CD or a
    read-only share; then under the data folder. Runs on the worker: it may create a folder."""
    if os.access(path.parent, os.W_OK):
        return None
    folder = Path(ctx.data_dir or Path.home()) / ERRORS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return imports.default_error_path(folder / path.name)


class ImportScreen(QWidget):
    previewed = Signal(object)  # ImportReport
    committed = Signal(object)  # ImportReport
    failed = Signal(object)  # the exception of a preview, commit or file operation
    template_saved = Signal(object)  # Path
    error_book_saved = Signal(object)  # Path

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importScreen")
        self.setAcceptDrops(True)
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.busy = False
        # Opening a file is the desktop's business; tests replace this to see what would be opened.
        self.open_url = QDesktopServices.openUrl

        title = QLabel(self.tr("数据导入"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind, name in imports.import_kinds().items():
            self.kind_combo.addItem(name, kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        kind_label = QLabel(self.tr("数据类型(&K)："))
        kind_label.setBuddy(self.kind_combo)
        self.template_button = shortcut_button(
            self.tr("下载模板…"), "Ctrl+T", self.choose_template, "templateButton"
        )
        self.file_button = shortcut_button(self.tr("选择文件…"), "Ctrl+O", self.choose_file, "fileButton")
        self.file_label = QLabel(self.tr("尚未选择文件（也可以把 .xlsx 文件拖到此处）"))
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        self.preview_button = shortcut_button(self.tr("重新预览"), "Ctrl+R", self.preview, "previewButton")
        self.commit_button = shortcut_button(self.tr("确认导入"), "Ctrl+Return", self.commit, "commitButton")
        self.commit_button.setStyleSheet("font-weight: bold;")
        self.message = QLabel("")
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        self.progress = JobProgress()
        self.view = ImportReportView()
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorBookLabel")
        self.error_label.setWordWrap(True)
        self.open_errors_button = shortcut_button(
            self.tr("打开错误行文件"), "Ctrl+E", self.open_error_workbook, "openErrorsButton"
        )
        self.save_errors_button = shortcut_button(
            self.tr("另存错误行文件…"), "Ctrl+Shift+E", self.choose_error_copy, "saveErrorsButton"
        )

        top = QHBoxLayout()
        top.addWidget(kind_label)
        top.addWidget(self.kind_combo)
        top.addWidget(self.template_button)
        top.addSpacing(24)
        top.addWidget(self.file_button)
        top.addWidget(self.file_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.commit_button)
        actions.addStretch(1)
        errors = QHBoxLayout()
        errors.addWidget(self.error_label, 1)
        errors.addWidget(self.open_errors_button)
        errors.addWidget(self.save_errors_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addLayout(errors)
        self._update()

    def focus_first(self) -> None:
        self.kind_combo.setFocus()

    # -- choices --------------------------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _kind_changed(self) -> None:
        # A preview belongs to one kind; the same file read as another kind needs a new one.
        if self.path is not None and not self.busy:
            self.preview()
        else:
            self._update()

    def choose_template(self) -> None:
        name = self.tr("{title}导入模板.xlsx").format(title=self.kind_combo.currentText())
        path = file_dialogs.save_file(self, self.tr("保存导入模板"), name, self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.save_template_to(path)

    def save_template_to(self, path: str | Path) -> None:
        ctx, kind, target = self._ctx, self.kind(), Path(path)

        def done(written: Path) -> None:
            self.message.setText(self.tr("模板已保存：{path}").format(path=written))
            self.template_saved.emit(written)

        self._runner.run_io(lambda: imports.save_template(ctx, kind, target), done, self._file_failed)

    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else _documents()
        path = file_dialogs.open_file(
            self, self.tr("选择要导入的文件"), self.tr("Excel 工作簿 (*.xlsx);;所有文件 (*)"), start
        )
        if path:
            self.set_file(path)

    def set_file(self, path: str | Path) -> None:
        """Take this file and preview it at once."""
        if self.busy:
            return
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        self.preview()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        # Any single local file is taken: the preview explains an .xls or a CSV better than a refused drop.
        if not self.busy and _dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = _dropped_file(event)
        if path is None or self.busy:
            event.ignore()
            return
        event.acceptProposedAction()
        self.set_file(path)

    # -- preview and commit ---------------------------------------------------------------------------------

    def preview(self) -> None:
        self._start(commit=False)

    def commit(self) -> None:
        if self.report is None or self.report.committed or not (self.report.new or self.report.changed):
            return
        self._start(commit=True)

    def _start(self, *, commit: bool) -> None:
        if self.path is None or self.busy:
            return
        ctx, actor, kind, path = self._ctx, self._actor, self.kind(), self.path
        callback = self.progress.callback
        service = imports.commit_import if commit else imports.preview_import
        if not commit:
            self.report = None
            self.view.clear()
        self.busy = True
        self.message.setStyleSheet("")
        self.message.setText("")
        self.progress.start(self.tr("正在导入…") if commit else self.tr("正在检查…"))
        self._update()

        def run() -> ImportReport:
            return service(ctx, actor, kind, path, progress=callback, error_path=error_path_for(ctx, path))

        # Off the database worker: parsing a large sheet takes a while and holds no lock, so the window's other
        # screens keep querying meanwhile; the short write at the end takes its turn with SQLite's lock.
        self._runner.run_io(run, self._done, self._failed, name="excel.import")

    def _done(self, report: ImportReport) -> None:
        self.busy = False
        self.progress.finish()
        self.report = report
        self.view.show_report(report)
        if report.committed:
            text = self.tr("导入完成：新增 {new} 条，变更 {changed} 条，未变 {unchanged} 条").format(
                new=report.new, changed=report.changed, unchanged=report.unchanged
            )
            if report.invalid:
                text += self.tr("；{invalid} 行有错误，未导入").format(invalid=report.invalid)
            self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
        elif report.new or report.changed:
            text = self.tr("请核对下面的内容，无误后点“确认导入”。")
        else:
            text = self.tr("没有需要导入的新数据或变更。")
        self.message.setText(text)
        self._update()
        (self.committed if report.committed else self.previewed).emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.finish()
        message, fix = error_text(exc)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message + (self.tr("\n处理办法：{fix}").format(fix=fix) if fix else ""))
        if not (isinstance(exc, DomainError) and exc.code == "IMPORT_CANCELLED"):
            show_error(self, exc, self.tr("无法导入"))
        self._update()
        self.failed.emit(exc)

    def _file_failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message)
        show_error(self, exc, self.tr("无法保存文件"))
        self.failed.emit(exc)

    # -- the error workbook ---------------------------------------------------------------------------------

    def error_workbook(self) -> Path | None:
        return self.report.error_workbook if self.report is not None else None

    def open_error_workbook(self) -> None:
        path = self.error_workbook()
        if path is not None:
            self.open_url(QUrl.fromLocalFile(str(path)))

    def choose_error_copy(self) -> None:
        source = self.error_workbook()
        if source is None:
            return
        path = file_dialogs.save_file(
            self, self.tr("另存错误行文件"), source.name, self.tr("Excel 工作簿 (*.xlsx)"), _documents()
        )
        if path:
            self.save_error_workbook_to(path)

    def save_error_workbook_to(self, path: str | Path) -> None:
        source, target = self.error_workbook(), Path(path)
        if source is None:
            return

        def done(written: Path) -> None:
            self.message.setText(self.tr("错误行文件已另存为：{path}").format(path=written))
            self.error_book_saved.emit(written)

        self._runner.run_io(lambda: Path(shutil.copyfile(source, target)), done, self._file_failed)

    def _update(self) -> None:
        report, idle = self.report, not self.busy
        for widget in (self.kind_combo, self.template_button, self.file_button):
            widget.setEnabled(idle)
        self.preview_button.setEnabled(idle and self.path is not None)
        pending = report is not None and not report.committed and (report.new or report.changed)
        self.commit_button.setEnabled(idle and bool(pending))
        book = self.error_workbook()
        self.error_label.setVisible(book is not None)
        self.open_errors_button.setVisible(book is not None)
        self.save_errors_button.setVisible(book is not None)
        if book is not None:
            self.error_label.setText(
                self.tr("有错误的行已写入：{path}（改正后可再次导入）").format(path=book)
            )
        for widget in (self.open_errors_button, self.save_errors_button):
            widget.setEnabled(idle)
