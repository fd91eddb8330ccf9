"""Fixtures for the document tests: a real photo, a real signing key, and the poppler/zxing tools."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw

from app.printing.data import CertificateView
from app.printing.signing import PayloadFields, sign_payload

KEY_ID = "hn2026a"


class PdfTools:
    """pdftotext, pdffonts and pdftoppm on PDF bytes, and zxing-cpp on the rendered pages."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.count = 0

    def _file(self, pdf: bytes) -> Path:
        self.count += 1
        path = self.workdir / f"doc{self.count}.pdf"
        path.write_bytes(pdf)
        return path

    def text(self, pdf: bytes) -> str:
        path = self._file(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout

    def fonts(self, pdf: bytes) -> list[dict[str, str]]:
        path = self._file(pdf)
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
        rows = []
        for line in out.splitlines()[2:]:
            cols = line.split()
            # name type... encoding emb sub uni object ID: the yes/no flags are the 5th-3rd from the end.
            rows.append({"name": cols[0], "emb": cols[-5], "sub": cols[-4], "uni": cols[-3]})
        return rows

    def pages(self, pdf: bytes, dpi: int = 200, first: int = 1, last: int | None = None) -> list[Image.Image]:
        path = self._file(pdf)
        prefix = self.workdir / f"page{self.count}"
        cmd = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first)]
        if last is not None:
            cmd += ["-l", str(last)]
        subprocess.run([*cmd, str(path), str(prefix)], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(self.workdir.glob(f"page{self.count}-*.png"))]

    def decode(self, image: Image.Image) -> dict[str, str]:
        """Format name -> decoded text for every symbol zxing finds on the page."""
        return {str(b.format): b.text for b in zxingcpp.read_barcodes(image)}


@pytest.fixture
def pdf_tools() -> Iterator[PdfTools]:
    with tempfile.TemporaryDirectory(prefix="printing-test-") as tmp:
        yield PdfTools(Path(tmp))


def make_photo(width: int = 295, height: int = 413) -> bytes:
    image = Image.new("RGB", (width, height), (90, 140, 210))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 70, 205, 200), fill=(235, 200, 170))
    draw.rectangle((60, 230, 235, 413), fill=(40, 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


@pytest.fixture(scope="session")
def photo() -> bytes:
    return make_photo()


@pytest.fixture(scope="session")
def private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def public_keys(private_key: Ed25519PrivateKey) -> dict[str, bytes]:
    return {KEY_ID: private_key.public_key().public_bytes_raw()}


def signed(view: CertificateView, key: Ed25519PrivateKey) -> CertificateView:
    fields = PayloadFields.of(
        number=view.number,
        family=view.family,
        category=view.category or view.trade_code or view.occupation,
        name=view.name,
        id_number=view.id_number,
        valid_from=view.valid_from,
        valid_to=view.valid_to,
        version=view.version,
    )
    return dataclasses.replace(view, qr_text=sign_payload(fields, key, KEY_ID))


@pytest.fixture(scope="session")
def certificate_views(photo: bytes, private_key: Ed25519PrivateKey) -> dict[str, CertificateView]:
    common = {
        "sex": "女",
        "id_number": "410105198503121234",
        "issue_date": date(2026, 1, 5),
        "issuing_authority": "河南省住房和城乡建设厅",
        "qr_text": "",
        "birth_date": date(1985, 3, 12),
        "photo_jpeg": photo,
        "first_issue_date": date(2020, 1, 5),
        "valid_from": date(2026, 1, 5),
        "valid_to": date(2029, 1, 4),
        "version": 2,
    }
    ag = CertificateView(
        family="AG",
        number="豫建安C2（2026）0000123",
        name="欧阳娜娜",
        company="河南省第一建筑工程集团有限责任公司第三工程分公司",
        position="安全员",
        category="C2",
        category_name="专职安全生产管理人员（土建类）",
        ecert_identifier="1.2.156.3005.2.11100000000013338W011.11410000005184680K.4100000001.002.X",
        **common,
    )
    tz = CertificateView(
        family="TZ",
        number="豫A992026000001",
        name="买买提·艾力克木江",
        trade_code="99",
        trade_name="经省级以上住房和城乡建设主管部门认定的其他工种类别（桩机操作工）",
        **{**common, "sex": "男", "id_number": "650102199001011235", "valid_to": date(2028, 1, 4)},
    )
    jn = CertificateView(
        family="JN",
        number="豫建技202600000123",
        name="王小明",
        occupation="砌筑工",
        grade="中级工",
        training_body="河南省建设行业职业技能鉴定指导中心",
        **{
            **common,
            "sex": "男",
            "issuing_authority": "河南省建设行业职业技能鉴定指导中心",
            "valid_to": None,
        },
    )
    return {v.family: signed(v, private_key) for v in (ag, tz, jn)}


@pytest.fixture
def sign_view(private_key: Ed25519PrivateKey) -> Callable[[CertificateView], CertificateView]:
    return lambda view: signed(view, private_key)
