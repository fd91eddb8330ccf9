"""QR codes and Code 128 barcodes, drawn as vectors straight onto a reportlab canvas.

Vectors stay sharp at any printer resolution and cost far less than embedding a PNG per page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import lru_cache

from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from app.domain.errors import DomainError
from app.printing.qrmask import FastMaskQRCode

QR_QUIET_MODULES = 4
QR_PRINT_MM = 25.0
_BARCODE_SAFE = re.compile(r"[0-9A-Za-z]")


@lru_cache(maxsize=256)
def _qr(text: str) -> tuple[int, tuple[tuple[bool, ...], ...]]:
    # Cached: a certificate is usually previewed and then printed, with the same QR text both times.
    if not text:
        raise DomainError(
            "QR_EMPTY", "二维码内容为空，无法生成证书。", field="qr_text", fix="请先签发证书再打印。"
        )
    code = FastMaskQRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return int(code.version), tuple(tuple(bool(m) for m in row) for row in code.get_matrix())


def qr_version(text: str) -> int:
    """The smallest QR version (1–40) holding `text` at error correction M."""
    return _qr(text)[0]


def qr_matrix(text: str) -> list[list[bool]]:
    """Module matrix (True = dark) without the quiet zone, error correction M."""
    return [list(row) for row in _qr(text)[1]]


def _dark_runs(row: Sequence[bool]) -> list[tuple[int, int]]:
    # One rectangle per horizontal run instead of per module keeps the PDF small and fast to rasterise.
    runs: list[tuple[int, int]] = []
    start = -1
    for i, dark in enumerate([*row, False]):
        if dark and start < 0:
            start = i
        elif not dark and start >= 0:
            runs.append((start, i - start))
            start = -1
    return runs


class _ModulePath(PDFPathObject):  # type: ignore[misc]
    """A path whose operators are already written: integers in module units format far faster than floats."""

    def __init__(self, ops: list[str]) -> None:
        super().__init__()
        self._ops = ops

    def getCode(self) -> str:  # noqa: N802 - reportlab's name
        return " ".join(self._ops)


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float = QR_PRINT_MM * mm) -> None:
    """Draw the QR symbol with its lower-left corner at (x, y), `size` points square, plus a white quiet zone."""
    matrix = _qr(text)[1]
    n = len(matrix)
    module = size / n
    quiet = QR_QUIET_MODULES * module
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColor(black)
    # Module units, origin at the top-left module, rows counting downwards.
    canvas.translate(x, y + size)
    canvas.scale(module, -module)
    # A hair of overlap between rows avoids white seams in some PDF rasterisers.
    ops = [
        f"{start} {r} {length} 1.02 re" for r, row in enumerate(matrix) for start, length in _dark_runs(row)
    ]
    canvas.drawPath(_ModulePath(ops), stroke=0, fill=1)
    canvas.restoreState()


def qr_drawing(text: str, size_mm: float = QR_PRINT_MM) -> Drawing:
    """The QR symbol as a reportlab Drawing (for platypus layouts), including the quiet zone."""
    matrix = qr_matrix(text)
    n = len(matrix)
    module = size_mm * mm / n
    full = (n + 2 * QR_QUIET_MODULES) * module
    drawing = Drawing(full, full)
    drawing.add(Rect(0, 0, full, full, fillColor=white, strokeColor=None))
    for r, row in enumerate(matrix):
        y = full - (QR_QUIET_MODULES + r + 1) * module
        for start, length in _dark_runs(row):
            x = (QR_QUIET_MODULES + start) * module
            drawing.add(Rect(x, y, length * module, module, fillColor=black, strokeColor=None, strokeWidth=0))
    return drawing


def qr_png(text: str, size_mm: float = QR_PRINT_MM, dpi: int = 300) -> bytes:
    """The QR symbol as a PNG sized to print at `size_mm` (quiet zone excluded) at `dpi`."""
    n = len(qr_matrix(text))
    box = max(1, round(size_mm / 25.4 * dpi / n))
    code = FastMaskQRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_MODULES, box_size=box)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def barcode_text(number: str) -> str:
    """The Code 128-safe form of a certificate number: its ASCII letters and digits, in order.

    Certificate numbers carry Chinese characters and full-width brackets (豫建安C2（2026）0000123) that Code 128
    cannot encode; the Chinese prefix is constant per family, so the letters and digits that remain
    (C220260000123) still identify the certificate. Application numbers (20 digits) pass through unchanged.
    """
    text = "".join(_BARCODE_SAFE.findall(number))
    if not text:
        raise DomainError(
            "BARCODE_EMPTY",
            f"编号“{number}”中没有可编入条形码的字母或数字。",
            field="number",
            fix="请检查编号格式配置。",
        )
    return text


def _bar_width(text: str, width: float, height: float, max_module: float) -> float:
    probe = Code128(text, barWidth=1.0, barHeight=height, quiet=0, humanReadable=0)
    return min(max_module, width / float(probe.width))


def code128_width(text: str, *, width: float, height: float = 10 * mm, max_module: float = 0.5 * mm) -> float:
    """How wide `draw_code128` will draw `text` when given at most `width` points."""
    bar = _bar_width(text, width, height, max_module)
    return float(Code128(text, barWidth=bar, barHeight=height, quiet=0, humanReadable=0).width)


def draw_code128(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    *,
    width: float,
    height: float,
    max_module: float = 0.5 * mm,
) -> float:
    """Draw a Code 128 of `text` (ASCII) with lower-left at (x, y), at most `width` wide; return the width used.

    Digit-only text packs two digits per symbol (code set C), so a 20-digit application number needs 10 symbols.
    The caller leaves a quiet zone of ten modules either side.
    """
    code = Code128(
        text, barWidth=_bar_width(text, width, height, max_module), barHeight=height, quiet=0, humanReadable=0
    )
    code.drawOn(canvas, x, y)
    return float(code.width)
