"""The compact signed QR payload and the Ed25519 signing keys.

Format "CD1:" + base32 (RFC 4648, no padding) of  body || signature, where body is the UTF-8 of nine fields
joined by "|" (number, family, category, masked name, masked ID, valid from, valid to, version, key id) and the
signature (64 bytes, Ed25519) covers b"CD1" + body. Base32 keeps the whole text in the QR alphanumeric set, so
the symbol stays small (version 9–10 at level M), and a keyboard-wedge scanner can type it on any layout; the
verifier upper-cases first because Caps Lock flips what such a scanner types.

The QR may also carry the payload inside a verification address (`verification_url`): a phone camera opens the
central store's page, and `payload_text` takes the payload back out, so scanners and the offline verifier read
both forms. Decoding is strict: only the canonical base32 of the signed bytes is accepted (no "=" padding, no
stray bits in the last character), and a payload cut short is reported as a damaged code, never as an unknown key.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.domain.errors import DomainError
from app.domain.identifiers import mask_id_number, mask_name

PREFIX = "CD1:"
_DOMAIN = b"CD1"
_SEP = "|"
_SIG_LEN = 64
_FIELD_COUNT = 9
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
# The path segment before the payload in a verification address; served upper- and lower-case.
VERIFY_PATH = "V"
PRIVATE_SUFFIX = ".key"
PUBLIC_SUFFIX = ".pub"


@dataclass(frozen=True)
class PayloadFields:
    """What the QR vouches for. Name and ID number are already masked: the QR is readable by anyone."""

    number: str
    family: str
    category: str
    masked_name: str
    masked_id: str
    valid_from: date | None
    valid_to: date | None
    version: int

    @classmethod
    def of(
        cls,
        *,
        number: str,
        family: str,
        category: str,
        name: str,
        id_number: str,
        valid_from: date | None,
        valid_to: date | None,
        version: int,
    ) -> PayloadFields:
        """Build the fields from the full name and ID number, masking both."""
        return cls(
            number,
            family,
            category,
            mask_name(name),
            mask_id_number(id_number),
            valid_from,
            valid_to,
            version,
        )


@dataclass(frozen=True)
class VerifiedPayload:
    fields: PayloadFields
    key_id: str


@dataclass(frozen=True)
class PublicKeyInfo:
    key_id: str
    public_key: bytes
    private_path: Path
    public_path: Path

    @property
    def fingerprint(self) -> str:
        """First 16 hex digits of the raw key, for reading out over the phone when keys are distributed."""
        return self.public_key.hex()[:16]


def _format_error(detail: str) -> DomainError:
    return DomainError(
        "QR_FORMAT",
        f"二维码内容不是本系统签发的证书验证码（{detail}）。",
        field="qr_text",
        fix="请重新扫描证书上的二维码；若仍失败，该证书可能不是本省系统签发的。",
    )


def _damaged(detail: str) -> DomainError:
    return DomainError(
        "QR_DAMAGED",
        f"二维码内容不完整或已损坏（{detail}），无法核验。",
        field="qr_text",
        fix="请擦净证书后重新扫描完整的二维码；二维码污损无法识别的，请持证书原件向发证机关核实。",
    )


def _date_text(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def _parse_date(text: str) -> date | None:
    if not text:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise _format_error("日期无效") from exc


def _check_key_id(key_id: str) -> None:
    if not _KEY_ID.match(key_id):
        raise DomainError(
            "SIGNING_KEY_ID",
            f"签名密钥编号“{key_id}”无效。",
            field="key_id",
            fix="密钥编号只能由1至16位字母、数字、下划线或连字符组成，例如 hn2026a。",
        )


def _body(fields: PayloadFields, key_id: str) -> bytes:
    parts = [
        fields.number,
        fields.family,
        fields.category,
        fields.masked_name,
        fields.masked_id,
        _date_text(fields.valid_from),
        _date_text(fields.valid_to),
        str(fields.version),
        key_id,
    ]
    if any(_SEP in p for p in parts):
        raise DomainError(
            "QR_FORMAT", "证书信息中含有字符“|”，无法生成二维码。", fix="请修正证书信息后重试。"
        )
    return _SEP.join(parts).encode("utf-8")


def sign_payload(fields: PayloadFields, private_key: Ed25519PrivateKey, key_id: str) -> str:
    """The QR text for a certificate: "CD1:" + base32(body + Ed25519 signature)."""
    _check_key_id(key_id)
    body = _body(fields, key_id)
    signature = private_key.sign(_DOMAIN + body)
    return PREFIX + base64.b32encode(body + signature).decode("ascii").rstrip("=")


def verification_url(base_url: str, payload: str) -> str:
    """The address a phone opens: `<base>/V/<payload>`.

    When the base has no path, the whole address is upper-cased (scheme and host are case-insensitive): it then
    stays in the QR alphanumeric set, and the symbol is as small as the bare payload's plus the address."""
    base = base_url.strip().rstrip("/")
    parts = urlsplit(base)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise DomainError(
            "VERIFY_URL",
            f"证书核验地址“{base_url}”无效。",
            field="verify_base_url",
            fix="请填写中心库的网址，例如 https://zs.hnjs.gov.cn；留空则二维码只含签名数据。",
        )
    url = f"{base}/{VERIFY_PATH}/{payload}"
    return url.upper() if not parts.path else url


def payload_text(text: str) -> str:
    """The "CD1:…" payload from what was scanned: the payload itself, or a verification address carrying it."""
    cleaned = "".join(text.split())
    upper = cleaned.upper()
    if upper.startswith(("HTTP://", "HTTPS://")):
        path = unquote(urlsplit(cleaned).path)
        marker = f"/{VERIFY_PATH}/"
        at = path.upper().rfind(marker)
        if at < 0:
            raise _format_error("核验地址中没有证书数据")
        return path[at + len(marker) :]
    return cleaned


def _decode(text: str) -> bytes:
    cleaned = payload_text(text).upper()
    if not cleaned.startswith(PREFIX):
        raise _format_error("缺少CD1前缀")
    data = cleaned[len(PREFIX) :]
    if "=" in data:
        raise _damaged("含有填充字符")
    try:
        raw = base64.b32decode(data + "=" * (-len(data) % 8))
    except (binascii.Error, ValueError) as exc:
        raise _damaged("长度或编码无效") from exc
    # Only the canonical encoding is the signed bytes: other final characters differ in bits base32 discards.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != data:
        raise _damaged("编码不规范")
    if len(raw) <= _SIG_LEN:
        raise _damaged("长度不足")
    return raw


def _parse_body(body: bytes) -> tuple[PayloadFields, str]:
    """The fields of a payload's body; anything malformed, as a cut-short payload is, is a damaged code."""
    try:
        parts = body.decode("utf-8").split(_SEP)
    except UnicodeDecodeError as exc:
        raise _damaged("文字编码无效") from exc
    if len(parts) != _FIELD_COUNT or not parts[7].isdigit() or not _KEY_ID.match(parts[8]):
        raise _damaged("字段不全")
    try:
        valid_from, valid_to = _parse_date(parts[5]), _parse_date(parts[6])
    except DomainError as exc:
        raise _damaged("日期无效") from exc
    if any(len(p) not in (0, 8) or not p.isdigit() for p in (parts[5], parts[6]) if p):
        raise _damaged("日期无效")
    fields = PayloadFields(
        number=parts[0],
        family=parts[1],
        category=parts[2],
        masked_name=parts[3],
        masked_id=parts[4],
        valid_from=valid_from,
        valid_to=valid_to,
        version=int(parts[7]),
    )
    return fields, parts[8]


def verify_payload(text: str, public_keys: dict[str, bytes]) -> VerifiedPayload:
    """Check the signature offline against the configured public keys (key id -> raw 32-byte Ed25519 key).

    `text` is the payload or a verification address carrying it."""
    raw = _decode(text)
    body, signature = raw[:-_SIG_LEN], raw[-_SIG_LEN:]
    # "|" is ASCII and never appears inside a UTF-8 multi-byte sequence, so splitting bytes is safe.
    key_id = body.rsplit(b"|", 1)[-1].decode("ascii", errors="replace")
    if key_id not in public_keys:
        # Only now is the structure the judge: a payload cut short loses the end of its key id (the body's last
        # field), so a malformed body or a prefix of a known key id is a damaged code, not an unknown key.
        _parse_body(body)
        if any(known.startswith(key_id) for known in public_keys):
            raise _damaged("末尾缺失")
        raise DomainError(
            "QR_UNKNOWN_KEY",
            f"二维码由未知的签名密钥“{key_id}”签发，无法验证。",
            field="qr_text",
            fix=f"请管理员导入密钥“{key_id}”的公钥；若本省从未发布该密钥，此证书不可信。",
        )
    try:
        Ed25519PublicKey.from_public_bytes(public_keys[key_id]).verify(signature, _DOMAIN + body)
    except (InvalidSignature, ValueError) as exc:
        raise DomainError(
            "QR_BAD_SIGNATURE",
            "二维码签名验证失败：证书内容已被篡改或二维码不完整。",
            field="qr_text",
            fix="请核对证书原件；如二维码污损请重新扫描，仍失败则按伪造证书处理。",
        ) from exc
    return VerifiedPayload(_parse_body(body)[0], key_id)


# ---------------------------------------------------------------- keys


def _passphrase_error() -> DomainError:
    return DomainError(
        "SIGNING_KEY_PASSPHRASE",
        "签名密钥口令不正确，无法解锁签名密钥。",
        field="passphrase",
        fix="请输入创建该密钥时设置的口令；遗失口令只能由管理员新建密钥并发布新公钥。",
    )


def generate_signing_key(key_dir: Path, key_id: str, passphrase: bytes) -> PublicKeyInfo:
    """Create an Ed25519 key pair: `<key_id>.key` (PKCS8, encrypted, mode 0600) and `<key_id>.pub` (PEM)."""
    _check_key_id(key_id)
    if not passphrase:
        raise DomainError(
            "SIGNING_KEY_PASSPHRASE",
            "签名密钥必须设置口令。",
            field="passphrase",
            fix="请设置一个口令；私钥只以加密形式保存在本机。",
        )
    key_dir.mkdir(parents=True, exist_ok=True)
    private_path = key_dir / f"{key_id}{PRIVATE_SUFFIX}"
    public_path = key_dir / f"{key_id}{PUBLIC_SUFFIX}"
    if private_path.exists() or public_path.exists():
        raise DomainError(
            "SIGNING_KEY_EXISTS",
            f"签名密钥“{key_id}”已存在。",
            field="key_id",
            fix="请换一个密钥编号；已发布的密钥不能覆盖，否则旧证书将无法验证。",
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )
    # O_EXCL with mode 0600 at creation: the file never exists with wider permissions, not even briefly.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    public = key.public_key()
    public_path.write_bytes(
        public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PublicKeyInfo(key_id, raw, private_path, public_path)


def load_private_key(path: Path, passphrase: bytes) -> Ed25519PrivateKey:
    """Decrypt the private key file; a wrong passphrase is SIGNING_KEY_PASSPHRASE."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(
            "SIGNING_KEY_MISSING",
            f"找不到签名密钥文件：{path}",
            field="key_path",
            fix="请由管理员在本签章工作站创建签名密钥，或在设置中选择正确的密钥文件。",
        ) from exc
    try:
        key = serialization.load_pem_private_key(data, password=passphrase or None)
    except (TypeError, ValueError) as exc:
        if b"ENCRYPTED" in data:
            raise _passphrase_error() from exc
        raise DomainError(
            "SIGNING_KEY_INVALID",
            f"签名密钥文件无法读取：{path}",
            field="key_path",
            fix="请选择本系统创建的 .key 文件。",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise DomainError(
            "SIGNING_KEY_INVALID",
            f"签名密钥不是Ed25519密钥：{path}",
            field="key_path",
            fix="请选择本系统创建的 .key 文件。",
        )
    return key


def load_public_keys(key_dir: Path) -> dict[str, bytes]:
    """Every `<key_id>.pub` in `key_dir` as key id -> raw 32-byte Ed25519 public key; unreadable files are skipped."""
    keys: dict[str, bytes] = {}
    if not key_dir.is_dir():
        return keys
    for path in sorted(key_dir.glob(f"*{PUBLIC_SUFFIX}")):
        try:
            public = serialization.load_pem_public_key(path.read_bytes())
        except (OSError, ValueError):
            continue
        if isinstance(public, Ed25519PublicKey):
            keys[path.stem] = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return keys
