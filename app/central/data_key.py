"""The central data key (中心库数据密钥): 32 random bytes, kept outside the database, that encrypt material files.

Where it lives, in order: the file named by COUNTERDESK_CENTRAL_KEY_FILE; otherwise `central-data.key` beside
a SQLite database file. A PostgreSQL store has no file of its own to sit beside, so without the variable the
service refuses to start rather than keep ID-card scans in clear text. A missing key file is created (mode
0600, written atomically); an existing one is never replaced, since a new key would leave every material
file encrypted before it unreadable.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from app.core.crypto import write_new_file
from app.domain.errors import DomainError

ENV_KEY_FILE = "COUNTERDESK_CENTRAL_KEY_FILE"
KEY_FILE_NAME = "central-data.key"
KEY_BYTES = 32
_PREFIX = "counterdesk-central-key-v1:"

log = logging.getLogger(__name__)


class CentralKeyError(DomainError):
    """The central data key cannot be found, read or created; the service must not start without it."""

    def __init__(self, code: str, message: str, fix: str) -> None:
        super().__init__(code, message, field="central_key", fix=fix)


def _sqlite_file(url: URL) -> Path | None:
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).resolve()


def key_file_for(url: str | URL) -> Path:
    """Where the key of the store at `url` (a SQLAlchemy URL or a SQLite file path) is kept."""
    configured = os.environ.get(ENV_KEY_FILE, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    parsed = make_url(url) if isinstance(url, URL) or "://" in url else make_url(f"sqlite:///{url}")
    db_file = _sqlite_file(parsed)
    if db_file is None:
        raise CentralKeyError(
            "CENTRAL_KEY_NOT_CONFIGURED",
            f"中心库数据库（{parsed.get_backend_name()}）未配置材料加密密钥文件：未设置环境变量 {ENV_KEY_FILE}，"
            "为避免以明文保存身份证照片等个人材料，服务拒绝启动",
            f"请设置环境变量 {ENV_KEY_FILE} 为密钥文件路径（如 /etc/counterdesk/{KEY_FILE_NAME}）；"
            "文件不存在时会自动生成，请把它与数据库分开备份，丢失后已加密的材料将无法读取。",
        )
    return db_file.with_name(KEY_FILE_NAME)


def _decode(raw: bytes, path: Path) -> bytes:
    if len(raw) == KEY_BYTES:
        return raw  # 32 raw bytes, e.g. `head -c 32 /dev/urandom`
    try:
        text = raw.decode("ascii").strip().removeprefix(_PREFIX)
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise CentralKeyError(
            "CENTRAL_KEY_INVALID",
            f"中心库材料加密密钥文件“{path}”格式不正确（应为 32 字节密钥或其 Base64 文本）",
            "请从备份中恢复原密钥文件；切勿随意替换，否则已加密的材料将无法读取。",
        )
    return key


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CentralKeyError(
            "CENTRAL_KEY_UNREADABLE",
            f"无法读取中心库材料加密密钥文件“{path}”：{exc.strerror or exc}",
            "请检查该文件是否存在且中心库服务的运行账户有权读取。",
        ) from exc
    if os.name == "posix" and path.stat().st_mode & 0o077:
        try:
            os.chmod(path, 0o600)  # someone loosened it; the key to personal data stays private
        except OSError as exc:  # e.g. a read-only mounted secret: the operator owns its mode
            log.warning("central data key %s is readable by others and cannot be tightened: %s", path, exc)
    return _decode(raw, path)


def load_or_create(path: Path) -> bytes:
    """The key in `path`, created there with 32 random bytes if the file does not exist yet."""
    if not path.exists():
        text = _PREFIX + base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii") + "\n"
        try:
            created = write_new_file(path, text.encode("ascii"))
        except OSError as exc:
            raise CentralKeyError(
                "CENTRAL_KEY_CREATE_FAILED",
                f"无法创建中心库材料加密密钥文件“{path}”：{exc.strerror or exc}",
                f"请检查该目录是否可写，或用环境变量 {ENV_KEY_FILE} 指定其他位置。",
            ) from exc
        if created:
            log.warning("created a new central data key at %s; back it up apart from the database", path)
    # When another process created the file first, its key is the one read back here.
    return _read(path)


def central_key(url: str | URL) -> bytes:
    """The data key of the central store at `url`; raises CentralKeyError with the fix when there is none."""
    return load_or_create(key_file_for(url))
