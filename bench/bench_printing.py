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
    figures.update(papers())
    for name, value in figures.items():
        print(f"  {name:<34} {value}")
    return figures


# ---------------------------------------------------------------- papers of an application (issue 12)

PAPER_ROUNDS = 9


def _paper_renderers(photo: bytes) -> dict[str, Callable[[], bytes]]:
    """One renderer per paper, each with realistic content (a full correction list, a dozen compared fields)."""
    import tempfile
    from pathlib import Path

    from app.printing.data import FormView, NoticeView, ReviewSheetView
    from app.printing.forms import render_form
    from app.printing.notices import render_notice
    from app.printing.pades import ensure_credentials, sign_pdf
    from app.printing.review_sheet import render_review_sheet

    common = {
        "application_number": "41000020261202010001",
        "item_name": "建筑施工特种作业人员资格首次申请认定",
        "applicant_name": "欧阳娜娜",
        "id_number": "410105198503121234",
        "date": date(2026, 12, 2),
        "unit_name": "河南省住房和城乡建设厅政务服务窗口",
        "company": "河南省第一建筑工程集团有限责任公司",
        "clerk_name": "张敏",
        "due_date": date(2026, 12, 9),
    }
    materials = tuple((f"申请材料第{i}项（原件及复印件）", 2) for i in range(1, 9))
    missing = tuple(f"缺少或不符合要求的材料第{i}项" for i in range(1, 7))
    fixes = tuple(f"请提交盖有单位公章的原件，复印件须清晰可辨（第{i}项）。" for i in range(1, 7))
    reason = "申请人提交的体检证明已超过有效期，不符合《建筑施工特种作业人员管理规定》第十条的规定。"
    fields = tuple((f"申请信息第{i}项", f"填写内容{i}，河南省郑州市金水区") for i in range(1, 13))
    sheet = ReviewSheetView(
        application_number=common["application_number"],  # type: ignore[arg-type]
        item_name=common["item_name"],  # type: ignore[arg-type]
        applicant_name="欧阳娜娜",
        id_number="410105198503121234",
        company=common["company"],  # type: ignore[arg-type]
        unit_name=common["unit_name"],  # type: ignore[arg-type]
        received="2026-12-02 09:12 clerk01",
        accepted="2026-12-02 09:40 clerk01",
        comparison=tuple(
            (f"字段{i}", f"登记值{i}", f"申请值{i}", "一致" if i % 4 else "变更") for i in range(12)
        ),
        checks=(("体检证明已过期", "请重新体检后提交。"),),
        opinion="材料齐全，与登记信息一致，考核成绩合格，同意发证。",
        reviewer="李静",
        date=date(2026, 12, 3),
    )
    keys = Path(tempfile.mkdtemp(prefix="bench-pades-"))
    credentials = ensure_credentials(keys, "bench", common["unit_name"], b"bench-passphrase")  # type: ignore[arg-type]
    key = Ed25519PrivateKey.generate()
    certificate = _view(1, key, photo)
    notice = {k: v for k, v in common.items()}
    return {
        "receipt": lambda: render_notice(NoticeView(kind="receipt", materials=materials, **notice)),  # type: ignore[arg-type]
        "acceptance": lambda: render_notice(NoticeView(kind="acceptance", materials=materials, **notice)),  # type: ignore[arg-type]
        "correction": lambda: render_notice(
            NoticeView(kind="correction", missing_items=missing, missing_fixes=fixes, **notice)  # type: ignore[arg-type]
        ),
        "refusal": lambda: render_notice(NoticeView(kind="refusal", reason=reason, **notice)),  # type: ignore[arg-type]
        "return": lambda: render_notice(NoticeView(kind="return", reason=reason, **notice)),  # type: ignore[arg-type]
        "form": lambda: render_form(
            FormView(
                item_code="TZ-FIRST", item_name=common["item_name"], fields=fields, date=date(2026, 12, 2)
            )  # type: ignore[arg-type]
        ),
        "form_jn_change": lambda: render_form(
            FormView(
                item_code="JN-CHG-EMPLOYER",
                item_name="技能人员工作单位变更",
                name="欧阳娜娜",
                sex="女",
                id_number="410105198503121234",
                photo_jpeg=photo,
                certificate_number="豫建技202600000123",
                old_company="河南省第一建筑工程集团有限责任公司",
                new_company="郑州华润市政工程有限公司",
            )
        ),
        "review_sheet": lambda: render_review_sheet(sheet),
        "certificate_pades": lambda: sign_pdf(render_certificate(certificate), credentials),
    }


def _minimal_paper() -> bytes:
    """The floor for a paper: one A4 page, the same embedded CJK font, a title and a few lines of text."""
    font = cjk_font()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=font, pageCompression=1)
    canvas.setFont(font, 22)
    canvas.drawCentredString(297, 760, "受理通知书")
    canvas.setFont(font, 12)
    for i, line in enumerate(
        ("欧阳娜娜（身份证号：410105********1234）：", "申请编号：41000020261202010001")
    ):
        canvas.drawString(62, 700 - i * 20, line)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def papers() -> dict[str, float]:
    """Each paper's render time as a ratio to the minimal page, baseline and paper interleaved round by round."""
    renderers = _paper_renderers(_photo())
    for render in renderers.values():  # warm-up: fonts, templates, pyHanko imports
        render()
    _minimal_paper()
    figures: dict[str, float] = {}
    for name, render in renderers.items():
        ratios, paper_ms = [], []
        for _ in range(PAPER_ROUNDS):
            base = _timed(_minimal_paper)
            took = _timed(render)
            ratios.append(took / base)
            paper_ms.append(took * 1000)
        figures[f"paper_{name}_ms_median"] = round(statistics.median(paper_ms), 1)
        figures[f"paper_{name}_vs_minimal_median"] = round(statistics.median(ratios), 1)
        figures[f"paper_{name}_vs_minimal_min"] = round(min(ratios), 1)
    return figures


if __name__ == "__main__":
    run()
