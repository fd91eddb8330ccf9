"""Content-addressed material store: `<root>/ab/cd/<sha256 of the plaintext>`, written atomically.

A blob is written before the database transaction that cites it commits, so a crash can leave a blob
nobody references but never a reference to a half-written blob; orphans are swept later, after a grace
period long enough for any such transaction to have finished.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from app.capture.formats import sniff
from app.core import crypto
from app.domain.errors import DomainError, NotFoundError

_SHA256 = re.compile(r"[0-9a-f]{64}")
_TMP_SUFFIX = ".tmp"
_MIMES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "BMP": "image/bmp",
    "WEBP": "image/webp",
    "PDF": "application/pdf",
}


@dataclass(frozen=True)
class BlobRef:
    sha256: str
    size: int  # plaintext bytes
    encrypted: bool
    mime: str


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot fsync a directory handle; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Material files by SHA-256. Personal data is put with encrypt=True (AES-GCM, address as AAD)."""

    def __init__(self, root: Path, key: bytes) -> None:
        self.root = root
        self._key = key
        root.mkdir(parents=True, exist_ok=True)

    # -- addressing ---------------------------------------------------------------------------------------

    @staticmethod
    def _checked(sha256: str) -> str:
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise DomainError(
                "MATERIAL_ID_INVALID",
                f"材料编号“{sha256}”不是有效的 SHA-256 值",
                field="sha256",
                fix="材料编号应为 64 位小写十六进制字符",
            )
        return sha256

    def path_of(self, sha256: str) -> Path:
        sha = self._checked(sha256)
        return self.root / sha[:2] / sha[2:4] / sha

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    # -- writing ------------------------------------------------------------------------------------------

    def put(self, data: bytes, *, encrypt: bool, mime: str | None = None) -> BlobRef:
        """Store data (idempotent: the same content is kept once). Encrypted wins over plain on a repeat."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        kind = mime or _MIMES.get(sniff(data[:1024]) or "", "application/octet-stream")
        existing = self._existing(path, sha)
        if existing is not None and (existing or not encrypt):
            # Restart the orphan grace period: a transaction citing this blob is about to commit.
            os.utime(path)
            return BlobRef(sha, len(data), existing, kind)
        payload = crypto.encrypt(self._key, data, sha.encode("ascii")) if encrypt else data
        self._write_atomically(path, payload)
        return BlobRef(sha, len(data), encrypt, kind)

    def _existing(self, path: Path, sha: str) -> bool | None:
        """Whether the stored copy is encrypted, or None if there is no intact copy to reuse."""
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            plain, encrypted = self._open(raw, sha)
        except DomainError:
            return None  # damaged on disk: rewrite it from the fresh copy we hold
        return encrypted if hashlib.sha256(plain).hexdigest() == sha else None

    def _write_atomically(self, path: Path, payload: bytes) -> None:
        folder = path.parent
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            _fsync_dir(folder.parent)
            _fsync_dir(folder.parent.parent)
        tmp = folder / f".{path.name}.{secrets.token_hex(6)}{_TMP_SUFFIX}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            _fsync_dir(folder)
        except OSError as exc:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise DomainError(
                "MATERIAL_WRITE_FAILED",
                f"保存材料文件失败：{exc.strerror or exc}",
                field="material",
                fix="请检查数据目录所在磁盘是否已满或只读，然后重试",
            ) from exc

    # -- reading ------------------------------------------------------------------------------------------

    def _open(self, raw: bytes, sha: str) -> tuple[bytes, bool]:
        if crypto.is_encrypted(raw):
            try:
                return crypto.decrypt(self._key, raw, sha.encode("ascii")), True
            except DomainError:
                # Plain content may start with the magic bytes by chance; the hash settles it.
                if hashlib.sha256(raw).hexdigest() == sha:
                    return raw, False
                raise
        return raw, False

    def get(self, sha256: str) -> bytes:
        """The plaintext, verified against its address."""
        path = self.path_of(sha256)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotFoundError(
                "MATERIAL_MISSING",
                f"材料文件 {sha256[:12]}… 不在本机",
                field="material",
                fix="请先同步；如仍缺失，请重新扫描该材料",
            ) from exc
        plain, _ = self._open(raw, sha256)
        if hashlib.sha256(plain).hexdigest() != sha256:
            raise DomainError(
                "MATERIAL_CORRUPT",
                f"材料文件 {sha256[:12]}… 内容与编号不符，文件已损坏",
                field="material",
                fix="请重新扫描该材料，或从中心库重新同步",
            )
        return plain

    def size_of(self, sha256: str) -> int:
        """Plaintext size in bytes, from the file size (no decryption)."""
        path = self.path_of(sha256)
        with path.open("rb") as handle:
            head = handle.read(len(crypto.HEADER))
        size = path.stat().st_size
        return size - crypto.OVERHEAD if head == crypto.HEADER and size >= crypto.OVERHEAD else size

    def is_encrypted(self, sha256: str) -> bool:
        with self.path_of(sha256).open("rb") as handle:
            return handle.read(len(crypto.HEADER)) == crypto.HEADER

    # -- removing -----------------------------------------------------------------------------------------

    def delete(self, sha256: str) -> bool:
        try:
            self.path_of(sha256).unlink()
        except FileNotFoundError:
            return False
        return True

    def _walk(self) -> list[Path]:
        found: list[Path] = []
        for first in self.root.iterdir():
            if not (first.is_dir() and len(first.name) == 2):
                continue
            for second in first.iterdir():
                if second.is_dir() and len(second.name) == 2:
                    found.extend(p for p in second.iterdir() if p.is_file())
        return found

    def find_orphans(self, referenced: set[str]) -> list[str]:
        """Stored blobs no material row cites (whatever their age)."""
        return sorted(p.name for p in self._walk() if _SHA256.fullmatch(p.name) and p.name not in referenced)

    def remove_orphans(self, referenced: set[str], *, older_than_s: float = 3600) -> int:
        """Delete unreferenced blobs and stale temp files older than the grace period; returns how many."""
        removed = 0
        now = time.time()
        for path in self._walk():
            name = path.name
            is_blob = _SHA256.fullmatch(name) is not None
            is_tmp = name.startswith(".") and name.endswith(_TMP_SUFFIX)
            if not (is_blob and name not in referenced) and not is_tmp:
                continue
            try:
                # Checked right before unlinking: put() refreshes mtime when it reuses a blob.
                if now - path.stat().st_mtime < older_than_s:
                    continue
                path.unlink()
            except FileNotFoundError:
                continue
            removed += 1
        return removed
