"""The official seal (公章), drawn as vectors from configured text, or placed from a configured image.

A real stamp's ink multiplies with the print under it, so the seal uses the Multiply blend mode and a slightly
transparent red: the authority line and date stay legible through it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.fonts import cjk_font

DEFAULT_SEAL_TEXT = "河南省住房和城乡建设厅"
DEFAULT_SEAL_SUBTITLE = "行政审批专用章"


@dataclass(frozen=True)
class SealConfig:
    """What the seal says, or an image of it. `image_path` (a PNG with transparency) wins over the text."""

    text: str = DEFAULT_SEAL_TEXT
    subtitle: str = DEFAULT_SEAL_SUBTITLE
    diameter_mm: float = 42.0
    color: str = "#D81E06"
    opacity: float = 0.85
    image_path: Path | None = None
    font_path: str | None = None


DEFAULT_SEAL = SealConfig()


def _star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(90 + i * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _draw_image(canvas: Canvas, cx: float, cy: float, size: float, path: Path) -> None:
    try:
        image = ImageReader(str(path))
    except OSError as exc:
        raise DomainError(
            "SEAL_IMAGE",
            f"印章图片无法读取：{path}",
            field="seal_image",
            fix="请在设置中选择一个透明背景的PNG印章图片，或清空该项改用系统绘制的印章。",
        ) from exc
    canvas.drawImage(image, cx - size / 2, cy - size / 2, size, size, mask="auto", preserveAspectRatio=True)


def _draw_arc_text(canvas: Canvas, font: str, text: str, cx: float, cy: float, radius: float) -> None:
    n = len(text)
    # Spread the name over up to ~250°, as hand-carved seals do; short names get a tighter arc.
    span = math.radians(min(250.0, max(100.0, n * 22.0)))
    step = span / n
    size = min(radius * 0.29, radius * step * 0.95)
    baseline = radius - size * 0.92
    canvas.setFont(font, size)
    canvas.setLineWidth(size * 0.035)
    for i, char in enumerate(text):
        theta = math.pi / 2 + span / 2 - (i + 0.5) * step
        canvas.saveState()
        canvas.translate(cx + baseline * math.cos(theta), cy + baseline * math.sin(theta))
        canvas.rotate(math.degrees(theta) - 90)
        # Seal characters are carved tall and narrow.
        canvas.scale(0.82, 1.0)
        # Fill plus a thin stroke (render mode 2) gives the heavy strokes of carved characters.
        canvas.drawCentredString(0, 0, char, mode=2)
        canvas.restoreState()


def draw_seal(canvas: Canvas, cx: float, cy: float, config: SealConfig = DEFAULT_SEAL) -> None:
    """Draw the seal centred at (cx, cy) in points, `config.diameter_mm` across."""
    size = config.diameter_mm * mm
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    if config.image_path is not None:
        _draw_image(canvas, cx, cy, size, config.image_path)
        canvas.restoreState()
        return
    font = cjk_font(config.font_path)
    red = HexColor(config.color)
    r = size / 2
    ring = r * 0.055
    canvas.setFillColor(red)
    canvas.setStrokeColor(red)
    canvas.setFillAlpha(config.opacity)
    canvas.setStrokeAlpha(config.opacity)
    canvas.setLineWidth(ring)
    canvas.circle(cx, cy, r - ring / 2, stroke=1, fill=0)

    path = canvas.beginPath()
    points = _star_points(cx, cy + r * 0.02, r * 0.34)
    path.moveTo(*points[0])
    for p in points[1:]:
        path.lineTo(*p)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)

    if config.text:
        _draw_arc_text(canvas, font, config.text, cx, cy, r - ring * 2.2)
    if config.subtitle:
        y = cy - r * 0.55
        half_chord = math.sqrt(r * r - (y - cy) ** 2) * 0.78
        sub_size = min(r * 0.17, 2 * half_chord / max(1, len(config.subtitle)))
        width = stringWidth(config.subtitle, font, sub_size)
        scale = min(1.0, 2 * half_chord / width)
        canvas.saveState()
        canvas.translate(cx, y)
        canvas.scale(scale, 1.0)
        canvas.setFont(font, sub_size)
        canvas.setLineWidth(sub_size * 0.03)
        canvas.drawCentredString(0, 0, config.subtitle, mode=2)
        canvas.restoreState()
    canvas.restoreState()
