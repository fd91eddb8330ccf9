"""Preview and print a receipt PDF (材料接收凭证): Enter prints to the default printer, Ctrl+P picks a printer.

Pages are rendered with QtPdf when PySide6-Addons carries it, otherwise rasterised with pypdfium2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.printing.pages import pdf_images
from app.ui.screen_fit import fit_dialog

PREVIEW_DPI = 96
PRINT_DPI = 300


def _default_printer() -> QPrinter | None:
    """The workstation's default printer, or None when none is installed."""
    if QPrinterInfo.defaultPrinter().isNull() and not QPrinterInfo.availablePrinters():
        return None
    return QPrinter(QPrinter.PrinterMode.HighResolution)


class ReceiptDialog(QDialog):
    """Shows the receipt; `printed` is True once it went to a printer."""

    # Tests and the administrator's settings may swap where "打印" goes.
    printer_factory: Callable[[], QPrinter | None] = staticmethod(_default_printer)

    def __init__(self, pdf: bytes, path: Path, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf, self.path, self.printed = pdf, path, False
        self.setWindowTitle(self.tr("材料接收凭证 — 申请编号 %1").replace("%1", number))
        fit_dialog(self, 900, 960)
        layout = QVBoxLayout(self)
        head = QLabel(
            self.tr("办件已提交，申请编号 <b>%1</b>。请打印材料接收凭证交申请人签收。").replace("%1", number)
        )
        layout.addWidget(head)
        self.status = QLabel(self.tr("凭证已保存：%1").replace("%1", str(path)))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

        pages = QWidget()
        pages_layout = QVBoxLayout(pages)
        self.page_labels: list[QLabel] = []
        for image in pdf_images(pdf, PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #999;")
            pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton(self.tr("打印(&P)"))
        self.print_button.setToolTip(self.tr("打印到默认打印机（Enter）"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_now)
        self.setup_button = QPushButton(self.tr("选择打印机…"))
        self.setup_button.setToolTip(self.tr("选择打印机和份数后打印（Ctrl+P）"))
        self.setup_button.clicked.connect(self.print_with_dialog)
        self.close_button = QPushButton(self.tr("不打印，关闭"))
        self.close_button.setToolTip(self.tr("凭证已保存，可稍后在办件详情中重新打印（Esc）"))
        self.close_button.clicked.connect(self.reject)
        for b in (self.print_button, self.setup_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_with_dialog)
        self.print_button.setFocus()

    def print_now(self) -> None:
        printer = type(self).printer_factory()
        if printer is None:
            self.status.setText(
                self.tr("本机未连接打印机。凭证已保存为 PDF，可连接打印机后再打印：%1").replace(
                    "%1", str(self.path)
                )
            )
            self.status.setStyleSheet("color: #b00020; font-weight: bold;")
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        self._print_to(printer)

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._print_to(printer)

    def _print_to(self, printer: QPrinter) -> None:
        printer.setDocName(self.windowTitle())
        painter = QPainter()
        if not painter.begin(printer):
            self.status.setText(
                self.tr("打印机无法开始打印，请检查打印机是否开机、有纸。凭证已保存：%1").replace(
                    "%1", str(self.path)
                )
            )
            self.status.setStyleSheet("color: #b00020; font-weight: bold;")
            return
        try:
            dpi = min(PRINT_DPI, max(printer.resolution(), 150))
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            for i, image in enumerate(pdf_images(self.pdf, dpi)):
                if i:
                    printer.newPage()
                scale = min(target.width() / image.width(), target.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF(0, 0, w, h), image)
        finally:
            painter.end()
        self.printed = True
        self.accept()


def receipt_failure_box(parent: QWidget, number: str, problem: str) -> QMessageBox:
    """Submitted, but no receipt: say so plainly; the application itself is safe."""
    return QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("ReceiptDialog", "凭证未能生成"),
        QCoreApplication.translate(
            "ReceiptDialog", "办件已提交（申请编号 %1），但材料接收凭证未能生成：%2\n可在办件详情中重新打印。"
        )
        .replace("%1", number)
        .replace("%2", problem),
        QMessageBox.StandardButton.Ok,
        parent,
    )
