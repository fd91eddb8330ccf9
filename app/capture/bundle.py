"""An application's materials as one PDF for archiving or printing: checklist order, one bookmark each."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, UnidentifiedImageError
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.fonts import cjk_font

_MARGIN = 10 * mm
_HEADER = 8 * mm


def _reader(data: bytes, material: str, number: int) -> tuple[ImageReader, tuple[int, int]]:
    try:
        with Image.open(BytesIO(data)) as probe:
            size = probe.size
        return ImageReader(BytesIO(data)), size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise DomainError(
            "FILE_CORRUPT",
            f"材料“{material}”第 {number} 页不是可读取的图片",
            field="material",
            fix="请在材料页面中删除该页后重新扫描",
        ) from exc


def _cover(canvas: Canvas, font: str, title: str, pages: list[tuple[str, list[bytes]]]) -> None:
    width, height = A4
    canvas.setPageSize(A4)
    canvas.bookmarkPage("cover")
    canvas.addOutlineEntry("材料目录", "cover", level=0)
    canvas.setFont(font, 18)
    canvas.drawCentredString(width / 2, height - 30 * mm, title)
    canvas.setFont(font, 11)
    y = height - 48 * mm
    page_no = 2
    for index, (material, images) in enumerate(pages, start=1):
        if y < 20 * mm:
            canvas.showPage()
            canvas.setFont(font, 11)
            y = height - 25 * mm
        status = f"共 {len(images)} 页，从第 {page_no} 页起" if images else "未提供"
        canvas.drawString(25 * mm, y, f"{index}. {material}")
        canvas.drawRightString(width - 25 * mm, y, status)
        page_no += len(images)
        y -= 8 * mm
    canvas.showPage()


def bundle_pdf(pages: list[tuple[str, list[bytes]]], title: str) -> bytes:
    """One PDF: a contents page, then each material's pages fitted to A4 under a bookmark with its name.

    `pages` is [(material name, [page image bytes, …]), …] in checklist order.
    """
    font = cjk_font()
    buffer = BytesIO()
    # initialFontName keeps reportlab from referencing (and not embedding) Helvetica on every page.
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=font, initialFontSize=9)
    canvas.setTitle(title)
    canvas.setCreator("CounterDesk")
    _cover(canvas, font, title, pages)
    for index, (material, images) in enumerate(pages):
        for number, data in enumerate(images, start=1):
            reader, (img_w, img_h) = _reader(data, material, number)
            page_size = landscape(A4) if img_w > img_h else A4
            canvas.setPageSize(page_size)
            if number == 1:
                key = f"material-{index}"
                canvas.bookmarkPage(key)
                canvas.addOutlineEntry(material, key, level=0)
            page_w, page_h = page_size
            canvas.setFont(font, 9)
            canvas.drawString(_MARGIN, page_h - _MARGIN, f"{material}　第 {number} / {len(images)} 页")
            box_w, box_h = page_w - 2 * _MARGIN, page_h - 2 * _MARGIN - _HEADER
            scale = min(box_w / img_w, box_h / img_h)
            draw_w, draw_h = img_w * scale, img_h * scale
            canvas.drawImage(
                reader, (page_w - draw_w) / 2, _MARGIN + (box_h - draw_h) / 2, width=draw_w, height=draw_h
            )
            canvas.showPage()
    canvas.showOutline()
    canvas.save()
    return buffer.getvalue()
