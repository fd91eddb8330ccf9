from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from app.capture.bundle import bundle_pdf
from app.capture.pipeline import normalise_page
from app.domain.errors import DomainError


@pytest.fixture
def material_pages(make_scene: Callable[..., Image.Image]) -> list[tuple[str, list[bytes]]]:
    portrait = normalise_page(make_scene((1240, 1754)), kind="form", auto_crop=False).data
    landscape = normalise_page(make_scene((1000, 640), seed=3), kind="id_card_front", auto_crop=False).data
    return [
        ("申请表", [portrait]),
        ("身份证正反面", [landscape, landscape]),
        ("劳动合同", []),
        ("原证书", [portrait]),
    ]


def test_bundle_has_every_page_and_a_bookmark_per_material(
    tmp_path: Path, material_pages: list[tuple[str, list[bytes]]]
) -> None:
    data = bundle_pdf(material_pages, "张三 — 安管人员证书变更 材料汇总")
    pdf = pdfium.PdfDocument(data)
    try:
        assert len(pdf) == 1 + 1 + 2 + 1  # contents page, then the pages in checklist order
        titles = [item.get_title() for item in pdf.get_toc()]
        assert titles == ["材料目录", "申请表", "身份证正反面", "原证书"]
        width, height = pdf[2].get_size()
        assert width > height  # the landscape ID card got a landscape A4 page
    finally:
        pdf.close()
    path = tmp_path / "bundle.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "申请表" in text and "未提供" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) not installed")
def test_chinese_font_is_embedded(tmp_path: Path, material_pages: list[tuple[str, list[bytes]]]) -> None:
    path = tmp_path / "bundle.pdf"
    path.write_bytes(bundle_pdf(material_pages, "材料汇总"))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        assert " yes yes " in row  # emb and sub columns: embedded as a subset


def test_bad_page_names_the_material() -> None:
    with pytest.raises(DomainError) as caught:
        bundle_pdf([("户口本", [b"not an image"])], "t")
    assert caught.value.code == "FILE_CORRUPT" and "户口本" in caught.value.message


def test_missing_font_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from app.printing import fonts

    # The bundle uses the printing package's font lookup: no font anywhere it looks.
    monkeypatch.setattr(fonts, "_registered", {})
    monkeypatch.setattr(fonts, "CANDIDATES", (fonts.FontCandidate(tmp_path / "none.ttc", 0),))
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    with pytest.raises(DomainError) as caught:
        bundle_pdf([], "t")
    assert caught.value.code == "FONT_MISSING"
    assert caught.value.fix and "fonts-wqy-zenhei" in caught.value.fix
