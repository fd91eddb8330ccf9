"""Where a certificate goes: a printer through Qt's print support, or a PDF file for machines without one.

A target raises PrintFailed when the printer did not take the page; only after it returns is the certificate
recorded as printed.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QComboBox, QWidget

from app.ui.printing.pages import page_sizes_pt, pdf_images

PRINT_DPI = 300
PDF_FILE = "__pdf_file__"
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def _tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


class PrintFailed(Exception):
    """The printer or file did not take the document; str() is a Chinese sentence for the supervisor."""


class PrinterTarget:
    """A QPrinter (a named printer, or one configured in QPrintDialog). Each page is painted at full page, no
    scaling and no margins: certificate positions are measured from the paper edge."""

    def __init__(self, printer: QPrinter) -> None:
        self.printer = printer

    @property
    def label(self) -> str:
        if self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return f"PDF:{self.printer.outputFileName()}"
        return self.printer.printerName() or _tr("默认打印机")

    def print_pdf(self, pdf: bytes, title: str) -> None:
        printer = self.printer
        sizes = page_sizes_pt(pdf)
        if not sizes:
            raise PrintFailed(_tr("要打印的文件没有页面。"))
        width, height = sizes[0]
        printer.setDocName(title)
        printer.setFullPage(True)
        orientation = (
            QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
        )
        size = QSizeF(min(width, height), max(width, height))
        printer.setPageLayout(
            QPageLayout(QPageSize(size, QPageSize.Unit.Point), orientation, QMarginsF(0, 0, 0, 0))
        )
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(
                _tr("打印机“%1”无法开始打印：请检查打印机是否开机、联网、有纸。").replace("%1", self.label)
            )
        try:
            dpi = min(PRINT_DPI, max(printer.resolution(), 150))
            paper = printer.pageLayout().fullRectPixels(printer.resolution())
            for i, image in enumerate(pdf_images(pdf, dpi)):
                if i and not printer.newPage():
                    raise PrintFailed(_tr("打印机“%1”在换页时出错。").replace("%1", self.label))
                painter.drawImage(QRectF(0, 0, paper.width(), paper.height()), image)
        finally:
            ended = painter.end()
        if not ended or printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintFailed(_tr("打印机“%1”报告出错，证书可能没有打印完整。").replace("%1", self.label))


class PdfFileTarget:
    """Writes the PDF as it is (vector, exact) to a file, or into a folder one file per certificate."""

    def __init__(self, path: Path, *, folder: bool = False) -> None:
        self.path = path
        self.folder = folder

    @property
    def label(self) -> str:
        return f"PDF:{self.path}"

    def file_for(self, title: str) -> Path:
        if not self.folder:
            return self.path
        return self.path / f"{_UNSAFE.sub('_', title).strip('_') or 'certificate'}.pdf"

    def print_pdf(self, pdf: bytes, title: str) -> None:
        target = self.file_for(title)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(pdf)
            tmp.replace(target)
        except OSError as exc:
            raise PrintFailed(
                _tr("无法保存PDF文件“%1”：%2")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc))
            ) from exc


def printer_named(name: str) -> PrinterTarget:
    info = QPrinterInfo.printerInfo(name)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution) if not info.isNull() else QPrinter()
    if info.isNull():
        printer.setPrinterName(name)
    return PrinterTarget(printer)


class PrinterChoice(QComboBox):
    """The installed printers (default first), then "save as PDF file" for machines without a printer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerChoice")
        self.setAccessibleName(self.tr("打印机"))
        self.reload()

    def reload(self) -> None:
        self.clear()
        default = QPrinterInfo.defaultPrinterName()
        names = QPrinterInfo.availablePrinterNames()
        for name in sorted(names, key=lambda n: n != default):
            self.addItem(name, name)
        self.addItem(self.tr("保存为PDF文件（无打印机时）"), PDF_FILE)

    def is_pdf_file(self) -> bool:
        return self.currentData() == PDF_FILE
