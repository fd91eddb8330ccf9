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
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.central.auth import Principal, utcnow
from app.central.data_key import ENV_KEY_FILE, KEY_FILE_NAME
from app.central.models import Blob
from app.core import crypto
from app.domain.errors import DomainError
from app.models.db import Store

MAX_BLOB_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/tiff",
        "image/webp",
        "application/pdf",
        "application/octet-stream",  # materials encrypted at rest on the counter
    }
)
# How a row's data is kept (Blob.enc).
PLAINTEXT = ""  # rows stored before encryption at rest
AES_GCM_V1 = "aesgcm-v1"

log = logging.getLogger(__name__)


class BlobRefused(DomainError):
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
            "材料须为 JPG、PNG、TIFF、WEBP 或 PDF 文件。",
        )
    return ctype


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


def load_blob(store: Store, key: bytes, sha256: str) -> tuple[bytes, str] | None:
    """The plaintext and type of one blob, None if there is none; BlobRefused if it cannot be opened."""
    with store.read() as s:
        row = s.execute(
            select(Blob.data, Blob.enc, Blob.content_type).where(Blob.sha256 == sha256)
        ).one_or_none()
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
