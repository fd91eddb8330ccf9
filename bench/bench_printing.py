"""Printing benchmarks: certificate PDF cost against a bare reportlab page, batch throughput, QR verification.

Run: .venv/bin/python bench/bench_printing.py  (or call run() from the top-level bench runner).
"""

from __future__ import annotations

import dataclasses
import io
import statistics
import time
from collections.abc import Callable
from datetime import date

import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.printing.certificates import certificate_values, render_certificate, render_certificates
from app.printing.data import CertificateView
from app.printing.fonts import cjk_font
from app.printing.signing import PayloadFields, sign_payload, verify_payload

KEY_ID = "bench"
BATCH = 500
ROUNDS = 30


def _photo() -> bytes:
    image = Image.new("RGB", (295, 413), (90, 140, 210))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 70, 205, 200), fill=(235, 200, 170))
    draw.rectangle((60, 230, 235, 413), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _view(serial: int, key: Ed25519PrivateKey, photo: bytes) -> CertificateView:
    view = CertificateView(
        family="AG",
        number=f"豫建安C2（2026）{serial:07d}",
        name="欧阳娜娜",
        sex="女",
        id_number="410105198503121234",
        issue_date=date(2026, 1, 5),
        issuing_authority="河南省住房和城乡建设厅",
        qr_text="",
        birth_date=date(1985, 3, 12),
        photo_jpeg=photo,
        company="河南省第一建筑工程集团有限责任公司",
        position="安全员",
        category="C2",
        category_name="专职安全生产管理人员（土建类）",
        first_issue_date=date(2020, 1, 5),
        valid_from=date(2026, 1, 5),
        valid_to=date(2029, 1, 4),
        version=1,
    )
    fields = PayloadFields.of(
        number=view.number,
        family="AG",
        category="C2",
        name=view.name,
        id_number=view.id_number,
        valid_from=view.valid_from,
        valid_to=view.valid_to,
        version=1,
    )
    return dataclasses.replace(view, qr_text=sign_payload(fields, key, KEY_ID))


def _minimal_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The least work for the QR code a certificate must carry: one fixed mask (no mask scoring), dark modules
    drawn as rectangles of one path."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, mask_pattern=0, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    cell = size / len(matrix)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                path.rect(x + c * cell, y + size - (r + 1) * cell, cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


def _minimal_page(view: CertificateView) -> bytes:
    """The floor: the same text, photo and QR code on one page with nothing else (no layout, frame or seal)."""
    font = cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=landscape(A4), initialFontName=font, pageCompression=1)
    canvas.setFont(font, 12)
    y = 500.0
    for value in certificate_values(view, "{year}年{month:02d}月{day:02d}日").values():
        if value:
            canvas.drawString(300, y, value)
            y -= 18
    assert view.photo_jpeg is not None
    canvas.drawImage(ImageReader(io.BytesIO(view.photo_jpeg)), 80, 350, 99, 139)
    assert view.qr_text
    _minimal_qr(canvas, view.qr_text, 620, 60, 120)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _seconds(fn: Callable[[CertificateView], object], view: CertificateView) -> float:
    start = time.perf_counter()
    fn(view)
    return time.perf_counter() - start


def run() -> dict[str, float]:
    key = Ed25519PrivateKey.generate()
    public = {KEY_ID: key.public_key().public_bytes_raw()}
    photo = _photo()
    singles = iter([_view(BATCH + i, key, photo) for i in range(ROUNDS + 1)])
    view = next(singles)
    render_certificate(view)  # warm-up: font registration and template loading happen once per process
    _minimal_page(view)

    # Interleaved round by round, product then floor, so that a noisy machine slows both alike. A fresh
    # certificate each time: the QR matrix cache must not make the figure look better than a first print; the
    # floor draws the same fresh certificate's QR code.
    ones, floors, ratios = [], [], []
    for _ in range(ROUNDS):
        fresh = next(singles)
        t_one = _seconds(render_certificate, fresh)
        t_floor = _seconds(_minimal_page, fresh)
        ones.append(t_one)
        floors.append(t_floor)
        ratios.append(t_one / t_floor)
    one, floor = statistics.median(ones), statistics.median(floors)

    start = time.perf_counter()
    views = [_view(i, key, photo) for i in range(1, BATCH + 1)]
    sign_seconds = time.perf_counter() - start
    start = time.perf_counter()
    pdf = render_certificates(views)
    batch_seconds = time.perf_counter() - start

    n = 2000
    texts = [v.qr_text for v in views]
    start = time.perf_counter()
    for i in range(n):
        verify_payload(texts[i % len(texts)], public)
    verify_seconds = time.perf_counter() - start

    figures = {
        "certificate_ms": round(one * 1000, 2),
        "minimal_page_ms": round(floor * 1000, 2),
        "certificate_vs_minimal_ratio": round(statistics.median(ratios), 2),
        "certificate_vs_minimal_ratio_min": round(min(ratios), 2),
        "rounds": ROUNDS,
        "batch_pages": BATCH,
        "batch_seconds": round(batch_seconds, 2),
        "batch_pages_per_second": round(BATCH / batch_seconds, 1),
        "batch_pdf_kb_per_page": round(len(pdf) / BATCH / 1024, 1),
        "payload_signs_per_second": round(BATCH / sign_seconds, 0),
        "qr_verifications_per_second": round(n / verify_seconds, 0),
    }
    for name, value in figures.items():
        print(f"  {name:<34} {value}")
    return figures


if __name__ == "__main__":
    run()
