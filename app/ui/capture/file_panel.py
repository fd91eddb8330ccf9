"""文件导入: files the applicant brought (USB stick, phone, e-mail), chosen in a file dialog or dropped here.
A PDF becomes one page per PDF page (FileImportSource does the splitting)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.capture.formats import SUPPORTED_TEXT
from app.ui import file_dialogs


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files in a drag (links and remote URLs are ignored)."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class FilePanel(QWidget):
    files_chosen = Signal(list)  # [Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file_panel")
        self.setAcceptDrops(True)
        self.drop_zone = QLabel(
            self.tr("把文件拖到这里\n（{formats}，可一次拖入多个）").format(formats=SUPPORTED_TEXT)
        )
        self.drop_zone.setObjectName("drop_zone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setWordWrap(True)
        self.drop_zone.setMinimumHeight(150)
        self._style(False)
        self.choose_button = QPushButton(self.tr("选择文件…（Ctrl+O）"))
        self.choose_button.setObjectName("choose_files")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose)
        shortcut = QShortcut(QKeySequence.StandardKey.Open, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda: self.choose() if self.isVisible() else None)
        hint = QLabel(self.tr("申请人带来的电子文件：图片直接成为一页，PDF 按页拆开。"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.drop_zone, 1)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _style(self, hover: bool) -> None:
        colour = "#1976d2" if hover else "#9e9e9e"
        self.drop_zone.setStyleSheet(
            f"#drop_zone {{ border: 2px dashed {colour}; border-radius: 6px; color: #555; font-size: 14px; }}"
        )

    def choose(self) -> None:
        names = file_dialogs.open_files(
            self,
            self.tr("选择要导入的文件"),
            self.tr("图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.pdf);;所有文件 (*)"),
        )
        if names:
            self.files_chosen.emit([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
            self._style(True)

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._style(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        self._style(False)
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_chosen.emit(paths)
