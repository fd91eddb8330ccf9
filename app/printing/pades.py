"""PAdES signatures on the electronic certificate PDF (pyHanko), so that any PDF reader shows whether it changed.

The unit has a small X.509 chain of its own, generated with `cryptography` beside the Ed25519 QR key: a unit CA
(10 years, kept encrypted, used only to certify signing keys) and, per QR key id, a document-signing certificate
(ECDSA P-256, 5 years) whose private key is encrypted with the same passphrase as the QR key. ECDSA P-256 rather
than Ed25519: PDF readers (Acrobat, Foxit, pdf.js) verify ECDSA/RSA, few verify EdDSA. A reader trusts the
signature once the unit CA is trusted (or the province's CA certifies the unit CA in a later step).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.domain.errors import DomainError

CA_KEY, CA_CERT = "unit-ca.key", "unit-ca.crt"
PDF_KEY_SUFFIX, PDF_CERT_SUFFIX = ".pdf.key", ".pdf.crt"
FIELD_NAME = "CounterDeskSeal"


@dataclass(frozen=True)
class PdfCredentials:
    """An unlocked document-signing key with its certificate chain (leaf first, unit CA last)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    ca: x509.Certificate

    def __repr__(self) -> str:  # never print key material into a log
        return f"PdfCredentials(subject={self.certificate.subject.rfc4514_string()!r})"


@dataclass(frozen=True)
class PdfSignatureCheck:
    present: bool
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature verifies
    trusted: bool  # the signer's chain leads to a trusted root
    signer: str = ""

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.valid and self.trusted


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)


def _fit(text: str) -> str:
    # X.509 caps these attributes at 64 (checked on the UTF-8 length): a long unit name is cut, never refused.
    while len(text.encode("utf-8")) > 64:
        text = text[:-1]
    return text


def _name(unit_name: str, common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "河南省"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(unit_name)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common)),
        ]
    )


def _load_key(path: Path, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=passphrase)
    except (TypeError, ValueError) as exc:
        raise DomainError(
            "SIGNING_KEY_PASSPHRASE",
            "签名密钥口令不正确，无法解锁文档签名证书。",
            field="passphrase",
            fix="请输入创建签名密钥时设置的口令。",
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise DomainError(
            "SIGNING_KEY_INVALID", f"文档签名密钥不是ECDSA密钥：{path}", fix="请由管理员重新创建签名密钥。"
        )
    return key


def _ca(
    key_dir: Path, unit_name: str, passphrase: bytes, now: datetime
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key_path, cert_path = key_dir / CA_KEY, key_dir / CA_CERT
    if key_path.exists() and cert_path.exists():
        return _load_key(key_path, passphrase), x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(unit_name, "电子证书签章根证书")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3653))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key, passphrase)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def ensure_credentials(
    key_dir: Path, key_id: str, unit_name: str, passphrase: bytes, *, now: datetime | None = None
) -> PdfCredentials:
    """The document-signing credentials of QR key `key_id`, created (with the unit CA if needed) on first use."""
    now = now or datetime.now(timezone.utc)
    key_dir.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = key_dir / f"{key_id}{PDF_KEY_SUFFIX}", key_dir / f"{key_id}{PDF_CERT_SUFFIX}"
    if key_path.exists() and cert_path.exists():
        ca = x509.load_pem_x509_certificate((key_dir / CA_CERT).read_bytes())
        return PdfCredentials(
            _load_key(key_path, passphrase), x509.load_pem_x509_certificate(cert_path.read_bytes()), ca
        )
    ca_key, ca = _ca(key_dir, unit_name, passphrase, now)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(unit_name, f"电子证书签章 {key_id}"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(min(now + timedelta(days=1826), ca.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(key_path, key, passphrase)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return PdfCredentials(key, cert, ca)


def _asn1_cert(cert: x509.Certificate):  # type: ignore[no-untyped-def]
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def sign_pdf(
    pdf: bytes, credentials: PdfCredentials, *, reason: str = "电子证书签章", location: str = "河南省"
) -> bytes:
    """The PDF with a PAdES baseline signature (incremental update, whole file covered)."""
    from asn1crypto import keys as asn1_keys
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = credentials.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(credentials.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(credentials.ca)]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


def check_pdf(pdf: bytes, trust_roots: list[x509.Certificate]) -> PdfSignatureCheck:
    """Whether the PDF's signature covers unchanged bytes, verifies, and chains to one of `trust_roots`."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError):
        return PdfSignatureCheck(False, False, False, False)
    if not signatures:
        return PdfSignatureCheck(False, False, False, False)
    context = ValidationContext(trust_roots=[_asn1_cert(c) for c in trust_roots], allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception:  # a damaged signature container fails in many ways; all mean "not valid"
        return PdfSignatureCheck(True, False, False, False)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert is not None else ""
    return PdfSignatureCheck(True, bool(status.intact), bool(status.valid), bool(status.trusted), signer)
