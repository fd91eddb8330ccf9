"""Small drawing helpers shared by the documents: top-left millimetre coordinates, fitted and wrapped text."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import yaml
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.paths import load_yaml, resource_path

DEFAULT_DATE_FORMAT = "{year}年{month:02d}月{day:02d}日"
_PAGE_SIZES = {"A4": A4, "A5": A5}
# Characters that never start a line (shared with the platypus documents in app.printing.flow).
NO_LINE_START = "）》」』】”’，。、；：！？)]},.;:!?%"
_NO_LINE_START = frozenset(NO_LINE_START)
_NO_LINE_END = frozenset("（《「『【“‘([{")


@lru_cache(maxsize=16)
def load_template(name: str) -> dict[str, Any]:
    """resources/printing/<name>.yaml, parsed once per process."""
    path = resource_path("printing", f"{name}.yaml")
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DomainError(
            "TEMPLATE_INVALID",
            f"打印模板 {path.name} 无法读取：{exc}",
            field="template",
            fix="请管理员恢复或修正 resources/printing 下的模板文件。",
        ) from exc
    if not isinstance(data, dict):
        raise DomainError("TEMPLATE_INVALID", f"打印模板 {path.name} 内容为空。", fix="请恢复该模板文件。")
    return data


def page_size(spec: dict[str, Any]) -> tuple[float, float]:
    size = _PAGE_SIZES.get(str(spec.get("size", "A4")), A4)
    return landscape(size) if spec.get("landscape") else size


def format_date(value: date | None, pattern: str = DEFAULT_DATE_FORMAT) -> str:
    if value is None:
        return ""
    return pattern.format(year=value.year, month=value.month, day=value.day)


class Page:
    """A canvas seen in millimetres from the top-left corner, as the templates are written."""

    def __init__(self, canvas: Canvas, height: float) -> None:
        self.canvas = canvas
        self.height = height

    def x(self, x_mm: float) -> float:
        return float(x_mm) * mm

    def y(self, y_mm: float) -> float:
        return self.height - float(y_mm) * mm


def wrap_chars(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`; Chinese breaks anywhere, Latin words stay whole."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if not line or stringWidth(line + token, font, size) <= width or token in _NO_LINE_START:
                # Closing punctuation may hang past the margin rather than open a line (禁则).
                line += token
                continue
            carry = ""
            while line and line[-1] in _NO_LINE_END:
                carry, line = line[-1] + carry, line[:-1]
            lines.append(line.rstrip())
            line = carry + token.lstrip()
        lines.append(line)
    return lines


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def draw_fitted(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    font: str,
    size: float,
    *,
    min_size: float = 7.0,
    align: str = "left",
    leading: float = 1.2,
) -> int:
    """Draw `text` with its baseline at y inside `width`: shrink down to `min_size`, then wrap downwards.

    Returns the number of lines drawn, so callers can move what follows.
    """
    actual = size
    while actual > min_size and stringWidth(text, font, actual) > width:
        actual -= 0.5
    lines = [text] if stringWidth(text, font, actual) <= width else wrap_chars(text, font, actual, width)
    canvas.setFont(font, actual)
    for i, line in enumerate(lines):
        line_y = y - i * actual * leading
        if align == "center":
            canvas.drawCentredString(x + width / 2, line_y, line)
        elif align == "right":
            canvas.drawRightString(x + width, line_y, line)
        else:
            canvas.drawString(x, line_y, line)
    return len(lines)
