from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest

from app.domain.errors import DomainError
from app.printing.certificates import render_certificate, render_certificates
from app.printing.codes import barcode_text
from app.printing.data import CertificateView
from app.printing.signing import verify_payload


def _squash(text: str) -> str:
    # pdftotext -layout pads with spaces; the full-width spaces are part of the labels.
    return re.sub(r"[\s　]+", "", text)


@pytest.mark.parametrize("family", ["AG", "TZ", "JN"])
def test_certificate_shows_its_fields(
    family: str, certificate_views: dict[str, CertificateView], pdf_tools
) -> None:
    view = certificate_views[family]
    text = _squash(pdf_tools.text(render_certificate(view)))
    expected = [view.number, view.name, view.id_number, "2026年01月05日", view.issuing_authority]
    expected += {
        "AG": [
            "安全生产考核合格证书",
            view.company,
            "专职安全生产管理人员（土建类）",
            "2029年01月04日",
            "安全员",
        ],
        "TZ": ["建筑施工特种作业操作资格证书", "桩机操作工", "2028年01月04日", "1985年03月12日"],
        "JN": [
            "职业培训合格证",
            "砌筑工",
            "中级工",
            view.training_body,
            "扫一扫，查询验证",
            "http://www.hnjsjn.com",
        ],
    }[family]
    for value in expected:
        assert _squash(value) in text, value


@pytest.mark.parametrize("family", ["AG", "TZ", "JN"])
def test_certificate_embeds_every_font(
    family: str, certificate_views: dict[str, CertificateView], pdf_tools
) -> None:
    fonts = pdf_tools.fonts(render_certificate(certificate_views[family]))
    assert fonts
    assert all(f["emb"] == "yes" for f in fonts), fonts


@pytest.mark.parametrize("family", ["AG", "TZ", "JN"])
def test_qr_scanned_from_the_page_verifies(
    family: str, certificate_views: dict[str, CertificateView], public_keys: dict[str, bytes], pdf_tools
) -> None:
    view = certificate_views[family]
    (page,) = pdf_tools.pages(render_certificate(view), dpi=200)
    found = pdf_tools.decode(page)
    assert found.get("QR Code") == view.qr_text
    verified = verify_payload(found["QR Code"], public_keys)
    assert verified.fields.number == view.number
    assert verified.fields.family == family
    assert verified.fields.valid_to == view.valid_to
    assert "*" in verified.fields.masked_name
    assert found.get("Code 128") == barcode_text(view.number)


def test_missing_photo_is_refused_with_a_fix(certificate_views: dict[str, CertificateView]) -> None:
    view = dataclasses.replace(certificate_views["AG"], photo_jpeg=None)
    with pytest.raises(DomainError) as err:
        render_certificate(view)
    assert err.value.code == "PHOTO_MISSING"
    assert err.value.fix
    assert "证件照" in err.value.fix


def test_placeholder_box_only_when_asked(certificate_views: dict[str, CertificateView], pdf_tools) -> None:
    view = dataclasses.replace(certificate_views["TZ"], photo_jpeg=None)
    text = _squash(pdf_tools.text(render_certificate(view, allow_missing_photo=True)))
    assert "照片" in text


def test_damaged_photo_is_a_domain_error(certificate_views: dict[str, CertificateView]) -> None:
    view = dataclasses.replace(certificate_views["JN"], photo_jpeg=b"\xff\xd8not a jpeg")
    with pytest.raises(DomainError) as err:
        render_certificate(view)
    assert err.value.code == "PHOTO_INVALID"


def test_batch_is_one_page_per_certificate_and_fails_whole(
    certificate_views: dict[str, CertificateView], pdf_tools
) -> None:
    views = [certificate_views[f] for f in ("AG", "TZ", "JN", "AG")]
    pdf = render_certificates(views)
    path = pdf_tools._file(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+4\b", info)
    # Mixed orientations: the skilled-worker certificate is portrait, the others landscape.
    sizes = re.findall(
        r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
        subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "4", str(path)], check=True, capture_output=True, text=True
        ).stdout,
    )
    assert [float(w) > float(h) for w, h in sizes] == [True, True, False, True]
    broken = [*views, dataclasses.replace(certificate_views["TZ"], photo_jpeg=None)]
    with pytest.raises(DomainError) as err:
        render_certificates(broken)
    assert err.value.code == "PHOTO_MISSING"


def test_unknown_family_is_refused(certificate_views: dict[str, CertificateView]) -> None:
    view = dataclasses.replace(certificate_views["AG"], family="XX")  # type: ignore[arg-type]
    with pytest.raises(DomainError) as err:
        render_certificate(view)
    assert err.value.code == "CERT_FAMILY"
