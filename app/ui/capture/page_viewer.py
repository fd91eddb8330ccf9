"""PageViewer (材料页面查看): thumbnails and the zoomed page, read-only, for any list of stored pages.

The supervisor's review screen reuses it: give it the pages (materials.pages_of) and a loader (materials.read_page
bound to the context); it calls the loader through the task runner's io pool, so decryption and decoding never
run on the UI thread. The capture dialog's page editor builds on it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QToolButton, QVBoxLayout, QWidget

from app.domain.errors import DomainError
from app.services.materials import PageView
from app.ui.capture.common import alive
from app.ui.capture.imaging import PREVIEW_SIDE, THUMB_SIDE, decode_image
from app.ui.capture.page_canvas import PageCanvas
from app.ui.capture.thumbnails import ThumbnailStrip
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

PREVIEW_CACHE = 4


class PageViewer(QWidget):
    """Thumbnails on the left, the chosen page zoomed on the right; +/- zoom, 0 fits, Ctrl+wheel zooms."""

    current_changed = Signal(object)  # PageView | None

    def __init__(
        self,
        runner: TaskRunner,
        load: Callable[[str], bytes | None],
        pages: Sequence[PageView] = (),
        parent: QWidget | None = None,
        *,
        material_names: dict[str, str] | None = None,
        editable: bool = False,
        shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_viewer")
        self.runner, self.load = runner, load
        self.material_names = material_names or {}
        self._pages: list[PageView] = []
        self._previews: OrderedDict[str, QImage] = OrderedDict()
        self._task = f"page-preview-{id(self)}"
        self.thumbnails = ThumbnailStrip(editable=editable)
        self.canvas = PageCanvas(editable=editable)
        self.canvas.setObjectName("page_canvas")

        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.info_label = QLabel()
        self.info_label.setObjectName("page_info")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.zoom_buttons = []
        for text, tip, slot in (
            (self.tr("放大"), self.tr("放大（+ 或 Ctrl+滚轮）"), self.canvas.zoom_in),
            (self.tr("缩小"), self.tr("缩小（- 或 Ctrl+滚轮）"), self.canvas.zoom_out),
            (self.tr("适合窗口"), self.tr("整页显示（0）"), self.canvas.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.zoom_buttons.append(button)
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        bar.addWidget(self.info_label)
        self.bar = bar

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.canvas, 1)
        right_layout.addLayout(bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.thumbnails)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.shortcuts: list[QShortcut] = []
        for keys, slot in (
            (("+", "=", QKeySequence.StandardKey.ZoomIn), self.canvas.zoom_in),
            (("-", QKeySequence.StandardKey.ZoomOut), self.canvas.zoom_out),
            (("0", "Ctrl+0"), self.canvas.fit),
        ):
            for key in keys:
                self.add_shortcut(key, slot, shortcut_context)
        for key, step in (("PgUp", -1), ("PgDown", 1)):
            self.add_shortcut(key, lambda step=step: self.turn(step), shortcut_context)
        self.canvas.zoom_changed.connect(
            lambda z: self.zoom_label.setText(self.tr("{percent}%").format(percent=round(z * 100)))
        )
        self.thumbnails.currentRowChanged.connect(self._show_current)
        self.set_pages(pages)

    def add_shortcut(
        self,
        key: str | QKeySequence | QKeySequence.StandardKey,
        slot: Callable[[], None],
        context: Qt.ShortcutContext,
    ) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)
        self.shortcuts.append(shortcut)
        return shortcut

    # ------------------------------------------------------------------ pages

    def pages(self) -> list[PageView]:
        return list(self._pages)

    def current_page(self) -> PageView | None:
        return self.thumbnails.page_at(self.thumbnails.currentRow())

    def caption(self, index: int, page: PageView) -> str:
        name = self.material_names.get(page.material_code)
        size = max(1, round(page.size / 1024))
        if name:
            return self.tr("{name}\n第 {n} 页\n{kb} KB").format(name=name, n=page.position, kb=size)
        return self.tr("第 {n} 页\n{kb} KB").format(n=index + 1, kb=size)

    def set_pages(self, pages: Sequence[PageView], current_id: int | None = None) -> None:
        """Show these pages; keep the current page (or go to current_id) when it is still there."""
        keep = (
            current_id
            if current_id is not None
            else (self.current_page().id if self.current_page() else None)
        )
        self._pages = list(pages)
        self.thumbnails.set_pages(self._pages, [self.caption(i, p) for i, p in enumerate(self._pages)])
        for page in self._pages:
            if not self.thumbnails.has_thumbnail(page.sha256):
                self._load_thumbnail(page.sha256)
        ids = [p.id for p in self._pages]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.thumbnails.setCurrentRow(row)
        self._show_current(row)

    def select_page(self, page_id: int) -> None:
        ids = [p.id for p in self._pages]
        if page_id in ids:
            self.thumbnails.setCurrentRow(ids.index(page_id))

    def turn(self, step: int) -> None:
        """The previous (-1) or next (+1) page (PgUp / PgDn)."""
        row = self.thumbnails.currentRow() + step
        if 0 <= row < self.thumbnails.count():
            self.thumbnails.setCurrentRow(row)

    def _bytes(self, sha256: str) -> bytes:
        data = self.load(sha256)
        if data is None:  # a page synced from another counter whose file has not arrived yet
            raise DomainError(
                "PAGE_NOT_LOCAL", "该页材料的文件还不在本机", field="page", fix="请等待同步完成后再查看。"
            )
        return data

    def _load_thumbnail(self, sha256: str) -> None:
        self.runner.run_io(
            lambda: decode_image(self._bytes(sha256), THUMB_SIDE),
            alive(self, lambda image: self.thumbnails.set_thumbnail(sha256, image)),
            lambda _exc: None,  # the zoomed page says why when the clerk opens it
        )

    def _show_current(self, row: int) -> None:
        page = self.thumbnails.page_at(row)
        self.current_changed.emit(page)
        if page is None:
            self.info_label.clear()
            self.canvas.set_image(None, message=self.tr("还没有页面"))
            return
        self.info_label.setText(
            self.tr("{width}×{height} 像素").format(width=page.width or "?", height=page.height or "?")
        )
        size = QSize(page.width or 0, page.height or 0)
        cached = self._previews.get(page.sha256)
        if cached is not None:
            self._previews.move_to_end(page.sha256)
            self.canvas.set_image(cached, size)
            return
        self.canvas.set_image(None, message=self.tr("正在载入……"))
        sha256 = page.sha256
        self.runner.run_io(
            lambda: decode_image(self._bytes(sha256), PREVIEW_SIDE),
            alive(self, lambda image: self._preview_ready(sha256, size, image)),
            alive(
                self,
                lambda exc: self.canvas.set_image(None, message="\n".join(filter(None, error_text(exc)))),
            ),
            name=self._task,
        )

    def _preview_ready(self, sha256: str, size: QSize, image: QImage) -> None:
        self._previews[sha256] = image
        while len(self._previews) > PREVIEW_CACHE:
            self._previews.popitem(last=False)
        current = self.current_page()
        if current is not None and current.sha256 == sha256:
            self.canvas.set_image(image, size)
