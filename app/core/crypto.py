"""Encryption at rest for personal material (ID-card images, photos): AES-256-GCM, key outside the database.

The key lives in the OS keyring when a real one exists (Windows Credential Manager, macOS Keychain,
Secret Service), otherwise in `<data_dir>/keys/material.key`, readable only by the user. Once a key is
created in one place it is always read from there: silently making a second key would leave every
earlier blob unreadable.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
from pathlib import Path

import keyring
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from app.domain.errors import DomainError

MAGIC = b"CDM"
VERSION = 1
HEADER = MAGIC + bytes([VERSION])
NONCE_BYTES = 12
TAG_BYTES = 16
OVERHEAD = len(HEADER) + NONCE_BYTES + TAG_BYTES
KEY_BYTES = 32

KEYRING_SERVICE = "CounterDesk"
KEY_FILE = Path("keys") / "material.key"
# Marks that the key was put in the keyring, so a keyring that is only locked today is not mistaken for
# "no key yet".
KEYRING_MARKER = Path("keys") / "material.key.in-keyring"
_KEY_FILE_PREFIX = "counterdesk-material-key-v1:"


def _fix_key() -> str:
    return "请联系管理员，从备份中恢复“keys”文件夹或系统钥匙串中的 CounterDesk 密钥"


def is_real_backend(backend: KeyringBackend) -> bool:
    """False for keyring's fail and null backends (and a chainer holding none), which store nothing."""
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    chained = getattr(backend, "backends", None)
    if module.startswith("keyring.backends.chainer"):
        return bool(chained) and any(is_real_backend(b) for b in (chained or []))
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check fails is not usable
        return False


def _account(data_dir: Path) -> str:
    """One key per data directory, so two installations on one user account do not share a key."""
    return "material-key-" + hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]


def _decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip().removeprefix(_KEY_FILE_PREFIX), validate=True)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise DomainError("KEY_INVALID", f"{where}中的材料加密密钥格式不正确", field="key", fix=_fix_key())
    return key


def _encode_key(key: bytes) -> str:
    return _KEY_FILE_PREFIX + base64.b64encode(key).decode("ascii")


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename itself
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_file(path: Path, content: bytes) -> bool:
    """Create path atomically with mode 0600; False if another process created it first."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            # link() never replaces: if two processes race, exactly one key wins and both read it.
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:
            if path.exists():
                return False
            os.replace(tmp, path)
        _fsync_dir(path.parent)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _read_key_file(path: Path) -> bytes:
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # someone loosened it; personal data keys stay private
    return _decode_key(path.read_text(encoding="ascii"), f"密钥文件“{path}”")


def load_or_create_key(data_dir: Path, *, backend: KeyringBackend | None = None) -> bytes:
    """The 256-bit material key for this data directory, created on first use."""
    key_file = data_dir / KEY_FILE
    marker = data_dir / KEYRING_MARKER
    if key_file.exists():
        return _read_key_file(key_file)
    ring = backend if backend is not None else keyring.get_keyring()
    account = _account(data_dir)
    if marker.exists():
        try:
            stored = ring.get_password(KEYRING_SERVICE, account)
        except KeyringError as exc:
            raise DomainError(
                "KEY_UNAVAILABLE",
                "无法从系统钥匙串读取材料加密密钥（钥匙串可能已锁定）",
                field="key",
                fix="请解锁系统钥匙串（重新登录 Windows / 桌面）后重试；仍不行请联系管理员",
            ) from exc
        if stored is None:
            raise DomainError("KEY_MISSING", "系统钥匙串中找不到材料加密密钥", field="key", fix=_fix_key())
        return _decode_key(stored, "系统钥匙串")
    key = AESGCM.generate_key(bit_length=256)
    if is_real_backend(ring):
        try:
            ring.set_password(KEYRING_SERVICE, account, _encode_key(key))
            if ring.get_password(KEYRING_SERVICE, account) == _encode_key(key):
                write_new_file(marker, type(ring).__module__.encode() + b"\n")
                return key
        except KeyringError:
            pass  # no usable keyring after all (no D-Bus session, say): fall back to the key file
    # When another process wins the creation race, its key is the one read back here.
    write_new_file(key_file, (_encode_key(key) + "\n").encode("ascii"))
    return _read_key_file(key_file)


def _check_key(key: bytes) -> AESGCM:
    if len(key) != KEY_BYTES:
        raise DomainError("KEY_INVALID", "材料加密密钥长度不正确（应为 256 位）", field="key", fix=_fix_key())
    return AESGCM(key)


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """HEADER ‖ nonce ‖ ciphertext+tag; the header is authenticated too, so the version cannot be swapped."""
    nonce = os.urandom(NONCE_BYTES)
    return HEADER + nonce + _check_key(key).encrypt(nonce, plaintext, HEADER + aad)


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC) and len(blob) >= OVERHEAD


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < OVERHEAD:
        raise DomainError(
            "MATERIAL_TAMPERED",
            "材料文件不是本系统加密的格式，可能已被替换或损坏",
            field="material",
            fix=_fix_key(),
        )
    if blob[len(MAGIC)] != VERSION:
        raise DomainError(
            "MATERIAL_FORMAT_UNKNOWN",
            f"材料文件的加密格式版本 {blob[len(MAGIC)]} 无法识别",
            field="material",
            fix="请升级 CounterDesk 到最新版本",
        )
    nonce = blob[len(HEADER) : len(HEADER) + NONCE_BYTES]
    try:
        return _check_key(key).decrypt(nonce, blob[len(HEADER) + NONCE_BYTES :], HEADER + aad)
    except InvalidTag as exc:
        raise DomainError(
            "MATERIAL_TAMPERED",
            "材料文件校验失败：文件已被修改或损坏，或密钥不匹配",
            field="material",
            fix="请重新扫描该材料；如多份材料同时出现此问题，请联系管理员检查密钥",
        ) from exc
