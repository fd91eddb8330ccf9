"""The scanned materials beside the form (材料查看): one page at a time, PgUp/PgDn to turn, zoom to fit width.

Pages are read and decrypted on the I/O pool through the loader the screen was given; a page that is not on
this machine says so instead of showing nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.printing.pages import pdf_images
from app.ui.review.sheet import PageRef
from app.ui.tasks import TaskRunner

Loader = Callable[[str], "bytes | None"]


def _image_of(data: bytes, mime: str) -> QImage:
    if mime == "application/pdf" or data[:5] == b"%PDF-":
        pages = pdf_images(data, 110)
        return pages[0] if pages else QImage()
    image = QImage()
    image.loadFromData(data)
    return image


class MaterialsViewer(QWidget):
    def __init__(self, runner: TaskRunner, loader: Loader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("materialsViewer")
        self._runner, self._loader = runner, loader
        self.pages: tuple[PageRef, ...] = ()
        self.list = QListWidget()
        self.list.setObjectName("pageList")
        self.list.currentRowChanged.connect(self._show)
        self.page = QLabel()
        self.page.setObjectName("pageImage")
        self.page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page.setWordWrap(True)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page)
        self.scroll.setWidgetResizable(True)
        self.caption = QLabel("")
        self.caption.setObjectName("pageCaption")
        self.list.setFixedWidth(170)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.caption)
        right.addWidget(self.scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.turn(1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.turn(-1))
        self._pixmap: QPixmap | None = None
        self.set_pages(())

    def set_pages(self, pages: tuple[PageRef, ...]) -> None:
        self.pages = pages
        self.list.blockSignals(True)
        self.list.clear()
        for p in pages:
            item = QListWidgetItem(
                self.tr("%1 第%2页").replace("%1", p.material_name).replace("%2", str(p.position))
            )
            item.setToolTip(p.material_name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setVisible(bool(pages))
        if not pages:
            self._placeholder(self.tr("该办件没有扫描材料。\n纸质材料请在窗口收件时扫描，或核对纸质原件。"))
            self.caption.setText(self.tr("申报材料（0页）"))
            return
        self.list.setCurrentRow(0)

    def turn(self, step: int) -> None:
        if self.pages:
            self.list.setCurrentRow(max(0, min(len(self.pages) - 1, self.list.currentRow() + step)))

    def _placeholder(self, text: str) -> None:
        self._pixmap = None
        self.page.setPixmap(QPixmap())
        self.page.setText(text)
        self.page.setStyleSheet("color: #666; font-size: 13pt; background: #f3f3f3;")

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        ref = self.pages[row]
        self.caption.setText(
            self.tr("%1　第%2页（共%3页，PgUp/PgDn翻页）")
            .replace("%1", ref.material_name)
            .replace("%2", str(ref.position))
            .replace("%3", str(len(self.pages)))
        )
        loader = self._loader
        if loader is None:
            self._placeholder(self.tr("本机未配置材料库，无法显示扫描件。"))
            return
        self._placeholder(self.tr("正在读取…"))

        def read() -> QImage | None:
            data = loader(ref.sha256)
            return None if data is None else _image_of(data, ref.mime)

        self._runner.run_io(
            read,
            self._loaded,
            lambda _exc: self._placeholder(self.tr("扫描件无法读取或已损坏。")),
            name="review.page",
        )

    def _loaded(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self._placeholder(self.tr("该页扫描件不在本机（尚未同步），请同步后再查看。"))
            return
        self.page.setText("")
        self.page.setStyleSheet("background: #8a8a8a;")
        self._pixmap = QPixmap.fromImage(image)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap is not None:
            width = max(200, self.scroll.viewport().width() - 24)
            self.page.setPixmap(self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit()
