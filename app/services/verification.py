"""QR verification (证书核验): is the certificate genuine, and is it still valid?

Offline: the signature is checked against the trusted public keys on this machine, and the status is read from
the local registry. Input is what a scanner typed ("CD1:…", or the verification address a phone would open), or
an image or PDF of the certificate, decoded with zxing-cpp.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.verdict import (  # noqa: F401 - the outcome names are this module's API too
    CANCELLED,
    EXPIRED,
    HEADLINES,
    MISMATCH,
    REVOKED,
    SUPERSEDED,
    SUSPENDED,
    TRANSFERRING_OUT,
    UNKNOWN,
    VALID,
    RegistryRecord,
    registry_verdict,
)
from app.models import Certificate
from app.models.certificates import CERT_STATUS_NAMES
from app.printing.signing import PREFIX, PayloadFields, payload_text, verify_payload
from app.services import signing_keys
from app.services.context import ServiceContext

# Signature outcomes. DAMAGED: the code was read but is cut short or altered in its encoding.
GENUINE, FORGED, UNKNOWN_KEY, UNREADABLE, DAMAGED = (
    "genuine",
    "forged",
    "unknown_key",
    "unreadable",
    "damaged",
)
# Registry outcomes (only looked up for a genuine signature); the verdict itself is shared with the central store.
NOT_CHECKED = "not_checked"
_HEADLINES = {**HEADLINES, NOT_CHECKED: ""}
_MAX_IMAGE_PIXELS = 80_000_000


@dataclass(frozen=True)
class VerificationResult:
    """What the screen and the command line show. `ok` only for a genuine, currently valid certificate."""

    signature: str
    status: str
    headline: str
    message: str = ""
    fix: str = ""
    text: str = ""
    fields: PayloadFields | None = None
    key_id: str = ""
    registry_status: str = ""  # the national status code in the local registry, e.g. "01"
    registry_version: int | None = None
    registry_valid_to: date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    category_text: str = ""  # e.g. "安管人员 C2 专职安全生产管理人员（土建类）", from the catalogue

    @property
    def ok(self) -> bool:
        return self.signature == GENUINE and self.status == VALID

    @property
    def genuine(self) -> bool:
        return self.signature == GENUINE

    def lines(self) -> list[str]:
        """The result as Chinese lines: headline, what the code says, the registry, then any notes."""
        out = [self.headline]
        if self.message:
            out.append(self.message)
        f = self.fields
        if f is not None:
            out += [
                f"证书编号：{f.number}",
                f"证书类别：{self.category_text or f'{f.family} {f.category}'}",
                f"持证人：{f.masked_name}　身份证号：{f.masked_id}",
                f"有效期：{_d(f.valid_from)} 至 {_d(f.valid_to) or '长期'}",
                f"证书版本：第{f.version}版　签名密钥：{self.key_id}",
            ]
        if self.registry_status:
            name = CERT_STATUS_NAMES.get(self.registry_status, self.registry_status)
            out.append(f"登记状态：{name}（现行第{self.registry_version}版）")
        out += list(self.notes)
        if self.fix:
            out.append(f"处理办法：{self.fix}")
        return out


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def decode_image(data: bytes) -> str:
    """The certificate QR text found in an image (PNG/JPEG/…) or on the first pages of a PDF."""
    try:
        import zxingcpp
    except ModuleNotFoundError as exc:  # a test-only extra on some installs; say so plainly
        raise DomainError(
            "QR_DECODER_MISSING",
            "本机未安装二维码识别组件，无法识别图片。",
            fix="请使用扫码枪扫描，或由管理员安装 zxing-cpp 组件。",
        ) from exc
    images = _images(data)
    for image in images:
        for symbol in zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        ):
            if payload_text(symbol.text).upper().startswith(PREFIX):
                return symbol.text
    raise DomainError(
        "QR_NOT_FOUND",
        "图片中没有找到本系统证书的二维码。",
        field="image",
        fix="请拍摄或扫描清晰、完整、不反光的证书二维码（分辨率不低于200dpi），再试一次。",
    )


def _images(data: bytes) -> list[object]:
    from PIL import Image, UnidentifiedImageError

    if data[:5] == b"%PDF-":
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise _unreadable_image() from exc
        return [pdf[i].render(scale=200 / 72).to_pil() for i in range(min(len(pdf), 3))]
    Image.MAX_IMAGE_PIXELS = _MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise _unreadable_image() from exc
    return [image.convert("RGB")]


def _unreadable_image() -> DomainError:
    return DomainError(
        "IMAGE_UNREADABLE",
        "无法读取该文件：不是图片或PDF，或文件已损坏。",
        field="image",
        fix="请选择证书的照片、扫描件（JPG/PNG）或PDF文件。",
    )


def _failed(signature: str, err: DomainError, text: str) -> VerificationResult:
    headline = {
        FORGED: "签名无效：证书可能伪造或被篡改",
        UNKNOWN_KEY: "无法核验：签名密钥未知",
        UNREADABLE: "无法识别：不是本系统的证书二维码",
        DAMAGED: "无法核验：二维码不完整或已损坏",
    }[signature]
    return VerificationResult(signature, NOT_CHECKED, headline, err.message, err.fix or "", text)


def _registry(ctx: ServiceContext, f: PayloadFields) -> tuple[str, str, int | None, date | None, list[str]]:
    """(outcome, status code, registry version, registry valid_to, notes) from the local registry."""
    with ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == f.number)).scalar_one_or_none()
        record = (
            None
            if cert is None
            else RegistryRecord(
                cert.status, cert.version, cert.valid_to, cert.holder_name, cert.holder_id_number, cert.family
            )
        )
    outcome, notes = registry_verdict(
        f,
        record,
        ctx.today(),
        unknown_note="本机登记库可能尚未同步该证书；请联网同步后再核验，或向发证机关核实。",
    )
    if record is None:
        return outcome, "", None, None, notes
    return outcome, record.status, record.version, record.valid_to, notes


def verify(ctx: ServiceContext, data: str | bytes) -> VerificationResult:
    """Verify a scanned payload (str, or bytes starting with "CD1:") or an image/PDF (other bytes)."""
    if isinstance(data, bytes):
        if data[:4].upper() in (PREFIX.encode("ascii"), b"HTTP"):
            text = data.decode("ascii", errors="replace")
        else:
            try:
                text = decode_image(data)
            except DomainError as err:
                return _failed(UNREADABLE, err, "")
    else:
        text = data
    text = "".join(text.split())
    try:
        verified = verify_payload(text, signing_keys.public_keys(ctx))
    except DomainError as err:
        outcome = {"QR_BAD_SIGNATURE": FORGED, "QR_UNKNOWN_KEY": UNKNOWN_KEY, "QR_DAMAGED": DAMAGED}.get(
            err.code, UNREADABLE
        )
        return _failed(outcome, err, text)
    f = verified.fields
    outcome, code, version, valid_to, notes = _registry(ctx, f)
    family = ctx.catalogue.families.get(f.family)
    category = " ".join(p for p in (f.category, family.categories.get(f.category, "") if family else "") if p)
    category_text = f"{family.name} {category}" if family else ""
    return VerificationResult(
        GENUINE,
        outcome,
        _HEADLINES[outcome],
        "二维码签名有效，由本省发证机关签发。",
        "" if outcome == VALID else "该证书当前不能作为有效证书使用；如有疑问请向发证机关核实。",
        text,
        f,
        verified.key_id,
        code,
        version,
        valid_to,
        tuple(notes),
        category_text,
    )
