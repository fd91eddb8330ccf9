"""高拍仪: the document camera through Qt Multimedia — device list, live preview with the ID-card guide frame,
photo resolution, one key (Space / F9) to capture.

The captured QImage is encoded to JPEG on the io pool and handed to CameraFrameSource.push_frame, the same path
whatever delivered the frame (`on_image_captured` is the slot QImageCapture.imageCaptured is connected to). On a
machine without a camera, or without Qt Multimedia, the panel says so and the window carries on.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.capture.source_base import CaptureFailure
from app.capture.sources import CameraFrameSource
from app.domain.errors import DomainError
from app.ui.capture.common import alive, card_guide_rect, paint_card_guide
from app.ui.capture.imaging import qimage_to_jpeg
from app.ui.capture.source_notice import SourceNotice
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

try:
    from PySide6.QtMultimedia import (
        QCamera,
        QImageCapture,
        QMediaCaptureSession,
        QMediaDevices,
        QVideoFrame,
        QVideoSink,
    )
except ImportError:  # PySide6-Addons or libpulse0 missing: the camera source reports itself unavailable
    QMediaDevices = None


class CameraPreview(QWidget):
    """The live picture, letterboxed, with the card guide drawn over it for ID cards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera_preview")
        self.setMinimumSize(360, 270)
        self.frame: QImage | None = None
        self.message = ""
        self.guide_label = ""

    def show_frame(self, image: QImage | None) -> None:
        self.frame = image
        self.update()

    def show_message(self, text: str) -> None:
        self.frame, self.message = None, text
        self.update()

    def picture_rect(self) -> QRectF:
        bounds = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        if self.frame is None or self.frame.isNull():
            # No picture: the guide still shows where the card goes, on a 4:3 field like most cameras.
            size = QSize(4, 3)
        else:
            size = self.frame.size()
        scaled = size.scaled(bounds.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(
            bounds.center().x() - scaled.width() / 2,
            bounds.center().y() - scaled.height() / 2,
            scaled.width(),
            scaled.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(40, 40, 40))
        picture = self.picture_rect()
        if self.frame is not None and not self.frame.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(picture, self.frame)
        elif self.message:
            painter.setPen(QColor(240, 240, 240))
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.message,
            )
        if self.guide_label and self.frame is not None and not self.frame.isNull():
            paint_card_guide(painter, card_guide_rect(picture, 0.8), self.guide_label)


class CameraPanel(QWidget):
    captured = Signal(list)  # [CapturedItem | CaptureFailure], in capture order
    availability_changed = Signal(bool, str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera_panel")
        self.runner = runner
        self.source = CameraFrameSource(probe=self.probe)
        self.camera = None
        self.session = None
        self.image_capture = None
        self.sink = None
        self._devices: list = []
        self._media = QMediaDevices(self) if QMediaDevices is not None else None

        self.notice = SourceNotice()
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("camera_devices")
        self.device_combo.setAccessibleName(self.tr("高拍仪设备"))
        self.resolution_combo = QComboBox()
        self.resolution_combo.setObjectName("camera_resolution")
        self.resolution_combo.setAccessibleName(self.tr("拍摄分辨率"))
        self.preview = CameraPreview()
        self.capture_button = QPushButton(self.tr("拍摄（空格 / F9）"))
        self.capture_button.setObjectName("camera_capture")
        self.capture_button.setAutoDefault(False)
        self.capture_button.clicked.connect(self.capture)
        self.status = QLabel()
        self.status.setObjectName("camera_status")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("设备"), self.device_combo)
        form.addRow(self.tr("分辨率"), self.resolution_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.capture_button)
        layout.addWidget(self.status)

        self.device_combo.currentIndexChanged.connect(self._device_chosen)
        self.resolution_combo.currentIndexChanged.connect(self._resolution_chosen)
        if self._media is not None:
            self._media.videoInputsChanged.connect(self.refresh_devices)
        self.refresh_devices()

    # ------------------------------------------------------------------ devices

    def probe(self) -> tuple[bool, str]:
        if QMediaDevices is None:
            return False, self.tr(
                "本机缺少 Qt 多媒体组件，无法使用高拍仪。请联系管理员安装后重试，或改用其他来源。"
            )
        if not QMediaDevices.videoInputs():
            return False, self.tr(
                "没有检测到高拍仪（摄像头）。请检查高拍仪的 USB 线是否插好、电源是否打开；插上后会自动出现在设备列表中。"
            )
        return True, ""

    def set_guide(self, label: str) -> None:
        self.preview.guide_label = label
        self.preview.update()

    def refresh_devices(self) -> None:
        ok, why = self.source.available()
        current = self.device_combo.currentData()
        self._devices = list(QMediaDevices.videoInputs()) if ok else []
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        for device in self._devices:
            self.device_combo.addItem(device.description(), bytes(device.id().data()))
        ids = [bytes(d.id().data()) for d in self._devices]
        self.device_combo.setCurrentIndex(ids.index(current) if current in ids else (0 if ids else -1))
        self.device_combo.blockSignals(False)
        if current is not None and current not in ids and self.camera is not None:
            self.stop()
            unplugged = self.tr("高拍仪已断开，已拍摄的页面都已保存。")
            why = f"{unplugged}{why}" if why else unplugged + self.tr("请在设备列表中选择另一台高拍仪。")
        self.device_combo.setEnabled(ok)
        self.resolution_combo.setEnabled(ok)
        self.capture_button.setEnabled(False)
        if not ok:
            self.preview.show_message(why)
            self.status.setText(why)
            self.availability_changed.emit(False, why)
            return
        self.availability_changed.emit(True, "")
        self._device_chosen(self.device_combo.currentIndex())

    def current_device(self):
        row = self.device_combo.currentIndex()
        return self._devices[row] if 0 <= row < len(self._devices) else None

    def _device_chosen(self, _row: int) -> None:
        device = self.current_device()
        self.resolution_combo.blockSignals(True)
        self.resolution_combo.clear()
        if device is not None:
            sizes = sorted(device.photoResolutions(), key=lambda s: s.width() * s.height(), reverse=True)
            for size in sizes:
                self.resolution_combo.addItem(f"{size.width()}×{size.height()}", size)
            if not sizes:
                self.resolution_combo.addItem(self.tr("默认"), QSize())
        self.resolution_combo.blockSignals(False)
        if self.camera is not None or self.isVisible():
            self.stop()
            self.start()

    def _resolution_chosen(self, _row: int) -> None:
        size = self.resolution_combo.currentData()
        if self.image_capture is not None and isinstance(size, QSize) and size.isValid():
            self.image_capture.setResolution(size)

    # ------------------------------------------------------------------ preview

    def start(self) -> None:
        """Open the chosen camera and show its live picture (called when the panel is shown)."""
        device = self.current_device()
        if device is None or self.camera is not None:
            return
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self.image_capture = QImageCapture(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.session.setImageCapture(self.image_capture)
        self.sink.videoFrameChanged.connect(self._frame)
        self.image_capture.imageCaptured.connect(self.on_image_captured)
        self.image_capture.readyForCaptureChanged.connect(self.capture_button.setEnabled)
        self.image_capture.errorOccurred.connect(lambda _id, _err, text: self._failed(text))
        self.camera.errorOccurred.connect(lambda _err, text: self._failed(text))
        self._resolution_chosen(self.resolution_combo.currentIndex())
        self.preview.show_message(self.tr("正在打开高拍仪……"))
        self.camera.start()
        self.status.setText(self.tr("把材料放在高拍仪下，按空格键或 F9 拍摄。"))

    def stop(self) -> None:
        if self.camera is None:
            return
        self.camera.stop()
        for obj in (self.image_capture, self.sink, self.session, self.camera):
            obj.deleteLater()
        self.camera = self.session = self.sink = self.image_capture = None
        self.capture_button.setEnabled(False)

    def _frame(self, frame: QVideoFrame) -> None:
        # Preview only: converting the current frame is what a video widget does on this thread too.
        if frame.isValid():
            self.preview.show_frame(frame.toImage())

    def _failed(self, text: str) -> None:
        message = self.tr("高拍仪出错：{text}。已拍摄的页面都已保存；请重新插拔高拍仪后再试。").format(
            text=text
        )
        self.stop()
        self.preview.show_message(message)
        self.status.setText(message)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.start()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------------ capture

    def capture(self) -> None:
        """One key, one page: ask the camera for a still (its imageCaptured signal brings it back)."""
        ok, why = self.source.available()
        if not ok:
            self.status.setText(why)
            return
        if self.image_capture is None or not self.image_capture.isReadyForCapture():
            self.status.setText(self.tr("高拍仪还没有准备好，请稍候再按。"))
            return
        self.image_capture.capture()

    def on_image_captured(self, request_id: int, image: QImage) -> None:
        """A still from the camera: encode it on the io pool, then it becomes a captured item."""
        frame = image.copy()
        self.status.setText(self.tr("正在保存拍摄的画面……"))
        self.runner.run_io(
            lambda: qimage_to_jpeg(frame),
            alive(self, self.accept_jpeg),
            alive(self, lambda exc: self._refused(exc)),
        )

    def accept_jpeg(self, jpeg: bytes) -> None:
        try:
            self.source.push_frame(jpeg)
        except DomainError as error:
            self._refused(error)
            return
        items = list(self.source.capture())
        self.status.setText(self.tr("已拍摄，继续放下一页按空格键或 F9。"))
        self.captured.emit(items)

    def _refused(self, exc: BaseException) -> None:
        error = exc if isinstance(exc, DomainError) else DomainError("CAMERA_FAILED", error_text(exc)[0])
        self.status.setText(error.message)
        self.captured.emit([CaptureFailure(self.source.name, error, self.source.name)])
