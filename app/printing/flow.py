"""Platypus building blocks shared by notices and forms: CJK paragraph styles, the signature block with the
seal, and the page header carrying the application number as a Code 128."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate
from reportlab.platypus import paragraph as _rl_paragraph

from app.printing.codes import barcode_text, code128_width, draw_code128
from app.printing.layout import NO_LINE_START
from app.printing.seal import SealConfig, draw_seal

PAGE_MARGIN = 22 * mm

# Kinsoku (禁则): reportlab's CJK wrapping lets a character that may not start a line hang in the right margin,
# but its list is Japanese and lacks Chinese full-width ，；：！？》”’ — a comma opened a line in the JN cancel
# form. Both wrappers (textsplit.dumbSplit for one-run paragraphs, paragraph.cjkFragSplit for mixed runs) read a
# module-level string, so the Chinese marks are added to both, once, at import.
for _module in (_rl_textsplit, _rl_paragraph):
    _module.ALL_CANNOT_START += "".join(ch for ch in NO_LINE_START if ch not in _module.ALL_CANNOT_START)


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    right: ParagraphStyle
    sign: ParagraphStyle
    subtitle: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    small: ParagraphStyle
    center: ParagraphStyle
    fix: ParagraphStyle


def styles(font: str, size: float = 12.0) -> Styles:
    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": font,
            "fontSize": size,
            "leading": size * 1.75,
            "wordWrap": "CJK",
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    return Styles(
        font=font,
        title=style("title", fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=4 * mm),
        # Official Chinese documents indent every paragraph by two characters.
        body=style("body", firstLineIndent=2 * size, spaceAfter=1.5 * mm),
        plain=style("plain", spaceAfter=1 * mm),
        right=style("right", alignment=TA_RIGHT),
        # Leaves room after "申请人（签字）：" for the signature itself.
        sign=style("sign", alignment=TA_RIGHT, rightIndent=38 * mm),
        subtitle=style("subtitle", fontSize=17, leading=24, alignment=TA_CENTER),
        cell=style("cell", fontSize=size - 1, leading=(size - 1) * 1.4, alignment=TA_LEFT),
        cell_center=style("cell_center", fontSize=size - 1, leading=(size - 1) * 1.4, alignment=TA_CENTER),
        small=style("small", fontSize=9, leading=12),
        # The document number (文号) sits centred under the title.
        center=style("center", alignment=TA_CENTER, spaceAfter=2 * mm),
        # A correction item's remedy, indented under its item.
        fix=style("fix", leftIndent=4 * size, fontSize=size - 1, leading=(size - 1) * 1.6, spaceAfter=1 * mm),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names like "A&B建筑" must not be read as markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class SignatureBlock(Flowable):
    """Unit name and date at the right, the seal over them, and an optional left-hand line (经办人)."""

    def __init__(self, font: str, unit: str, date_text: str, seal: SealConfig | None, left: str = "") -> None:
        super().__init__()
        self.font = font
        self.unit = unit
        self.date_text = date_text
        self.seal = seal
        self.left = left
        self.size = 12.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = 46 * mm
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        right = self.width - 4 * mm
        unit_y = self.height - 18 * mm
        date_y = unit_y - 9 * mm
        c.setFont(self.font, self.size)
        if self.left:
            c.drawString(0, unit_y, self.left)
        unit_w = stringWidth(self.unit, self.font, self.size)
        date_w = stringWidth(self.date_text, self.font, self.size)
        block_w = max(unit_w, date_w)
        # Centre the date under the unit name, as signed-off documents are set.
        c.drawCentredString(right - block_w / 2, unit_y, self.unit)
        c.drawCentredString(right - block_w / 2, date_y, self.date_text)
        if self.seal is not None:
            draw_seal(c, right - block_w / 2, (unit_y + date_y) / 2 + 2 * mm, self.seal)


def barcode_header(font: str, number: str, label: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """A page callback drawing the application number as a Code 128 at the top right of every page."""

    def on_page(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        if not number:
            return
        width, height = A4
        bar_w, bar_h = 58 * mm, 10 * mm
        x, y = width - PAGE_MARGIN - bar_w, height - 8 * mm - bar_h
        canvas.saveState()
        bars = barcode_text(number)
        used = code128_width(bars, width=bar_w, height=bar_h)
        x = width - PAGE_MARGIN - used
        draw_code128(canvas, bars, x, y, width=bar_w, height=bar_h)
        canvas.setFont(font, 8)
        canvas.drawCentredString(x + used / 2, y - 3.2 * mm, f"{label}{number}")
        canvas.setFont(font, 8)
        canvas.drawCentredString(width / 2, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    return on_page


def build(
    story: list[Flowable], title: str, font: str, on_page: Callable[[Canvas, SimpleDocTemplate], None]
) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=28 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="CounterDesk",
        creator="CounterDesk",
        # reportlab starts every page with its initial font selected; Helvetica there would be an unembedded font.
        initialFontName=font,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
