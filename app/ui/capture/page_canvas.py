"""The zoomed page (放大查看): Ctrl+wheel or +/- to zoom, a rubber band drawn with the mouse to choose a crop,
and for ID cards a guide frame of the card's shape that can be taken as the crop in one key."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from app.ui.capture.common import card_guide_rect, paint_card_guide

MIN_ZOOM, MAX_ZOOM, STEP = 0.05, 8.0, 1.25


class _Surface(QWidget):
    """Paints the page at the canvas's zoom; selection and guide are kept in image pixels so zoom keeps them."""

    def __init__(self, canvas: PageCanvas) -> None:
        super().__init__()
        self.canvas = canvas
        self._anchor: QPointF | None = None
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        c = self.canvas
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(96, 96, 96))
        if c.image is None:
            painter.setPen(QColor(235, 235, 235))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, c.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(0, 0, c.image.width() * c.zoom, c.image.height() * c.zoom)
        painter.drawImage(target, c.image)
        if c.guide_label:
            paint_card_guide(painter, self._to_widget(c.guide_rect()), c.guide_label)
        if c.selection is not None:
            sel = self._to_widget(c.selection)
            shade = QColor(0, 0, 0, 110)
            for part in (
                QRectF(0, 0, target.width(), sel.top()),
                QRectF(0, sel.bottom(), target.width(), target.height() - sel.bottom()),
                QRectF(0, sel.top(), sel.left(), sel.height()),
                QRectF(sel.right(), sel.top(), target.width() - sel.right(), sel.height()),
            ):
                painter.fillRect(part, shade)
            pen = QPen(QColor(33, 150, 243), 2)
            painter.setPen(pen)
            painter.drawRect(sel)

    def _to_widget(self, rect: QRectF) -> QRectF:
        z = self.canvas.zoom
        return QRectF(rect.x() * z, rect.y() * z, rect.width() * z, rect.height() * z)

    def _to_image(self, point: QPointF) -> QPointF:
        c = self.canvas
        assert c.image is not None
        x = min(max(point.x() / c.zoom, 0.0), float(c.image.width()))
        y = min(max(point.y() / c.zoom, 0.0), float(c.image.height()))
        return QPointF(x, y)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.canvas.wheelEvent(event)  # zoom; a plain wheel goes on to the scroll area and scrolls
        else:
            event.ignore()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if (
            self.canvas.image is None
            or not self.canvas.editable
            or event.button() != Qt.MouseButton.LeftButton
        ):
            super().mousePressEvent(event)
            return
        self._anchor = self._to_image(event.position())
        self.canvas.set_selection(None)
        self.canvas.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._anchor is not None:
            self.canvas.set_selection(QRectF(self._anchor, self._to_image(event.position())).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._anchor is not None:
            rect = QRectF(self._anchor, self._to_image(event.position())).normalized()
            self._anchor = None
            # A click without a drag clears the selection rather than choosing a sliver.
            self.canvas.set_selection(rect if rect.width() > 4 and rect.height() > 4 else None)


class PageCanvas(QScrollArea):
    """One page, zoomable; `selection` is in the displayed image's pixels, `crop_box()` in the stored page's."""

    selection_changed = Signal(bool)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self.editable = editable
        self.image: QImage | None = None
        self.page_size = QSize()  # the stored page's size in pixels
        self.zoom = 1.0
        self.fitted = True
        self.selection: QRectF | None = None
        self.guide_label = ""
        self.message = self.tr("没有页面")
        self.surface = _Surface(self)
        self.setWidget(self.surface)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidgetResizable(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("页面放大查看"))
        self.setMinimumSize(320, 320)

    # ------------------------------------------------------------------ content

    def set_image(self, image: QImage | None, page_size: QSize | None = None, message: str = "") -> None:
        keep = image is not None and self.image is not None and image.size() == self.image.size()
        self.image = image
        self.page_size = (
            page_size
            if page_size is not None and page_size.isValid()
            else (image.size() if image is not None else QSize())
        )
        self.message = message or self.tr("没有页面")
        self.set_selection(None)
        if image is None or not keep or self.fitted:
            self.fit()
        else:
            self._apply_zoom(self.zoom)

    def set_guide(self, label: str) -> None:
        """Show the ID-card guide frame with this caption; an empty label hides it."""
        self.guide_label = label
        self.surface.update()

    def guide_rect(self) -> QRectF:
        assert self.image is not None
        return card_guide_rect(QRectF(0, 0, self.image.width(), self.image.height()))

    # ------------------------------------------------------------------ zoom

    def fit(self) -> None:
        self.fitted = True
        if self.image is None or self.image.isNull():
            self._apply_zoom(1.0)
            return
        view = self.viewport().size()
        zoom = min((view.width() - 8) / self.image.width(), (view.height() - 8) / self.image.height())
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.fitted = False
        self._apply_zoom(self.zoom * STEP)

    def zoom_out(self) -> None:
        self.fitted = False
        self._apply_zoom(self.zoom / STEP)

    def _apply_zoom(self, zoom: float) -> None:
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if self.image is None:
            self.surface.resize(self.viewport().size())
        else:
            self.surface.resize(round(self.image.width() * self.zoom), round(self.image.height() * self.zoom))
        self.surface.update()
        self.zoom_changed.emit(self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.fitted or self.image is None:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.fitted = False
                self._apply_zoom(self.zoom * STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ crop

    def set_selection(self, rect: QRectF | None) -> None:
        had = self.selection is not None
        self.selection = rect
        self.surface.update()
        if had or rect is not None:
            self.selection_changed.emit(rect is not None)

    def select_guide(self) -> None:
        if self.image is not None and self.editable:
            self.set_selection(self.guide_rect())

    def crop_box(self) -> tuple[int, int, int, int] | None:
        """The selection in the stored page's pixels (left, top, right, bottom), or None."""
        if self.selection is None or self.image is None or self.image.width() == 0:
            return None
        sx = self.page_size.width() / self.image.width()
        sy = self.page_size.height() / self.image.height()
        sel = self.selection
        left = max(0, round(sel.left() * sx))
        top = max(0, round(sel.top() * sy))
        right = min(self.page_size.width(), round(sel.right() * sx))
        bottom = min(self.page_size.height(), round(sel.bottom() * sy))
        if right - left < 2 or bottom - top < 2:
            return None
        return left, top, right, bottom
