"""The image pipeline: from a captured file to compact, upright, metadata-free JPEG pages.

open_image (formats.py) checks and decodes; normalise_page turns one page into what the material store
keeps; normalise_file does both for one captured file, letting the JPEG decoder skip work it need not do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms, JpegImagePlugin

from app.capture import formats
from app.capture.autocrop import find_document_box
from app.capture.formats import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, DEFAULT_MAX_PIXELS, open_image
from app.capture.jpeg import encode, encode_to_target, shrink_to_fit
from app.capture.photo import make_certificate_photo
from app.domain.errors import DomainError

__all__ = [
    "KINDS",
    "NormalisedPage",
    "crop",
    "make_certificate_photo",
    "normalise_file",
    "normalise_page",
    "open_image",
    "rotate",
]

A4_LONG_PX, A4_SHORT_PX = 3508, 2480  # A4 at 300 dpi
THUMBNAIL_SIDE = 256
_MIN_LONG_SIDE_PX = 1750
_A4_LONG_IN = 297 / 25.4
_ID_CARD_LONG_IN = 85.6 / 25.4


@dataclass(frozen=True)
class KindProfile:
    colour: bool
    target_bytes: int
    # Physical long side used to estimate dpi when the file does not say; None means "assume 300 dpi".
    long_side_in: float | None


# Forms and certificates keep colour: the red company or authority seal is part of the evidence.
KINDS: dict[str, KindProfile] = {
    "id_card_front": KindProfile(True, 300_000, _ID_CARD_LONG_IN),
    "id_card_back": KindProfile(True, 300_000, _ID_CARD_LONG_IN),
    "photo": KindProfile(True, 300_000, None),
    "document": KindProfile(False, 500_000, _A4_LONG_IN),
    "form": KindProfile(True, 500_000, _A4_LONG_IN),
    "certificate": KindProfile(True, 500_000, _A4_LONG_IN),
}

# EXIF orientation → the transpose that makes the picture upright.
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# Clockwise degrees (what "向右旋转" means to a clerk) → Pillow's counter-clockwise transposes.
_CLOCKWISE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


@dataclass(frozen=True)
class NormalisedPage:
    """One stored page: JPEG bytes and what the material rows record about them."""

    data: bytes
    mime: str
    width: int
    height: int
    dpi: int
    sha256: str
    thumbnail: bytes
    quality: int | None  # None when an edit re-used the source's quantisation tables
    target_met: bool
    auto_cropped: bool = False


def profile_of(kind: str) -> KindProfile:
    try:
        return KINDS[kind]
    except KeyError:
        raise DomainError(
            "MATERIAL_KIND_UNKNOWN",
            f"未知的材料图片类型“{kind}”",
            field="kind",
            fix="材料类型应为：" + "、".join(KINDS),
        ) from None


def _check_rotation(degrees: int) -> int:
    if degrees % 90:
        raise DomainError(
            "ROTATION_INVALID", f"旋转角度 {degrees}° 无效", field="rotate", fix="只能按 90° 的倍数旋转"
        )
    return degrees % 360


def _fit_scale(size: tuple[int, int]) -> float:
    long_side, short_side = max(size), min(size)
    return min(1.0, A4_LONG_PX / long_side, A4_SHORT_PX / short_side)


def _is_undecoded(image: Image.Image) -> bool:
    return bool(getattr(image, "tile", None))


def _draft(image: Image.Image, colour: bool, region: tuple[int, int]) -> float:
    """Ask the JPEG decoder for grayscale and/or a 1/2–1/8 size; returns the size reduction it chose."""
    if not isinstance(image, JpegImagePlugin.JpegImageFile) or not _is_undecoded(image):
        return 1.0
    scale = _fit_scale(region)
    wanted = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
    original = image.size[0]
    image.draft(None if colour else "L", wanted if scale < 0.5 else None)
    return original / image.size[0]


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, OSError, SyntaxError):
        return 1  # an unreadable EXIF block must not stop the page; treat it as upright


def _to_mode(image: Image.Image, colour: bool) -> Image.Image:
    """Flatten transparency onto white and bring any Pillow mode to RGB (colour) or L (grayscale)."""
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        image = image.point(lambda v: v / 256).convert("L")
    elif mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif mode == "1":
        image = image.convert("L")
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV", "F", "RGBX"):
        image = image.convert("RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    if not colour and image.mode != "L":
        return image.convert("L")
    if colour and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Bake an embedded colour profile (Display P3 on many phones) into sRGB before the profile is dropped."""
    if not icc or image.mode != "RGB":
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower():
            return image
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: keep the pixels as they are
    return converted if converted is not None else image


def _check_box(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    left, top, right, bottom = (int(v) for v in box)
    if not (0 <= left < right <= size[0] and 0 <= top < bottom <= size[1]):
        raise DomainError(
            "CROP_INVALID",
            f"裁剪框 {box} 超出图片范围（{size[0]}×{size[1]}）或为空",
            field="crop",
            fix="请在图片范围内重新框选",
        )
    return left, top, right, bottom


def _estimate_dpi(
    source_dpi: float | None, reduction: float, size: tuple[int, int], profile: KindProfile
) -> int:
    # Cameras write 72 or 96 dpi whatever they photograph; only a scanner's figure means anything.
    if source_dpi and 100 <= source_dpi <= 2400:
        dpi = source_dpi / reduction
    elif profile.long_side_in:
        dpi = max(size) / profile.long_side_in
    else:
        dpi = 300
    return int(min(1200, max(72, round(dpi))))


def _scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.size[0] * factor)), max(1, round(image.size[1] * factor)))
    # Pillow's bilinear is antialiased when shrinking and much faster on big pages; Lanczos where it is cheap.
    big = image.size[0] * image.size[1] > 4_000_000
    resample = Image.Resampling.BILINEAR if big else Image.Resampling.LANCZOS
    return image.resize(size, resample, reducing_gap=3.0)


def thumbnail_of(image: Image.Image) -> bytes:
    scale = THUMBNAIL_SIDE / max(image.size)
    if scale < 1:
        size = (max(1, round(image.size[0] * scale)), max(1, round(image.size[1] * scale)))
        image = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
    return encode(image, 75)


def normalise_page(
    img: Image.Image,
    *,
    kind: str,
    rotate: int = 0,
    crop_box: tuple[int, int, int, int] | None = None,
    auto_crop: bool = True,
    target_bytes: int | None = None,
    colour: bool | None = None,
    name: str | None = None,
) -> NormalisedPage:
    """Upright, cropped, right-coloured, A4-sized, compressed and stripped.

    `rotate` is clockwise degrees after the EXIF orientation; `crop_box` (left, top, right, bottom) is in
    pixels of the upright, rotated image; a manual box turns automatic cropping off. A lazily opened JPEG
    (see formats.iter_images) is decoded here, at the smallest draft size that still fills the page.
    """
    profile = profile_of(kind)
    want_colour = profile.colour if colour is None else colour
    degrees = _check_rotation(rotate)
    label = name or "（图片）"
    dpi_info = img.info.get("dpi")
    source_dpi = float(dpi_info[0]) if isinstance(dpi_info, tuple) and dpi_info else None
    icc = img.info.get("icc_profile")

    region = img.size if crop_box is None else (crop_box[2] - crop_box[0], crop_box[3] - crop_box[1])
    reduction = _draft(img, want_colour, region)
    if _is_undecoded(img):
        formats.decode(img, label)

    # Turning the page is postponed until it has been cropped and scaled down (far fewer pixels to move);
    # cropping and the A4 fit do not depend on which way up the page is, except a manual box given in
    # upright coordinates.
    turns = [t for t in (_ORIENTATION.get(_orientation(img)), _CLOCKWISE.get(degrees)) if t is not None]
    image = _to_mode(img, want_colour)
    auto_cropped = False
    if crop_box is not None:
        for turn in turns:
            image = image.transpose(turn)
        turns = []
        scaled = tuple(round(v / reduction) for v in crop_box)
        image = image.crop(_check_box((scaled[0], scaled[1], scaled[2], scaled[3]), image.size))
    elif auto_crop:
        found = find_document_box(image)
        if found is not None:
            image, auto_cropped = image.crop(found), True

    budget = target_bytes or profile.target_bytes
    # One resize, by the A4 fit and, if even the lowest quality will not fit the budget, by the further
    # shrink the strip sample asks for (fewer pixels beat a blockier page; the sample tells us so without a
    # full-size encode; the floor keeps an A4 page near 150 dpi). The page is turned only afterwards, when
    # it has fewer pixels to move; the sample is scaled and turned as the page will be.
    scale = _fit_scale(image.size)
    if max(image.size) * scale > _MIN_LONG_SIDE_PX:
        scale = shrink_to_fit(image, budget, _MIN_LONG_SIDE_PX, start=scale, turns=turns)
    if scale < 1.0:
        image = _scaled(image, scale)
        reduction /= scale
    for turn in turns:
        image = image.transpose(turn)
    if want_colour:
        image = _to_srgb(image, icc)
    dpi = _estimate_dpi(source_dpi, reduction, image.size, profile)
    encoded = encode_to_target(image, budget, dpi=dpi)
    for _ in range(2):
        # The prediction was optimistic: shrink from the actual size, still not below the floor.
        shrink = max(
            min(0.9, (budget / len(encoded.data)) ** 0.5 * 0.92), _MIN_LONG_SIDE_PX / max(image.size)
        )
        if encoded.target_met or shrink >= 1.0:
            break
        image = _scaled(image, shrink)
        reduction /= shrink
        dpi = _estimate_dpi(source_dpi, reduction, image.size, profile)
        encoded = encode_to_target(image, budget, dpi=dpi)
    return NormalisedPage(
        data=encoded.data,
        mime="image/jpeg",
        width=image.size[0],
        height=image.size[1],
        dpi=dpi,
        sha256=hashlib.sha256(encoded.data).hexdigest(),
        thumbnail=thumbnail_of(image),
        quality=encoded.quality,
        target_met=encoded.target_met,
        auto_cropped=auto_cropped,
    )


def normalise_file(
    data: bytes | Path,
    *,
    kind: str,
    name: str | None = None,
    auto_crop: bool = True,
    target_bytes: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> list[NormalisedPage]:
    """Every page of one captured file, normalised; the fast path the capture sources use."""
    label = formats.display_name(data, name)
    pages: list[NormalisedPage] = []
    images = formats.iter_images(
        data, name=label, max_pixels=max_pixels, max_bytes=max_bytes, max_pages=max_pages, lazy=True
    )
    for number, image in enumerate(images, start=1):
        page_label = label if number == 1 else f"{label}（第 {number} 页）"
        pages.append(
            normalise_page(image, kind=kind, auto_crop=auto_crop, target_bytes=target_bytes, name=page_label)
        )
    return pages


def _reopen(page_bytes: bytes) -> Image.Image:
    fmt = formats.detect_format(page_bytes, "页面")
    if fmt == "PDF":
        raise DomainError(
            "FILE_NOT_IMAGE", "页面是 PDF，不能直接编辑", field="page", fix="请先把 PDF 导入为页面图片"
        )
    return formats.decode(formats.open_header(page_bytes, fmt, "页面", DEFAULT_MAX_PIXELS), "页面")


def _reencode(source: Image.Image, edited: Image.Image) -> NormalisedPage:
    """Encode once with the source's own quantisation tables, so an edit neither bloats nor degrades."""
    dpi_info = source.info.get("dpi")
    dpi = round(dpi_info[0]) if isinstance(dpi_info, tuple) and dpi_info[0] else 300
    buffer = BytesIO()
    options: dict[str, object] = {"exif": b"", "comment": b"", "dpi": (dpi, dpi)}
    if isinstance(source, JpegImagePlugin.JpegImageFile):
        options["qtables"] = source.quantization
        sampling = JpegImagePlugin.get_sampling(source)
        if sampling >= 0 and edited.mode == "RGB":
            options["subsampling"] = sampling
        quality: int | None = None
    else:
        options["quality"] = quality = 85
    edited = _to_mode(edited, edited.mode != "L")
    edited.save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    return NormalisedPage(
        data=data,
        mime="image/jpeg",
        width=edited.size[0],
        height=edited.size[1],
        dpi=dpi,
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail_of(edited),
        quality=quality,
        target_met=True,
    )


def rotate(page_bytes: bytes, degrees: int) -> NormalisedPage:
    """The page turned clockwise by a multiple of 90°, re-encoded once."""
    turn = _check_rotation(degrees)
    source = _reopen(page_bytes)
    edited = source.transpose(_CLOCKWISE[turn]) if turn else source.copy()
    return _reencode(source, edited)


def crop(page_bytes: bytes, box: tuple[int, int, int, int]) -> NormalisedPage:
    """The page cut to box (left, top, right, bottom in its pixels), re-encoded once."""
    source = _reopen(page_bytes)
    return _reencode(source, source.crop(_check_box(box, source.size)))
