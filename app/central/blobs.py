"""Material files (材料文件) by SHA-256: checked hash, size and type; storing the same file twice is harmless.

ID-card scans and photos are personal data, so every file is encrypted at rest with the central data key
(`app.central.data_key`): AES-256-GCM in the counters' envelope (`app.core.crypto`), a fresh nonce per file
and the SHA-256 as associated data, so one row's data cannot be passed off as another's. The hash and size
stay those of the plaintext. Rows stored before encryption (enc = "") are still served as they are.
"""

from __future__ import annotations

import hashlib
import io
import logging

from PIL import Image
from sqlalchemy import String, cast, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.central.auth import Principal, utcnow
from app.central.data_key import ENV_KEY_FILE, KEY_FILE_NAME
from app.central.models import Blob, MaterialRecord
from app.core import crypto
from app.domain.errors import DomainError
from app.models import Application, User
from app.models.db import Store

MAX_BLOB_BYTES = 20 * 1024 * 1024
# What a counter sends (it decrypts its pages before upload, and its capture pipeline writes JPEG), by the
# signature each format's files begin with.
SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
ALLOWED_TYPES = tuple(t for _, t in SIGNATURES)
_TYPE_NAMES = {"image/jpeg": "JPEG 图片", "image/png": "PNG 图片", "application/pdf": "PDF 文件"}
# How a row's data is kept (Blob.enc).
PLAINTEXT = ""  # rows stored before encryption at rest
AES_GCM_V1 = "aesgcm-v1"

log = logging.getLogger(__name__)


class BlobRefused(DomainError):
    """A material file refused with an HTTP status of its own (403, 413, 415, 422, 500)."""

    def __init__(self, status: int, code: str, message: str, fix: str) -> None:
        super().__init__(code, message, field="blob", fix=fix)
        self.status = status


def check_type(content_type: str | None) -> str:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in ALLOWED_TYPES:
        raise BlobRefused(
            415,
            "BLOB_TYPE",
            f"不支持的材料文件类型“{ctype or '未知'}”",
            "材料须为 JPG、PNG 或 PDF 文件，Content-Type 写 image/jpeg、image/png 或 application/pdf。",
        )
    return ctype


def sniff(data: bytes) -> str | None:
    """The type a file's first bytes say it is, or None."""
    return next((t for sig, t in SIGNATURES if data.startswith(sig)), None)


def check_content(data: bytes, declared: str) -> None:
    """415 unless the bytes are a JPEG, PNG or PDF file of the declared type."""
    actual = sniff(data)
    if actual is None:
        raise BlobRefused(
            415,
            "BLOB_CONTENT",
            "材料文件的内容不是 JPEG、PNG 图片或 PDF 文件",
            "请重新扫描或导入该材料；只接受 JPG、PNG 图片和 PDF 文件。",
        )
    if actual != declared:
        raise BlobRefused(
            415,
            "BLOB_TYPE_MISMATCH",
            f"材料文件声明的类型“{declared}”与其内容（{_TYPE_NAMES[actual]}）不符",
            f"请按文件内容声明类型（{actual}）后重新上传。",
        )


def too_large(size: int, limit: int) -> BlobRefused:
    return BlobRefused(
        413,
        "BLOB_TOO_LARGE",
        f"材料文件过大（{size / 1048576:.1f} MB），上限 {limit // 1048576} MB",
        "请降低扫描分辨率或压缩后重新上传。",
    )


def image_size(data: bytes) -> tuple[int | None, int | None]:
    """Width and height of an image from its header (Pillow does not decode the pixels); None for anything else."""
    if not data:
        return None, None
    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
    except Exception:  # a PDF, an encrypted or unrecognised file: the page simply has no known size
        return None, None
    return int(width), int(height)


def store_blob(store: Store, key: bytes, p: Principal, sha256: str, data: bytes, ctype: str) -> bool:
    """Verify, encrypt with the central data key and keep one blob; True if it was new."""
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise BlobRefused(
            422,
            "BLOB_HASH_MISMATCH",
            "材料文件内容与其校验值不符，可能在传输中损坏",
            "系统将自动重新上传；如反复出现请检查本机材料文件。",
        )
    check_content(data, ctype)
    width, height = image_size(data)  # the materials feed reports it, and cannot read it once encrypted
    sealed = crypto.encrypt(key, data, sha256.encode("ascii"))
    try:
        with store.write() as s:
            if s.get(Blob, sha256) is not None:
                return False
            s.add(
                Blob(
                    sha256=sha256,
                    size=len(data),
                    content_type=ctype,
                    data=sealed,
                    enc=AES_GCM_V1,
                    width=width,
                    height=height,
                    created_by=p.username,
                    created_at=utcnow(),
                )
            )
    except IntegrityError:
        return False  # the same file arrived concurrently: already stored
    return True


def missing(store: Store, hashes: list[str]) -> list[str]:
    with store.read() as s:
        have = (
            set(s.execute(select(Blob.sha256).where(Blob.sha256.in_(hashes))).scalars()) if hashes else set()
        )
    return [h for h in hashes if h not in have]


def readable_by(s: Session, sha256: str, p: Principal) -> bool:
    """Whether the caller's unit may read a blob: its uploader is of the unit, or a material record of the
    unit cites it (the record's application's unit; for a draft's pages, which arrive before their application,
    the unit of the clerk who pushed them)."""
    uploader_unit = s.execute(
        select(User.unit_code).join(Blob, Blob.created_by == User.username).where(Blob.sha256 == sha256)
    ).scalar_one_or_none()
    if uploader_unit == p.unit_code:
        return True
    # `blobs` is a JSON list of hashes: its text holds "<sha256>" with the quotes (the hash is checked hex).
    cited = s.execute(
        select(MaterialRecord.id)
        .outerjoin(Application, Application.uuid == MaterialRecord.application_uuid)
        .join(User, User.username == MaterialRecord.username)
        .where(
            cast(MaterialRecord.blobs, String).like(f'%"{sha256}"%'),
            func.coalesce(Application.unit_code, User.unit_code) == p.unit_code,
        )
        .limit(1)
    ).first()
    return cited is not None


def load_blob(store: Store, key: bytes, sha256: str, p: Principal | None = None) -> tuple[bytes, str] | None:
    """The plaintext and type of one blob, None if there is none; BlobRefused if it cannot be opened, or (403)
    if `p` is given and the blob is not of the caller's unit."""
    with store.read() as s:
        row = s.execute(
            select(Blob.data, Blob.enc, Blob.content_type).where(Blob.sha256 == sha256)
        ).one_or_none()
        if row is not None and p is not None and not readable_by(s, sha256, p):
            raise BlobRefused(
                403,
                "BLOB_OTHER_UNIT",
                "该材料文件不属于本单位的办件，不能下载",
                "材料文件只能由引用它的办件所属单位查看；如确需查看请联系该单位。",
            )
    if row is None:
        return None
    return _opened(key, sha256, row.data, row.enc), row.content_type


def _opened(key: bytes, sha256: str, data: bytes, enc: str) -> bytes:
    if enc == PLAINTEXT:
        return data
    if enc != AES_GCM_V1:
        raise BlobRefused(
            500,
            "BLOB_ENCRYPTION_UNKNOWN",
            f"中心库中的材料文件使用了本服务无法识别的加密方式“{enc}”",
            "请将中心库服务升级到最新版本。",
        )
    try:
        return crypto.decrypt(key, data, sha256.encode("ascii"))
    except DomainError as err:
        # Worth an operator's attention: either the row was altered or the service runs with another key.
        log.error("central blob %s cannot be decrypted: %s", sha256[:12], err.code)
        raise BlobRefused(
            500,
            "BLOB_TAMPERED",
            "中心库中的材料文件校验失败：文件已被篡改或损坏，或中心库数据密钥不是加密该文件时所用的密钥",
            f"请管理员确认中心库数据密钥文件（环境变量 {ENV_KEY_FILE} 所指文件，或数据库旁的 {KEY_FILE_NAME}）"
            "是原来那一份；密钥无误则该文件已损坏，需从数据库备份中恢复。",
        ) from err
