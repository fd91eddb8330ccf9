"""Certificate preview and print (证书预览与打印): the page as it will print, then a chosen printer or a PDF file.

Nothing is recorded until the printer took the page; a reprint asks for its reason first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import certificate_printing, documents
from app.services.context import Actor, ServiceContext
from app.services.signing_keys import Signer
from app.ui import file_dialogs
from app.ui.errors import error_text
from app.ui.printing import jobs
from app.ui.printing.pages import pdf_images
from app.ui.printing.reason_dialog import ReprintReasonDialog
from app.ui.printing.signer import with_signer
from app.ui.printing.targets import PdfFileTarget, PrinterChoice, PrinterTarget, PrintFailed, printer_named
from app.ui.screen_fit import fit_dialog
from app.ui.tasks import TaskRunner

PREVIEW_DPI = 150
RED, GREEN, GREY = "#b00020", "#2e7d32", "#555555"
TargetFactory = Callable[[], "PrinterTarget | PdfFileTarget | None"]


class CertificatePreviewDialog(QDialog):
    printed = Signal(str)  # certificate number, after the print was recorded

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        number: str,
        parent: QWidget | None = None,
        *,
        photo_loader: documents.PhotoLoader | None = None,
        target_factory: TargetFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("certificatePreview")
        self.setWindowTitle(self.tr("证书预览 %1").replace("%1", number))
        self._ctx, self._actor, self._runner, self.number = ctx, actor, runner, number
        self._loader = photo_loader if photo_loader is not None else jobs.default_loader(ctx)
        self._target_factory = target_factory
        self.job: jobs.PrintJob | None = None
        self.record: certificate_printing.PrintRecord | None = None
        self.reason_dialog: ReprintReasonDialog | None = None
        self._images: list[tuple[QLabel, QPixmap]] = []

        self.pages = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.pages)
        holder.setStyleSheet("background: #8a8a8a;")
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel(self.tr("正在生成证书预览…"))
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.printer = PrinterChoice()
        self.print_button = QPushButton(self.tr("打印（Ctrl+P）"))
        self.print_button.setObjectName("printButton")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.request_print)
        self.choose_button = QPushButton(self.tr("选择打印机…"))
        self.choose_button.setEnabled(False)
        self.choose_button.clicked.connect(self.print_with_dialog)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("打印到：")))
        bar.addWidget(self.printer, 1)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Print, self, self.request_print)
        fit_dialog(self, 980, 820)

    # -- loading -------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Unlock the signing key if needed, then build and render the certificate in the background."""
        with_signer(self, self._ctx, self._actor, self._runner, self._prepare, self._cancelled_unlock)

    def _cancelled_unlock(self) -> None:
        self._say(self.tr("未解锁签章密钥，不能生成带签名二维码的证书。"), RED)

    def _prepare(self, signer: Signer) -> None:
        ctx, number, loader = self._ctx, self.number, self._loader
        self._runner.run_db(lambda: jobs.prepare(ctx, number, signer, loader), self._render, self._failed)

    def _render(self, prepared: jobs.Prepared) -> None:
        self._runner.run_io(lambda: jobs.render(prepared), self._show, self._failed)

    def _show(self, job: jobs.PrintJob) -> None:
        self.job = job
        for image in pdf_images(job.pdf, PREVIEW_DPI):
            page = QLabel()
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._images.append((page, QPixmap.fromImage(image)))
            self.pages.addWidget(page)
        self._fit()
        note = self.tr("（已打印过，再次打印为补打，须填写原因）") if job.reprint else ""
        self._say(
            self.tr("证书 %1（第%2版，%3）预览如上。%4")
            .replace("%1", job.number)
            .replace("%2", str(job.version))
            .replace("%3", job.holder_name)
            .replace("%4", note),
            GREY,
        )
        self.print_button.setEnabled(True)
        self.choose_button.setEnabled(True)
        self.print_button.setFocus()

    def _fit(self) -> None:
        """Each page scaled to fit the window whole: the seal and the QR code must be visible in the preview."""
        view = self.scroll.viewport().size()
        for label, pixmap in self._images:
            label.setPixmap(
                pixmap.scaled(
                    max(100, view.width() - 24),
                    max(100, view.height() - 24),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()

    def _failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self._say(f"{message}\n{self.tr('处理办法：')}{fix}" if fix else message, RED)

    def _say(self, text: str, colour: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour}; font-size: 11pt;")

    # -- printing ------------------------------------------------------------------------------------------

    def request_print(self, target: PrinterTarget | PdfFileTarget | None = None) -> None:
        if self.job is None or not self.print_button.isEnabled():
            return
        if not self.job.reprint:
            self._print(target, None)
            return
        when = f"{self.job.printed_at:%Y-%m-%d %H:%M}" if self.job.printed_at else ""
        self.reason_dialog = ReprintReasonDialog(self.job.number, when, self)
        self.reason_dialog.accepted.connect(lambda: self._print(target, self.reason_dialog.text()))
        self.reason_dialog.open()

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.request_print(PrinterTarget(printer))

    def _target(self) -> PrinterTarget | PdfFileTarget | None:
        if self._target_factory is not None:
            return self._target_factory()
        if self.printer.is_pdf_file():
            printed = Path(self._ctx.data_dir) / "printed" if self._ctx.data_dir else None
            name = file_dialogs.save_file(
                self, self.tr("保存证书PDF"), f"{self.number}.pdf", self.tr("PDF 文件 (*.pdf)"), printed
            )
            return PdfFileTarget(Path(name)) if name else None
        return printer_named(self.printer.currentData())

    def _print(self, target: PrinterTarget | PdfFileTarget | None, reason: str | None) -> None:
        job = self.job
        if job is None:
            return
        target = target or self._target()
        if target is None:
            return
        try:
            target.print_pdf(job.pdf, f"{job.number}-v{job.version}")
        except PrintFailed as exc:
            self._say(
                self.tr("打印失败：%1\n证书未记为已打印，可排除故障后重新打印。").replace("%1", str(exc)), RED
            )
            return
        ctx, actor, label = self._ctx, self._actor, target.label
        self.print_button.setEnabled(False)
        self._say(self.tr("已送打印机，正在记录…"), GREY)
        self._runner.run_db(
            lambda: certificate_printing.print_certificate(
                ctx, actor, job.number, job.pdf, label, reason=reason, version=job.version
            ),
            self._recorded,
            self._record_failed,
        )

    def _recorded(self, record: certificate_printing.PrintRecord) -> None:
        self.record = record
        what = self.tr("补打") if record.reprint else self.tr("打印")
        self._say(
            self.tr("证书 %1 已%2并记录，打印件已存档：%3")
            .replace("%1", record.number)
            .replace("%2", what)
            .replace("%3", str(record.archive_path)),
            GREEN,
        )
        if self.job is not None:  # a further print of this page is a reprint
            self.job = dataclasses.replace(self.job, printed_at=record.printed_at)
        self.print_button.setEnabled(True)
        self.printed.emit(record.number)

    def _record_failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self._say(self.tr("打印件已送出，但未能记录：%1 %2").replace("%1", message).replace("%2", fix), RED)
        self.print_button.setEnabled(True)
