"""现场签名: the applicant signs on the counter's signature pad (a pen tablet) or with the mouse, in front of the
clerk. 撤销一笔 takes back the last stroke, 清除重签 starts again; 确认签名 hands over the signature as a PNG
(black strokes on white), which the caller stores as the application's signature material."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.dialog_parts import error_label

PAD_SIZE = QSize(640, 240)
MIN_POINTS = 8  # fewer points than this is a tap or a slip, not a signature


class SignaturePad(QWidget):
    """A white canvas that records strokes from a pen (tablet events) or the mouse."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setFixedSize(PAD_SIZE)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.strokes: list[list[QPointF]] = []
        self._drawing = False

    # -- input: a pen's tablet events, or the mouse (a pen without tablet support arrives as mouse events)

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self.strokes.append([point])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._drawing and self.strokes:
            self.strokes[-1].append(point)
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    # -- editing

    def undo_stroke(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.update()
            self.changed.emit()

    def clear(self) -> None:
        self.strokes.clear()
        self.update()
        self.changed.emit()

    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    # -- drawing

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#000000"), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#b0b8c4"), 1, Qt.PenStyle.DashLine))
        baseline = int(self.height() * 0.75)
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        self._paint_strokes(painter)
        painter.end()

    def to_png(self) -> bytes:
        """The strokes alone (no guide line) on white, at the pad's size."""
        return strokes_png(self.size(), self._paint_strokes)


def strokes_png(size: QSize, paint: Callable[[QPainter], None]) -> bytes:
    """What `paint` draws on white at `size`, as PNG bytes (the signature as it is stored and printed)."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    paint(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class SignatureDialog(QDialog):
    """`signed(bytes)` with the PNG once the clerk confirms; nothing is stored by the dialog itself."""

    signed = Signal(bytes)

    def __init__(self, applicant: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.setWindowTitle(self.tr("申请人现场签名"))
        self.setModal(True)
        heading = QLabel(
            self.tr(
                "请申请人{who}本人在下面的框内用签字笔（或鼠标）签写姓名。窗口人员当面核对身份证后确认。"
            ).format(who=f"（{applicant}）" if applicant else "")
        )
        heading.setWordWrap(True)
        self.pad = SignaturePad()
        self.error = error_label("signatureError")
        self.undo_button = QPushButton(self.tr("撤销一笔"))
        self.undo_button.setShortcut("Ctrl+Z")
        self.undo_button.setToolTip(self.tr("撤销最后一笔（Ctrl+Z）"))
        self.clear_button = QPushButton(self.tr("清除重签"))
        self.clear_button.setObjectName("signatureClear")
        self.clear_button.setToolTip(self.tr("清除全部笔迹，重新签名"))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.ok_button = QPushButton(self.tr("确认签名"))
        self.ok_button.setObjectName("signatureOk")
        self.ok_button.setDefault(True)
        self.undo_button.clicked.connect(self.pad.undo_stroke)
        self.clear_button.clicked.connect(self.pad.clear)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.confirm)
        self.pad.changed.connect(self.error.clear)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.error)
        layout.addLayout(row)

    def confirm(self) -> None:
        if self.pad.point_count() < MIN_POINTS:
            self.error.setText(self.tr("框内还没有签名，请申请人签名后再确认。"))
            return
        self.signed.emit(self.pad.to_png())
        self.accept()
