"""A signature pad (签名板): pen (tablet events, with pressure) or mouse strokes on white, kept as a PNG."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.ui.signature_dialog import strokes_png

Stroke = list[tuple[QPointF, float]]  # points with pen width


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(420, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[Stroke] = []
        self._drawing = False

    # -- input ---------------------------------------------------------------------------------------------

    def _begin(self, point: QPointF, width: float) -> None:
        self.strokes.append([(point, width)])
        self._drawing = True
        self.update()

    def _extend(self, point: QPointF, width: float) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append((point, width))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 3.0)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._extend(event.position(), 3.0)

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 (Qt override)
        width = 1.5 + 4.0 * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # -- output --------------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self.strokes)

    def clear(self) -> None:
        self.strokes = []
        self.update()
        self.changed.emit()

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self.strokes:
            for (a, wa), (b, _wb) in zip(stroke, stroke[1:], strict=False):
                painter.setPen(QPen(QColor("#111111"), wa, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawLine(a, b)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#bbbbbb"), 1, Qt.PenStyle.DashLine))
        base = self.height() - 36
        painter.drawLine(24, base, self.width() - 24, base)
        self._paint(painter)

    def png(self) -> bytes:
        """The signature on white at the pad's size (no guide line), as PNG bytes."""
        return strokes_png(self.size(), self._paint)
