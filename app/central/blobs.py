"""Material files (材料文件) by SHA-256: checked hash, size and type; storing the same file twice is harmless."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.central.auth import Principal, utcnow
from app.central.models import Blob
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


def store_blob(store: Store, p: Principal, sha256: str, data: bytes, ctype: str) -> bool:
    """Verify and keep one blob; True if it was new."""
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise BlobRefused(
            422,
            "BLOB_HASH_MISMATCH",
            "材料文件内容与其校验值不符，可能在传输中损坏",
            "系统将自动重新上传；如反复出现请检查本机材料文件。",
        )
    try:
        with store.write() as s:
            if s.get(Blob, sha256) is not None:
                return False
            s.add(
                Blob(
                    sha256=sha256,
                    size=len(data),
                    content_type=ctype,
                    data=data,
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


def load_blob(store: Store, sha256: str) -> tuple[bytes, str] | None:
    with store.read() as s:
        row = s.get(Blob, sha256)
        return (row.data, row.content_type) if row else None
