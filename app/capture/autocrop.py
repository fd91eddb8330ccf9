"""Finding a document or card lying on a plain background (document camera, phone on a desk).

The approach is deliberately simple: take the background colour from the image border, mark the pixels
that differ from it, clean specks away, and take the bounding box. It only answers when it is confident;
otherwise it returns None and the page is left uncropped.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageFilter, ImageStat

_WORK_SIDE = 256  # analysis runs on a thumbnail this big: fast, and enough for a bounding box
_BORDER = 0.03  # the outer ring (fraction of each side) that should be background
_MIN_BORDER_AGREEMENT = 0.75  # share of border pixels that must match the background colour
_MIN_AREA, _MAX_AREA = 0.06, 0.92  # found box as a share of the image; outside this range: unsure
_MIN_FILL = 0.55  # a document is a solid blob; text on a page of the same colour as the border is not
_MIN_EDGE = 0.6  # each side of the found box must be mostly "not background" in the raw mask
_PADDING = 0.01


def _small_copy(image: Image.Image) -> Image.Image:
    factor = max(1, max(image.size) // (_WORK_SIDE * 2))
    small = image.reduce(factor) if factor > 1 else image
    small = small.convert("RGB") if small.mode != "RGB" else small
    small = small.copy()
    small.thumbnail((_WORK_SIDE, _WORK_SIDE), Image.Resampling.BILINEAR)
    return small


def _border_ring(small: Image.Image) -> list[Image.Image]:
    width, height = small.size
    bx, by = max(2, round(width * _BORDER)), max(2, round(height * _BORDER))
    return [
        small.crop((0, 0, width, by)),
        small.crop((0, height - by, width, height)),
        small.crop((0, by, bx, height - by)),
        small.crop((width - bx, by, width, height - by)),
    ]


def _median_colour(parts: list[Image.Image]) -> tuple[int, int, int]:
    histograms = [0] * 768
    for part in parts:
        for i, count in enumerate(part.histogram()):
            histograms[i] += count
    colour: list[int] = []
    for band in range(3):
        counts = histograms[band * 256 : (band + 1) * 256]
        half, running = sum(counts) / 2, 0
        for value, count in enumerate(counts):
            running += count
            if running >= half:
                colour.append(value)
                break
    return colour[0], colour[1], colour[2]


def _difference(image: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """Per-pixel largest channel difference from the background colour, as an L image."""
    diff = ImageChops.difference(image, Image.new("RGB", image.size, colour))
    red, green, blue = diff.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


# Morphology on a 0/255 mask through a box blur (linear time, unlike Pillow's rank filters): the mean
# over the 5×5 window is above zero when any pixel in it is set, and 255 only when all of them are.
def _dilate(mask: Image.Image) -> Image.Image:
    return mask.filter(ImageFilter.BoxBlur(2)).point(lambda v: 255 if v > 4 else 0)


def _erode(mask: Image.Image) -> Image.Image:
    return mask.filter(ImageFilter.BoxBlur(2)).point(lambda v: 255 if v >= 251 else 0)


def _weakest_edge(raw: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The least-covered side of the box: a sheet's edge is continuous, the edge of a block of text is not."""
    left, top, right, bottom = box
    band_x = max(2, (right - left) // 40)
    band_y = max(2, (bottom - top) // 40)
    sides = [
        (left, top, left + band_x, bottom),
        (right - band_x, top, right, bottom),
        (left, top, right, top + band_y),
        (left, bottom - band_y, right, bottom),
    ]
    return min(ImageStat.Stat(raw.crop(side)).mean[0] / 255 for side in sides)


def find_document_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The document's box in the image's pixel coordinates, or None when it cannot be found with confidence."""
    small = _small_copy(image)
    width, height = small.size
    if width < 32 or height < 32:
        return None
    ring = _border_ring(small)
    background = _median_colour(ring)
    ring_pixels = sum(part.size[0] * part.size[1] for part in ring)
    ring_diffs = [_difference(part, background) for part in ring]
    spread = max(ImageStat.Stat(diff).mean[0] for diff in ring_diffs)
    threshold = max(28.0, 3.0 * spread)
    matching = sum(sum(diff.histogram()[: int(threshold)]) for diff in ring_diffs)
    if matching / ring_pixels < _MIN_BORDER_AGREEMENT:
        return None  # the border is not one plain background: the document may run off the edge
    raw = _difference(small, background).point(lambda v: 255 if v >= threshold else 0)
    mask = raw
    # Closing (dilate, erode) fills the holes that dark print leaves in a light page; opening (erode,
    # dilate) then removes specks, dust and thin lines such as a table edge.
    mask = _erode(_dilate(mask))
    mask = _dilate(_erode(mask))
    box = mask.getbbox()
    if box is None:
        return None
    left, top, right, bottom = box
    area = (right - left) * (bottom - top)
    if not _MIN_AREA <= area / (width * height) <= _MAX_AREA:
        return None
    filled = ImageStat.Stat(mask.crop(box)).mean[0] / 255
    if filled < _MIN_FILL or _weakest_edge(raw, box) < _MIN_EDGE:
        return None  # scattered marks (text on a page the same colour as the border), not one document
    scale_x, scale_y = image.size[0] / width, image.size[1] / height
    pad_x, pad_y = image.size[0] * _PADDING, image.size[1] * _PADDING
    return (
        max(0, int(left * scale_x - pad_x)),
        max(0, int(top * scale_y - pad_y)),
        min(image.size[0], int(right * scale_x + pad_x + 0.999)),
        min(image.size[1], int(bottom * scale_y + pad_y + 0.999)),
    )
