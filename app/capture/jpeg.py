"""JPEG encoding without metadata, and a quality search that lands under a byte budget in few full encodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from PIL import Image

MIN_QUALITY = 30
MAX_QUALITY = 90
# The quality search runs on horizontal strips covering about 1/SAMPLE_EVERY of the rows; JPEG size grows
# almost linearly with area for the same content, so the strips predict the full size well.
_STRIP_ROWS = 32
_SAMPLE_EVERY = 6
# The transposes that swap width and height.
_QUARTER_TURNS = frozenset(
    {
        Image.Transpose.ROTATE_90,
        Image.Transpose.ROTATE_270,
        Image.Transpose.TRANSPOSE,
        Image.Transpose.TRANSVERSE,
    }
)


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


def _sample(
    image: Image.Image, turns: Sequence[Image.Transpose] = (), scale: float = 1.0
) -> tuple[Image.Image, float]:
    """Evenly spaced full-width strips pasted together, and the factor from sample area to full area.

    The sample stands for the page as it will be stored. `scale` is the resize it will be given: each strip is
    scaled on its own, to _STRIP_ROWS rows (a pasted sample scaled as a whole would cut the JPEG's 8×8 blocks
    across the seams and predict too big a file). `turns` are the transposes it will be given afterwards: the
    strips are then taken across the stored page's rows (full-height strips when it is turned a quarter) and
    the sample is turned the same way, since a JPEG's size depends on which way its content lies (each
    block's DC term is predicted from its left neighbour, and the 8×8 grid falls differently on a mirror)."""
    quarter = sum(turn in _QUARTER_TURNS for turn in turns) % 2 == 1
    width, height = image.size
    span, across = (width, height) if quarter else (height, width)
    rows = _STRIP_ROWS if scale >= 1.0 else max(1, round(_STRIP_ROWS / scale))
    if span <= rows * _SAMPLE_EVERY * 2:
        whole = image
        if scale < 1.0:
            size = (max(1, round(width * scale)), max(1, round(height * scale)))
            whole = image.resize(size, Image.Resampling.BILINEAR)
        for turn in turns:
            whole = whole.transpose(turn)
        return whole, 1.0
    starts = range(0, span - rows + 1, rows * _SAMPLE_EVERY)
    length = across if scale >= 1.0 else max(1, round(across * scale))
    sample = Image.new(
        image.mode, (_STRIP_ROWS * len(starts), length) if quarter else (length, _STRIP_ROWS * len(starts))
    )
    for i, first in enumerate(starts):
        box = (first, 0, first + rows, across) if quarter else (0, first, across, first + rows)
        strip = image.crop(box)
        if scale < 1.0:
            strip = strip.resize(
                (_STRIP_ROWS, length) if quarter else (length, _STRIP_ROWS), Image.Resampling.BILINEAR
            )
        sample.paste(strip, (i * _STRIP_ROWS, 0) if quarter else (0, i * _STRIP_ROWS))
    for turn in turns:
        sample = sample.transpose(turn)
    return sample, span * min(1.0, scale) / (_STRIP_ROWS * len(starts))


def shrink_to_fit(
    image: Image.Image,
    target_bytes: int,
    min_long_side: int,
    quality: int = MIN_QUALITY,
    *,
    start: float = 1.0,
    turns: Sequence[Image.Transpose] = (),
) -> float:
    """The scale (≤ start ≤ 1) at which the image should fit target_bytes at `quality`, or the floor set by
    min_long_side. Tried on strip samples only: a few small encodes, no full-size work. `start` is a reduction
    the caller makes anyway (the A4 fit), so that the image is resized once, by the answer, and turned
    afterwards by `turns` (see `_sample`)."""
    floor = min(start, min_long_side / max(image.size))
    scale = start
    for _ in range(4):
        sample, factor = _sample(image, turns, scale)
        expected = len(encode(sample, quality)) * factor
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
