"""The holder's photo for an e-certificate (DOMAIN.md §1): JPG, 300 dpi, at most 50 KB, two-inch portrait."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, JpegImagePlugin

from app.capture import formats
from app.capture.jpeg import encode
from app.domain.errors import DomainError

PHOTO_SIZE = (413, 579)  # 35×49 mm at 300 dpi (二寸照)
PHOTO_DPI = 300
PHOTO_MAX_BYTES = 50_000  # 50 KB read as decimal, so it holds under either reading
# Where the crop window sits when the picture is taller than 35:49: 0 = top, 0.5 = centred. Faces sit in
# the upper part of a portrait, so the window leans upwards.
_VERTICAL_BIAS = 0.3
_MIN_CROP_WIDTH = 150


def _crop_box(size: tuple[int, int]) -> tuple[int, int, int, int]:
    width, height = size
    ratio = PHOTO_SIZE[0] / PHOTO_SIZE[1]
    if width / height > ratio:
        crop_w = round(height * ratio)
        left = (width - crop_w) // 2
        return left, 0, left + crop_w, height
    crop_h = round(width / ratio)
    top = round((height - crop_h) * _VERTICAL_BIAS)
    return 0, top, width, top + crop_h


def _load(img: Image.Image | bytes | Path) -> Image.Image:
    if isinstance(img, Image.Image):
        return img
    return next(formats.iter_images(img, name="照片", lazy=True))


def make_certificate_photo(img: Image.Image | bytes | Path) -> bytes:
    """A 413×579 sRGB JPEG at 300 dpi and at most 50 KB, cropped from any camera or phone picture."""
    image = _load(img)
    if isinstance(image, JpegImagePlugin.JpegImageFile) and getattr(image, "tile", None):
        # Phone pictures are 5–15 times bigger than the photo: let the decoder scale down first, keeping
        # at least twice the final pixels inside the crop so the last resize still has detail to work with.
        upright = image.size[::-1] if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else image.size
        box = _crop_box(upright)
        factor = 2 * PHOTO_SIZE[0] / (box[2] - box[0])
        if factor < 0.5:
            image.draft("RGB", (round(image.size[0] * factor), round(image.size[1] * factor)))
        formats.decode(image, "照片")
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        if image.mode in ("RGBA", "LA", "P", "PA"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        else:
            image = image.convert("RGB")
    box = _crop_box(image.size)
    if box[2] - box[0] < _MIN_CROP_WIDTH:
        raise DomainError(
            "PHOTO_TOO_SMALL",
            f"照片只有 {image.size[0]}×{image.size[1]} 像素，清晰度不足以制作电子证书照片",
            field="photo",
            fix="请用高拍仪或手机重新拍摄一张正面免冠照片",
        )
    portrait = image.resize(PHOTO_SIZE, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    best: bytes | None = None
    lo, hi = 20, 95
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(portrait, mid, PHOTO_DPI, optimize=True)
        if len(data) <= PHOTO_MAX_BYTES:
            best, lo = data, mid + 1
        else:
            hi = mid - 1
    if best is None:
        # Extremely noisy pictures: soften before giving up, a photo must always be producible if possible.
        best = encode(
            portrait.reduce(2).resize(PHOTO_SIZE, Image.Resampling.BICUBIC), 20, PHOTO_DPI, optimize=True
        )
        if len(best) > PHOTO_MAX_BYTES:
            raise DomainError(
                "PHOTO_TOO_DETAILED",
                "照片噪点过多，压缩到 50 KB 以内后无法保证清晰",
                field="photo",
                fix="请在光线充足处、纯色背景前重新拍摄",
            )
    return best


def photo_problems(data: bytes) -> list[str]:
    """What keeps a stored picture from being used as the e-certificate photo as it is (Chinese, one per rule):
    JPEG, at most 50 KB, 413×579 pixels (二寸), 300 dpi. Empty when it is fit to print."""
    problems: list[str] = []
    if len(data) > PHOTO_MAX_BYTES:
        problems.append(f"照片{len(data) / 1000:.0f} KB，超过50 KB")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "JPEG":
                problems.append(f"照片是{image.format or '未知'}格式，应为JPG")
            if image.size != PHOTO_SIZE:
                problems.append(
                    f"照片为{image.size[0]}×{image.size[1]}像素，应为{PHOTO_SIZE[0]}×{PHOTO_SIZE[1]}（二寸）"
                )
            dpi = image.info.get("dpi")
            if dpi is None or round(float(dpi[0])) != PHOTO_DPI:
                shown = f"{float(dpi[0]):.0f}" if dpi else "未标注"
                problems.append(f"照片分辨率{shown} dpi，应为{PHOTO_DPI} dpi")
    except (OSError, ValueError, Image.DecompressionBombError):
        problems.append("照片文件已损坏或不是图片")
    return problems
