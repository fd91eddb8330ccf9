"""Material files (issue 11, item 6): content sniffed against the declared type, and read only by their unit."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import datetime

import httpx
from PIL import Image

from app.central import auth
from app.central.models import Blob, MaterialRecord
from app.models import User
from tests.sync.helpers import Central, central_count

OTHER_UNIT = "410100"


def _image(fmt: str, colour: tuple[int, int, int] = (200, 30, 30)) -> tuple[str, bytes]:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buf, fmt)
    data = buf.getvalue()
    return hashlib.sha256(data).hexdigest(), data


def _put(central: Central, who: str, sha: str, data: bytes, ctype: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {central.token(who)}", "Content-Type": ctype}
    return httpx.put(f"{central.url}/blobs/{sha}", content=data, headers=headers, timeout=30)


def _get(central: Central, who: str, sha: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {central.token(who)}"}
    return httpx.get(f"{central.url}/blobs/{sha}", headers=headers, timeout=30)


def _other_unit_clerk(central: Central) -> str:
    now = auth.utcnow()
    with central.store.write() as s:
        s.add(
            User(
                username="clerk91",
                display_name="外单位",
                role="clerk",
                unit_code=OTHER_UNIT,
                password_hash="$argon2id$unused",
                active=True,
                must_change_password=False,
                created_at=now,
                updated_at=now,
            )
        )
    return "clerk91"


def test_content_must_be_jpeg_png_or_pdf_of_the_declared_type(central: Central) -> None:
    html = b"<html><script>alert(1)</script></html>"
    resp = _put(central, "clerk01", hashlib.sha256(html).hexdigest(), html, "image/jpeg")
    assert resp.status_code == 415
    assert resp.json()["detail"]["code"] == "BLOB_CONTENT"
    assert "JPEG" in resp.json()["detail"]["message"]
    png_sha, png = _image("PNG")
    resp = _put(central, "clerk01", png_sha, png, "image/jpeg")
    assert resp.status_code == 415
    assert resp.json()["detail"]["code"] == "BLOB_TYPE_MISMATCH"
    assert "PNG" in resp.json()["detail"]["message"]
    resp = _put(central, "clerk01", png_sha, png, "application/octet-stream")
    assert (resp.status_code, resp.json()["detail"]["code"]) == (415, "BLOB_TYPE")
    assert central_count(central, Blob) == 0
    # The real thing is taken, whatever the format of the three.
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    jpg_sha, jpg = _image("JPEG")
    for sha, data, ctype in (
        (png_sha, png, "image/png"),
        (jpg_sha, jpg, "image/jpeg"),
        (hashlib.sha256(pdf).hexdigest(), pdf, "application/pdf"),
    ):
        assert _put(central, "clerk01", sha, data, ctype).status_code == 201
    assert central_count(central, Blob) == 3


def test_a_clerk_of_another_unit_cannot_download_a_material_file(central: Central) -> None:
    outsider = _other_unit_clerk(central)
    sha, data = _image("JPEG")
    assert _put(central, "clerk01", sha, data, "image/jpeg").status_code == 201
    assert _get(central, "clerk02", sha).content == data  # same unit
    refused = _get(central, outsider, sha)
    assert refused.status_code == 403
    assert refused.json()["detail"]["code"] == "BLOB_OTHER_UNIT"
    assert "本单位" in refused.json()["detail"]["message"]


def test_a_file_cited_by_a_record_of_the_unit_is_readable_there(central: Central) -> None:
    """Content-addressed: the same scan uploaded by another unit first is still this unit's once a material
    record of this unit cites it (a draft's pages: the unit of the clerk who pushed them)."""
    outsider = _other_unit_clerk(central)
    sha, data = _image("JPEG", (10, 120, 10))
    assert _put(central, outsider, sha, data, "image/jpeg").status_code == 201
    assert _get(central, "clerk01", sha).status_code == 403
    with central.store.write() as s:
        s.add(
            MaterialRecord(
                key=str(uuid.uuid4()),
                application_uuid=str(uuid.uuid4()),
                op="material.attach",
                payload={"material": "photo", "pages": [{"sha256": sha, "position": 1}]},
                blobs=[sha],
                username="clerk01",
                at=datetime(2026, 11, 2, 9, 0),
            )
        )
    assert _get(central, "clerk01", sha).content == data
    assert _get(central, outsider, sha).content == data  # its uploader's unit still reads it
    resp = _get(central, "clerk01", sha)
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
