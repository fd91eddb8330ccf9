from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing import fonts
from app.printing.codes import barcode_text, draw_code128, qr_png, qr_version

PRINTING = Path(__file__).resolve().parents[2] / "app" / "printing"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("豫建安C2（2026）0000123", "C220260000123"),
        ("豫A012026000001", "A012026000001"),
        ("豫建技202600000123", "202600000123"),
        ("41000020260105000123", "41000020260105000123"),
    ],
)
def test_barcode_text_keeps_letters_and_digits(number: str, expected: str) -> None:
    assert barcode_text(number) == expected


def test_barcode_text_of_only_chinese_is_refused() -> None:
    with pytest.raises(DomainError):
        barcode_text("豫建安")


def test_code128_decodes_at_200_dpi(pdf_tools) -> None:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(90 * mm, 30 * mm), initialFontName=fonts.cjk_font())
    draw_code128(canvas, "41000020260105000123", 10 * mm, 10 * mm, width=60 * mm, height=10 * mm)
    canvas.save()
    (page,) = pdf_tools.pages(out.getvalue(), dpi=200)
    assert pdf_tools.decode(page) == {"Code 128": "41000020260105000123"}


def test_qr_png_holds_chinese_text() -> None:
    text = "豫建安C2（2026）0000123 扫一扫，查询验证"
    image = Image.open(io.BytesIO(qr_png(text)))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [text]
    assert qr_version(text) <= 5


def test_qr_of_nothing_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        qr_version("")
    assert err.value.code == "QR_EMPTY"


def test_font_is_registered_once() -> None:
    assert fonts.cjk_font() == fonts.cjk_font()


def test_configured_font_wins(tmp_path: Path) -> None:
    uming = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
    if not uming.is_file():
        pytest.skip("fonts-arphic-uming is not installed")
    assert fonts.cjk_font(f"{uming}#0") != fonts.cjk_font()


def test_missing_font_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "CANDIDATES", (fonts.FontCandidate(tmp_path / "none.ttc"),))
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    not_truetype = tmp_path / "broken.ttf"
    not_truetype.write_bytes(b"this is not a font")
    with pytest.raises(DomainError) as err:
        fonts.cjk_font(not_truetype)
    assert err.value.code == "FONT_MISSING"
    assert err.value.fix
    assert "apt-get install fonts-wqy-zenhei" in err.value.fix
    assert "宋体" in err.value.fix


def test_printing_never_imports_qt() -> None:
    for path in PRINTING.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            assert not any(n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6") for n in names), path
