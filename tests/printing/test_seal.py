from __future__ import annotations

import io
import math
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.fonts import cjk_font
from app.printing.seal import SealConfig, draw_seal

DPI = 150
SIZE_MM = 60


def _page(seal: SealConfig | None, text: bool = True) -> bytes:
    out = io.BytesIO()
    font = cjk_font()
    canvas = Canvas(out, pagesize=(SIZE_MM * mm, SIZE_MM * mm), initialFontName=font)
    if text:
        canvas.setFont(font, 14)
        canvas.drawCentredString(SIZE_MM * mm / 2, SIZE_MM * mm / 2 - 4, "发证机关：河南省住房")
    if seal is not None:
        draw_seal(canvas, SIZE_MM * mm / 2, SIZE_MM * mm / 2, seal)
    canvas.save()
    return out.getvalue()


def _is_red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return r > 170 and g < 140 and b < 140


def _px(mm_value: float) -> int:
    return round(mm_value / 25.4 * DPI)


def test_drawn_seal_is_round_red_with_a_star(pdf_tools) -> None:
    (image,) = pdf_tools.pages(_page(SealConfig(), text=False), dpi=DPI)
    centre = _px(SIZE_MM / 2)
    assert _is_red(image.getpixel((centre, centre))), "the star fills the centre"
    radius = _px(42 / 2) - 2
    ring = [
        image.getpixel((round(centre + radius * math.cos(a)), round(centre - radius * math.sin(a))))
        for a in (math.radians(d) for d in range(0, 360, 15))
    ]
    assert all(_is_red(p) for p in ring), ring
    outside = image.getpixel((centre + _px(42 / 2) + 4, centre))
    assert outside == (255, 255, 255)


def test_text_under_the_seal_stays_legible(pdf_tools) -> None:
    (plain,) = pdf_tools.pages(_page(None), dpi=DPI)
    (sealed,) = pdf_tools.pages(_page(SealConfig()), dpi=DPI)
    dark = [
        (x, y) for x in range(plain.width) for y in range(plain.height) if sum(plain.getpixel((x, y))) < 150
    ]
    assert len(dark) > 200
    still_dark = sum(1 for xy in dark if max(sealed.getpixel(xy)) < 110)
    # Multiply blending: black ink under red ink stays black.
    assert still_dark / len(dark) > 0.95


def test_seal_from_an_image(tmp_path: Path, pdf_tools) -> None:
    png = tmp_path / "seal.png"
    stamp = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).ellipse((10, 10, 390, 390), fill=(220, 30, 30, 255))
    stamp.save(png)
    (image,) = pdf_tools.pages(_page(SealConfig(image_path=png), text=False), dpi=DPI)
    centre = _px(SIZE_MM / 2)
    assert _is_red(image.getpixel((centre, centre)))
    # Transparent corners of the PNG leave the page white.
    corner = centre - _px(42 / 2) + 2
    assert image.getpixel((corner, corner)) == (255, 255, 255)


def test_unreadable_seal_image(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        _page(SealConfig(image_path=tmp_path / "missing.png"))
    assert err.value.code == "SEAL_IMAGE"


def test_seal_text_is_the_configured_authority(pdf_tools) -> None:
    pdf = _page(SealConfig(text="郑州市城乡建设局", subtitle="审批专用章"), text=False)
    text = pdf_tools.text(pdf)
    assert all(ch in text for ch in "郑州市城乡建设局")
    assert "审批专用章" in text
