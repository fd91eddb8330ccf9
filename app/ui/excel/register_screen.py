"""证书库导入 (administrators): the legacy certificate register and its photos, checked here, sent to the central store.

"检查" reads the whole export without sending anything; "导入中心库" sends it a batch at a time with a progress bar
whose cancel stops between batches (what was sent stays; importing the same file again continues). The work runs
on the I/O pool; the sender is the sync session's (wired by the desktop services), None when not connected.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.context import Actor, ServiceContext
from app.services.register_import import RegisterReport, Sender, import_register
from app.ui.excel.progress import JobProgress
from app.ui.screen_parts import failure_text, screen_heading
from app.ui.tasks import TaskRunner

SenderFactory = Callable[[], Sender | None]


class RegisterImportScreen(QWidget):
    finished = Signal(object)  # RegisterReport
    failed = Signal(str)

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        senders: SenderFactory | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registerImportScreen")
        self._ctx, self._actor, self._runner, self._senders = ctx, actor, runner, senders
        self.path: Path | None = None
        self.photos: Path | None = None
        self.busy = False
        title, hint = screen_heading(
            self.tr("证书库导入"),
            self.tr(
                "导入原系统导出的证书库（安管、特种作业、技能证书及持证人）。照片可为文件夹或zip，文件名为身份证号或证书编号；"
                "不符合电子证照要求的照片逐行列出，不会导入。导入到中心库后由变更流下发到各窗口。"
            ),
        )
        self.file_label = QLabel(self.tr("未选择文件"))
        self.file_label.setObjectName("fileLabel")
        self.photos_label = QLabel(self.tr("未选择照片（可不选）"))
        self.photos_label.setObjectName("photosLabel")
        self.file_button = QPushButton(self.tr("选择导出文件…"))
        self.file_button.clicked.connect(lambda _c=False: self._choose_file())
        self.folder_button = QPushButton(self.tr("照片文件夹…"))
        self.folder_button.clicked.connect(lambda _c=False: self._choose_folder())
        self.zip_button = QPushButton(self.tr("照片压缩包…"))
        self.zip_button.clicked.connect(lambda _c=False: self._choose_zip())
        self.check_button = QPushButton(self.tr("检查"))
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(lambda _c=False: self.start(send=False))
        self.import_button = QPushButton(self.tr("导入中心库"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(lambda _c=False: self.start(send=True))
        self.progress = JobProgress()
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.report_text = QPlainTextEdit()
        self.report_text.setObjectName("reportText")
        self.report_text.setReadOnly(True)
        row1 = QHBoxLayout()
        row1.addWidget(self.file_button)
        row1.addWidget(self.file_label, 1)
        row2 = QHBoxLayout()
        row2.addWidget(self.folder_button)
        row2.addWidget(self.zip_button)
        row2.addWidget(self.photos_label, 1)
        row3 = QHBoxLayout()
        row3.addWidget(self.check_button)
        row3.addWidget(self.import_button)
        row3.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addLayout(row3)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.report_text, 1)
        self._update()

    def refresh(self) -> None:
        self._update()

    def set_file(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file_label.setText(str(self.path))
        self._update()

    def set_photos(self, path: str | Path | None) -> None:
        self.photos = Path(path) if path else None
        self.photos_label.setText(str(self.photos) if self.photos else self.tr("未选择照片（可不选）"))

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择证书库导出文件"), "", "Excel (*.xlsx)")
        if name:
            self.set_file(name)

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("选择照片文件夹"))
        if name:
            self.set_photos(name)

    def _choose_zip(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择照片压缩包"), "", "Zip (*.zip)")
        if name:
            self.set_photos(name)

    def _update(self) -> None:
        ready = self.path is not None and not self.busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready and self._senders is not None)
        for button in (self.file_button, self.folder_button, self.zip_button):
            button.setEnabled(not self.busy)
        if self._senders is None and not self.busy:
            self.message.setText(self.tr("未连接中心库：只能检查，不能导入。"))

    def start(self, *, send: bool) -> None:
        if self.path is None or self.busy:
            return
        ctx, actor, path, photos = self._ctx, self._actor, self.path, self.photos
        senders = self._senders if send else None
        callback = self.progress.callback
        self.busy = True
        self.report_text.setPlainText("")
        self.message.setStyleSheet("")
        self.message.setText("")
        self.progress.start(self.tr("正在导入中心库…") if send else self.tr("正在检查…"))
        self._update()

        def run() -> RegisterReport:
            sender = senders() if senders is not None else None
            if send and sender is None:
                from app.domain.errors import DomainError

                raise DomainError(
                    "CENTRAL_NOT_SIGNED_IN",
                    "尚未连接中心库，证书库只能导入中心库",
                    fix="请确认状态栏显示已连接中心库后再导入。",
                )
            return import_register(
                ctx, actor, path, sender, photos=photos, progress=lambda _phase, d, t: callback(d, t)
            )

        self._runner.run_io(run, self._done, self._failed, name="register.import", owner=self)

    def _done(self, report: RegisterReport) -> None:
        self.busy = False
        self.progress.finish()
        self.report_text.setPlainText(report.text())
        if report.cancelled:
            self.message.setStyleSheet("color: #8a5a00; font-weight: bold;")
            self.message.setText(
                self.tr("已取消：已导入 {sent} 条，其余未导入；再次导入同一文件可继续。").format(
                    sent=report.sent
                )
            )
        elif report.sent:
            self.message.setStyleSheet("color: #1b5e20; font-weight: bold;")
            self.message.setText(
                self.tr("导入完成：新增 {new} 条，变更 {changed} 条，未变 {unchanged} 条").format(
                    new=report.new, changed=report.changed, unchanged=report.unchanged
                )
            )
        else:
            self.message.setText(
                self.tr("检查完成：可导入 {valid} 条，有错误 {invalid} 行").format(
                    valid=report.valid, invalid=report.invalid
                )
            )
        self._update()
        self.finished.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.progress.finish()
        self.message.setStyleSheet("color: #b00020;")
        text = failure_text(exc, self.tr("\n处理办法：{fix}"))
        self.message.setText(text)
        self._update()
        self.failed.emit(text)
