"""The electronic certificate PDF carries a PAdES signature by the unit's document-signing certificate (issue 12):
it validates against the unit's chain, and any changed byte makes validation fail."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from app.domain.errors import DomainError
from app.printing import render_certificate
from app.printing.data import CertificateView
from app.printing.pades import CA_CERT, CA_KEY, check_pdf, ensure_credentials, sign_pdf

UNIT = "河南省住房和城乡建设厅政务服务窗口"


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("pdf-chain")
    return folder, ensure_credentials(folder, "hn2026a", UNIT, b"correct horse")


@pytest.fixture(scope="module")
def signed(chain, certificate_views: dict[str, CertificateView]) -> bytes:
    return sign_pdf(render_certificate(certificate_views["AG"]), chain[1])


def test_the_unit_chain_is_a_ca_and_a_signing_certificate(chain) -> None:
    folder, cred = chain
    assert cred.certificate.issuer == cred.ca.subject
    assert cred.ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not cred.certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert isinstance(cred.key, ec.EllipticCurvePrivateKey)
    cred.certificate.verify_directly_issued_by(cred.ca)
    assert stat.S_IMODE((folder / CA_KEY).stat().st_mode) == 0o600
    assert b"ENCRYPTED" in (folder / CA_KEY).read_bytes()
    # Loaded, not regenerated, on the next unlock; a wrong passphrase is the usual message.
    again = ensure_credentials(folder, "hn2026a", UNIT, b"correct horse")
    assert again.certificate == cred.certificate and (folder / CA_CERT).exists()
    with pytest.raises(DomainError) as err:
        ensure_credentials(folder, "hn2026a", UNIT, b"wrong")
    assert err.value.code == "SIGNING_KEY_PASSPHRASE"


def test_signed_certificate_validates_against_the_unit_chain(chain, signed: bytes) -> None:
    check = check_pdf(signed, [chain[1].ca])
    assert check.ok, check
    assert "电子证书签章 hn2026a" in check.signer


def test_a_changed_byte_fails_validation(chain, signed: bytes) -> None:
    # A byte inside the signed range: the document's author entry, so the PDF still opens.
    at = signed.index(b"CounterDesk")
    tampered = signed[:at] + b"K" + signed[at + 1 :]
    assert tampered != signed
    check = check_pdf(tampered, [chain[1].ca])
    assert not check.ok and not check.intact


def test_another_units_root_does_not_vouch_for_it(tmp_path: Path, signed: bytes) -> None:
    stranger = ensure_credentials(tmp_path, "other", "别的单位", b"correct horse")
    check = check_pdf(signed, [stranger.ca])
    assert check.intact and not check.trusted and not check.ok


def test_an_unsigned_pdf_is_reported_as_such(certificate_views: dict[str, CertificateView], chain) -> None:
    check = check_pdf(render_certificate(certificate_views["TZ"]), [chain[1].ca])
    assert not check.present and not check.ok
