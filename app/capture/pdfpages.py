"""PDF pages through pypdfium2: count, render one page, split one page into its own document.

PDFium is not thread-safe, so every call into it holds one process-wide lock.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image

from app.domain.errors import DomainError

PDFIUM_LOCK = threading.RLock()
RENDER_DPI = 200
_POINTS_PER_INCH = 72.0
# PDFium's document-loading error code for a missing or wrong password.
_ERR_PASSWORD = 4


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _ERR_PASSWORD:
            raise DomainError(
                "PDF_PASSWORD",
                f"文件“{name}”是加密的 PDF，需要密码才能打开",
                field="file",
                fix="请让申请人提供未加密的 PDF，或打印后重新扫描",
            ) from exc
        raise DomainError(
            "FILE_CORRUPT",
            f"文件“{name}”不是完整的 PDF，无法打开",
            field="file",
            fix="请重新导出或重新扫描该文件",
        ) from exc


def page_count(data: bytes, name: str) -> int:
    with PDFIUM_LOCK:
        pdf = _open(data, name)
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_pages(data: bytes, name: str, *, max_pixels: int, max_pages: int) -> Iterator[Image.Image]:
    """Render each page at RENDER_DPI, or lower for a page so large that it would pass max_pixels.

    A PDF page is vector data, so an oversized page is rendered smaller instead of refused: the pixel
    buffer stays bounded either way.
    """
    with PDFIUM_LOCK:
        count = page_count(data, name)
    if count == 0:
        raise DomainError(
            "FILE_EMPTY", f"文件“{name}”是没有任何页面的 PDF", field="file", fix="请检查文件内容后重新导出"
        )
    if count > max_pages:
        raise DomainError(
            "FILE_TOO_MANY_PAGES",
            f"文件“{name}”有 {count} 页，超过单个文件 {max_pages} 页的上限",
            field="file",
            fix="请把文件拆分成几个较小的文件后分别导入",
        )
    for index in range(count):
        yield render_page(data, name, index, max_pixels=max_pixels)


def render_page(data: bytes, name: str, index: int, *, max_pixels: int) -> Image.Image:
    with PDFIUM_LOCK:
        pdf = _open(data, name)
        try:
            page = pdf[index]
            try:
                width_pt, height_pt = page.get_size()
                scale = RENDER_DPI / _POINTS_PER_INCH
                pixels = width_pt * scale * height_pt * scale
                if pixels > max_pixels:
                    scale *= (max_pixels / pixels) ** 0.5
                bitmap = page.render(scale=scale, may_draw_forms=True)
                image = bitmap.to_pil()
                # to_pil may share the bitmap's buffer; copy out before the bitmap is freed.
                image = image.convert("RGB") if image.mode != "RGB" else image.copy()
                bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError as exc:
            raise DomainError(
                "FILE_CORRUPT",
                f"文件“{name}”第 {index + 1} 页已损坏，无法显示",
                field="file",
                fix="请重新导出或重新扫描该文件",
            ) from exc
        finally:
            pdf.close()
    image.info["dpi"] = (round(scale * _POINTS_PER_INCH),) * 2
    return image


def split_pages(data: bytes, name: str, *, max_pages: int) -> list[bytes]:
    """Each page as a self-contained one-page PDF (no rendering), so a PDF can be handed on page by page."""
    with PDFIUM_LOCK:
        pdf = _open(data, name)
        try:
            count = len(pdf)
            if count > max_pages:
                raise DomainError(
                    "FILE_TOO_MANY_PAGES",
                    f"文件“{name}”有 {count} 页，超过单个文件 {max_pages} 页的上限",
                    field="file",
                    fix="请把文件拆分成几个较小的文件后分别导入",
                )
            if count <= 1:
                return [data] if count == 1 else []
            parts: list[bytes] = []
            for index in range(count):
                single = pdfium.PdfDocument.new()
                try:
                    single.import_pages(pdf, [index])
                    buffer = io.BytesIO()
                    single.save(buffer)
                    parts.append(buffer.getvalue())
                finally:
                    single.close()
            return parts
        except pdfium.PdfiumError as exc:
            raise DomainError(
                "FILE_CORRUPT",
                f"文件“{name}”已损坏，无法拆分页面",
                field="file",
                fix="请重新导出或重新扫描该文件",
            ) from exc
        finally:
            pdf.close()
