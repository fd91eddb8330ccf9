"""A phone scans a printed certificate: the QR holds the central store's verification address, and the page it
opens says genuine and current, genuine but cancelled, or forged, with the holder's masked data (issue 12)."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from app.central.verify_page import ENV_PUBLIC_KEYS
from app.domain.identifiers import mask_id_number
from app.models import Certificate
from app.printing import render_certificate
from app.printing.signing import PREFIX, payload_text
from app.services import documents, settings, signing_keys
from tests.services.test_documents import Desk
from tests.sync.helpers import start_central

_COPIED = [
    "number",
    "family",
    "category",
    "status",
    "version",
    "holder_name",
    "holder_id_number",
    "holder_sex",
    "holder_birth_date",
    "company_name",
    "valid_from",
    "valid_to",
    "issued_on",
    "first_issued_on",
    "updated_at",
]


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


def _qr_from_printed_pdf(pdf: bytes, tmp_path: Path) -> str:
    """The text a phone camera reads: rasterise the printed page at 200 dpi and decode its QR symbol."""
    (tmp_path / "cert.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", "cert.pdf", "cert"], cwd=tmp_path, check=True
    )
    found = zxingcpp.read_barcodes(
        Image.open(tmp_path / "cert.png"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    assert len(found) == 1
    return found[0].text


def _copy_to_central(central, desk: Desk, number: str) -> None:
    with desk.ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
        values = {name: getattr(cert, name) for name in _COPIED if hasattr(cert, name)}
    with central.store.write() as s:
        s.add(Certificate(**values))


def _flip(url: str) -> str:
    head, payload = url.rsplit("/", 1)
    data = payload[len(PREFIX) :]
    raw = bytearray(base64.b32decode(data + "=" * (-len(data) % 8)))
    raw[7] ^= 0x04  # a digit of the certificate number: another holder's number, same signature
    return f"{head}/{PREFIX}{base64.b32encode(bytes(raw)).decode().rstrip('=')}"


def test_phone_follows_the_printed_qr_to_the_verdict_page(desk, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(ENV_PUBLIC_KEYS, str(signing_keys.key_dir(desk.ctx)))
    central = start_central(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        settings.put(desk.ctx, desk.admin, "client", {"verify_base_url": central.url})
        number = desk.issued("AG")
        view = documents.certificate_view(desk.ctx, number, signer=desk.signer, photo_loader=desk.loader)
        url = _qr_from_printed_pdf(render_certificate(view), tmp_path)
        assert url.upper().startswith(central.url.upper() + "/V/CD1:")
        assert url == url.upper()  # alphanumeric QR mode: the address costs few modules
        _copy_to_central(central, desk, number)

        page = httpx.get(url)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert 'data-kind="genuine"' in page.text and "真证书，现行有效" in page.text
        assert mask_id_number(view.id_number) in page.text and view.id_number not in page.text
        assert view.name not in page.text and view.name[0] in page.text
        assert 'name="viewport"' in page.text  # readable on a phone

        with central.store.write() as s:
            s.execute(select(Certificate).where(Certificate.number == number)).scalar_one().status = "04"
        cancelled = httpx.get(url)
        assert 'data-kind="not_current"' in cancelled.text and "真证书，但已注销" in cancelled.text

        forged = httpx.get(_flip(url))
        assert 'data-kind="forged"' in forged.text and "假证书" in forged.text
        assert view.name[0] + "*" not in forged.text

        damaged = httpx.get(url[:-6])
        assert 'data-kind="damaged"' in damaged.text and "不完整" in damaged.text
        # The same address verifies offline at the counter too.
        assert payload_text(url).startswith(PREFIX)
    finally:
        central.stop()
