"""JPEG encoding without metadata, and a quality search that lands under a byte budget in few full encodes."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from PIL import Image

MIN_QUALITY = 30
MAX_QUALITY = 90
# The quality search runs on horizontal strips covering about 1/SAMPLE_EVERY of the rows; JPEG size grows
# almost linearly with area for the same content, so the strips predict the full size well.
_STRIP_ROWS = 32
_SAMPLE_EVERY = 6


@dataclass(frozen=True)
class Encoded:
    data: bytes
    quality: int
    target_met: bool


def encode(image: Image.Image, quality: int, dpi: int | None = None, *, optimize: bool = False) -> bytes:
    """Baseline JPEG with no EXIF, ICC, XMP or comment: only pixels and the JFIF density."""
    buffer = BytesIO()
    options: dict[str, object] = {"quality": quality, "optimize": optimize, "exif": b"", "comment": b""}
    if dpi:
        options["dpi"] = (dpi, dpi)
    if image.mode == "RGB":
        options["subsampling"] = 2  # 4:2:0, what every viewer and the e-certificate system expect
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _sample(image: Image.Image) -> tuple[Image.Image, float]:
    """Evenly spaced full-width strips pasted together, and the factor from sample area to full area."""
    width, height = image.size
    if height <= _STRIP_ROWS * _SAMPLE_EVERY * 2:
        return image, 1.0
    tops = list(range(0, height - _STRIP_ROWS + 1, _STRIP_ROWS * _SAMPLE_EVERY))
    sample = Image.new(image.mode, (width, _STRIP_ROWS * len(tops)))
    for i, top in enumerate(tops):
        sample.paste(image.crop((0, top, width, top + _STRIP_ROWS)), (0, i * _STRIP_ROWS))
    return sample, height / sample.size[1]


def shrink_to_fit(
    image: Image.Image, target_bytes: int, min_long_side: int, quality: int = MIN_QUALITY
) -> float:
    """The scale (≤ 1) at which the image should fit target_bytes at `quality`, or the floor set by
    min_long_side. Tried on the resized strip sample only: a few small encodes, no full-size work."""
    sample, factor = _sample(image)
    floor = min(1.0, min_long_side / max(image.size))
    scale = 1.0
    for _ in range(4):
        if scale < 1.0:
            size = (max(1, round(sample.size[0] * scale)), max(1, round(sample.size[1] * scale)))
            trial = sample.resize(size, Image.Resampling.BILINEAR)
        else:
            trial = sample
        expected = len(encode(trial, quality)) * factor
        if expected <= target_bytes * 0.94 or scale <= floor:
            return scale
        # Size falls more slowly than the pixel count (detail gets denser), hence the extra margin.
        scale = max(floor, scale * (target_bytes / expected) ** 0.5 * 0.95)
    return scale


def encode_to_target(
    image: Image.Image,
    target_bytes: int,
    *,
    dpi: int | None = None,
    min_quality: int = MIN_QUALITY,
    max_quality: int = MAX_QUALITY,
) -> Encoded:
    """The highest quality whose output fits target_bytes (binary search), or min_quality if none does."""
    sample, factor = _sample(image)

    def predicted(q: int) -> float:
        return len(encode(sample, q)) * factor

    if factor == 1.0:
        # Small images: search on the real thing, it is as cheap as the sample.
        return _search_exact(image, target_bytes, dpi, min_quality, max_quality)

    lo, hi = min_quality, max_quality
    best = min_quality
    while lo <= hi:
        mid = (lo + hi) // 2
        if predicted(mid) <= target_bytes * 0.94:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    quality = best
    # Confirm on the full image; step down if the prediction was optimistic.
    for _ in range(4):
        data = encode(image, quality, dpi)
        if len(data) <= target_bytes or quality <= min_quality:
            return Encoded(data, quality, len(data) <= target_bytes)
        overshoot = len(data) / target_bytes
        quality = max(min_quality, quality - max(3, round((overshoot - 1) * 40)))
    data = encode(image, quality, dpi)
    return Encoded(data, quality, len(data) <= target_bytes)


def _search_exact(image: Image.Image, target_bytes: int, dpi: int | None, lo: int, hi: int) -> Encoded:
    best: bytes | None = None
    best_q = lo
    floor = lo
    while lo <= hi:
        mid = (lo + hi) // 2
        data = encode(image, mid, dpi)
        if len(data) <= target_bytes:
            best, best_q, lo = data, mid, mid + 1
        else:
            hi = mid - 1
    if best is None:
        data = encode(image, floor, dpi)
        return Encoded(data, floor, len(data) <= target_bytes)
    return Encoded(best, best_q, True)
