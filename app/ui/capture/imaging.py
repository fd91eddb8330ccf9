"""Image work for the capture screens, run on the io pool (never on the UI thread): stored page bytes to a
QImage of a bounded size, and a camera QImage to JPEG bytes. QImage is safe to build in a worker; QPixmap is not.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from app.domain.errors import DomainError

THUMB_SIDE = 160
PREVIEW_SIDE = 2400


def decode_image(data: bytes, max_side: int) -> QImage:
    """The page at most max_side pixels on its long side (JPEG decodes at a reduced scale when it can)."""
    try:
        with Image.open(BytesIO(data)) as img:
            img.draft("RGB", (max_side, max_side))
            rgb = img.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError(
            "PAGE_UNREADABLE", f"无法显示该页：{exc}", field="page", fix="请删除该页后重新扫描。"
        ) from exc
    if max(rgb.size) > max_side:
        rgb.thumbnail((max_side, max_side), Image.Resampling.BILINEAR)
    width, height = rgb.size
    raw = rgb.tobytes()
    # copy(): the QImage must own its pixels once `raw` goes away.
    return QImage(raw, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def qimage_to_jpeg(image: QImage, quality: int = 92) -> bytes:
    """A camera frame as JPEG bytes, what the capture sources and the pipeline take."""
    if image.isNull():
        raise DomainError(
            "CAMERA_FRAME_EMPTY",
            "高拍仪没有送来画面",
            field="camera",
            fix="请稍候片刻再拍摄；如反复出现请重新插拔高拍仪。",
        )
    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not converted.save(buffer, "JPEG", quality):
        raise DomainError("CAMERA_FRAME_INVALID", "无法保存高拍仪画面", field="camera", fix="请重新拍摄。")
    buffer.close()
    return bytes(array.data())
