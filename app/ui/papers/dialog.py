"""Preview of one paper of an application (文书预览): the pages as they will print, then a printer or a PDF file.

Nothing is recorded until the printer (or the file) took the document; then it is archived with the application
and noted in its history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QPixmap, QResizeEvent, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import paperwork
from app.services.context import Actor, ServiceContext
from app.ui.errors import error_text
from app.ui.papers.jobs import render_paper, title
from app.ui.printing.pages import pdf_images
from app.ui.printing.targets import PdfFileTarget, PrinterChoice, PrinterTarget, PrintFailed, printer_named
from app.ui.tasks import TaskRunner

PREVIEW_DPI = 110
RED, GREEN, GREY = "#b00020", "#2e7d32", "#555555"
Target = PrinterTarget | PdfFileTarget


class PaperPreviewDialog(QDialog):
    printed = Signal(str)  # the paper's kind, after the print was recorded

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        uuid: str,
        kind: str,
        parent: QWidget | None = None,
        *,
        opinion: str | None = None,
        signature_png: bytes | None = None,
        before: Callable[[], object] | None = None,
        target_factory: Callable[[], Target | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paperPreview")
        self.setWindowTitle(self.tr("%1预览").replace("%1", title(kind)))
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.uuid, self.kind = uuid, kind
        self._opinion, self._signature, self._before = opinion, signature_png, before
        self._target_factory = target_factory
        self.paper: paperwork.Paper | None = None
        self.record: paperwork.PaperRecord | None = None
        self._images: list[tuple[QLabel, QPixmap]] = []

        self.pages = QVBoxLayout()
        holder = QWidget()
        holder.setLayout(self.pages)
        holder.setStyleSheet("background: #8a8a8a;")
        self.scroll = QScrollArea()
        self.scroll.setWidget(holder)
        self.scroll.setWidgetResizable(True)
        self.status = QLabel(self.tr("正在生成%1…").replace("%1", title(kind)))
        self.status.setObjectName("paperStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.printer = PrinterChoice()
        self.print_button = QPushButton(self.tr("打印（Ctrl+P）"))
        self.print_button.setObjectName("paperPrint")
        self.print_button.clicked.connect(lambda: self.request_print())
        self.choose_button = QPushButton(self.tr("选择打印机…"))
        self.choose_button.clicked.connect(self.print_with_dialog)
        self.save_button = QPushButton(self.tr("保存为PDF…"))
        self.save_button.setObjectName("paperSave")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.choose_button, self.save_button):
            button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("打印到：")))
        bar.addWidget(self.printer, 1)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Print, self, self.request_print)
        self.resize(860, 900)

    # -- loading -------------------------------------------------------------------------------------------

    def start(self) -> None:
        ctx, actor, uuid, kind = self._ctx, self._actor, self.uuid, self.kind
        opinion, signature, before = self._opinion, self._signature, self._before
        self._runner.run_db(
            lambda: render_paper(
                ctx, actor, uuid, kind, opinion=opinion, signature_png=signature, before=before
            ),
            self._rendered,
            self._failed,
        )

    def _rendered(self, paper: paperwork.Paper) -> None:
        self._runner.run_io(
            lambda: pdf_images(paper.pdf, PREVIEW_DPI), lambda images: self._show(paper, images), self._failed
        )

    def _show(self, paper: paperwork.Paper, images: list) -> None:  # type: ignore[type-arg]
        self.paper = paper
        for image in images:
            page = QLabel()
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # QtPdf leaves the paper transparent: lay it on white, or the preview shows the grey desk through it.
            sheet = QPixmap(image.size())
            sheet.fill(Qt.GlobalColor.white)
            painter = QPainter(sheet)
            painter.drawImage(0, 0, image)
            painter.end()
            self._images.append((page, sheet))
            self.pages.addWidget(page)
        self._fit()
        number = paper.application_number or self.tr("草稿")
        self._say(
            self.tr("%1（申请编号 %2）预览如上。").replace("%1", title(paper.kind)).replace("%2", number),
            GREY,
        )
        for button in (self.print_button, self.choose_button, self.save_button):
            button.setEnabled(True)
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def _fit(self) -> None:
        width = max(200, self.scroll.viewport().width() - 40)
        for label, pixmap in self._images:
            label.setPixmap(
                pixmap.scaledToWidth(min(width, pixmap.width()), Qt.TransformationMode.SmoothTransformation)
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

    def _target(self) -> Target | None:
        if self._target_factory is not None:
            return self._target_factory()
        if self.printer.is_pdf_file():
            return self._ask_file()
        return printer_named(self.printer.currentData())

    def _ask_file(self) -> PdfFileTarget | None:
        paper = self.paper
        suggested = f"{paper.application_number or 'draft'}-{title(self.kind)}.pdf" if paper else "paper.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存为PDF"), suggested, self.tr("PDF 文件 (*.pdf)")
        )
        return PdfFileTarget(Path(name)) if name else None

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.request_print(PrinterTarget(printer))

    def save_pdf(self, target: PdfFileTarget | None = None) -> None:
        if self.paper is None:
            return
        chosen = target or (self._target_factory() if self._target_factory else self._ask_file())
        if chosen is not None:
            self.request_print(chosen)

    def request_print(self, target: Target | None = None) -> None:
        paper = self.paper
        if paper is None or not self.print_button.isEnabled():
            return
        target = target or self._target()
        if target is None:
            return
        try:
            target.print_pdf(paper.pdf, f"{paper.application_number}-{title(paper.kind)}")
        except PrintFailed as exc:
            self._say(
                self.tr("打印失败：%1\n文书未记为已打印，可排除故障后重新打印。").replace("%1", str(exc)), RED
            )
            return
        ctx, actor, label = self._ctx, self._actor, target.label
        self.print_button.setEnabled(False)
        self._say(self.tr("已送出，正在存档…"), GREY)
        self._runner.run_db(
            lambda: paperwork.record_printed(ctx, actor, paper, label), self._recorded, self._record_failed
        )

    def _recorded(self, record: paperwork.PaperRecord) -> None:
        self.record = record
        self._say(
            self.tr("%1已打印并随办件存档：%2")
            .replace("%1", title(record.kind))
            .replace("%2", str(record.archive_path)),
            GREEN,
        )
        self.print_button.setEnabled(True)
        self.printed.emit(record.kind)

    def _record_failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self._say(self.tr("文书已送出，但未能存档：%1 %2").replace("%1", message).replace("%2", fix), RED)
        self.print_button.setEnabled(True)


def open_paper(
    parent: QWidget,
    ctx: ServiceContext,
    actor: Actor,
    runner: TaskRunner,
    uuid: str,
    kind: str,
    **kwargs: object,
) -> PaperPreviewDialog:
    """Open the preview of one paper (non-blocking) and start rendering it."""
    dialog = PaperPreviewDialog(ctx, actor, runner, uuid, kind, parent, **kwargs)  # type: ignore[arg-type]
    dialog.open()
    dialog.start()
    return dialog
