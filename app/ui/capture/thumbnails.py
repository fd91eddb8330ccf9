"""The strip of page thumbnails (缩略图): one entry per stored page, reorderable by dragging when editable."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from app.services.materials import PageView
from app.ui.capture.imaging import THUMB_SIDE

PAGE_ROLE = Qt.ItemDataRole.UserRole


def _placeholder() -> QIcon:
    pixmap = QPixmap(THUMB_SIDE * 3 // 4, THUMB_SIDE)
    pixmap.fill(QColor(225, 225, 225))
    return QIcon(pixmap)


class ThumbnailStrip(QListWidget):
    """Pages top to bottom; `moved(page_id, new_position)` after a drag-and-drop reorder (1-based)."""

    moved = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("thumbnails")
        self.setAccessibleName(self.tr("页面缩略图"))
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.setSpacing(4)
        self.setWordWrap(True)  # long material names wrap beside the thumbnail instead of being cut off
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMinimumWidth(THUMB_SIDE + 110)
        self.setMaximumWidth(THUMB_SIDE + 150)
        if editable:
            self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self._placeholder = _placeholder()

    def set_pages(self, pages: list[PageView], captions: list[str]) -> None:
        """Show pages in order, keeping icons already loaded for the same content."""
        icons = {self.item(i).data(PAGE_ROLE).sha256: self.item(i).icon() for i in range(self.count())}
        loaded = {
            self.item(i).data(PAGE_ROLE).sha256
            for i in range(self.count())
            if self.item(i).data(PAGE_ROLE + 1)
        }
        self.blockSignals(True)
        self.clear()
        for page, caption in zip(pages, captions, strict=True):
            item = QListWidgetItem(icons.get(page.sha256, self._placeholder), caption)
            item.setData(PAGE_ROLE, page)
            item.setData(PAGE_ROLE + 1, page.sha256 in loaded)
            item.setToolTip(caption)
            self.addItem(item)
        self.blockSignals(False)

    def set_thumbnail(self, sha256: str, image: QImage) -> None:
        icon = QIcon(QPixmap.fromImage(image))
        for i in range(self.count()):
            item = self.item(i)
            if item.data(PAGE_ROLE).sha256 == sha256:
                item.setIcon(icon)
                item.setData(PAGE_ROLE + 1, True)

    def has_thumbnail(self, sha256: str) -> bool:
        return any(
            self.item(i).data(PAGE_ROLE).sha256 == sha256 and self.item(i).data(PAGE_ROLE + 1)
            for i in range(self.count())
        )

    def page_at(self, row: int) -> PageView | None:
        item = self.item(row)
        return item.data(PAGE_ROLE) if item is not None else None

    def page_ids(self) -> list[int]:
        return [self.item(i).data(PAGE_ROLE).id for i in range(self.count())]

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        dragged = self.currentItem().data(PAGE_ROLE).id if self.currentItem() is not None else None
        before = self.page_ids()
        super().dropEvent(event)
        after = self.page_ids()
        if dragged is not None and before != after and dragged in after:
            self.moved.emit(dragged, after.index(dragged) + 1)
