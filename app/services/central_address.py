"""How a counter reaches the central store: HTTPS with a verified certificate, plain HTTP only on loopback.

Personal data (ID numbers, ID-card scans) travels on every sync, so a central address on another machine must
be `https://`; the certificate is checked against the system's trust store or, for a provincial private CA, the
CA file configured in 工作站设置. The embedded central store of a single machine stays on http://127.0.0.1.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from urllib.parse import urlsplit

from app.core.addresses import is_loopback
from app.domain.errors import DomainError


def check_central_url(url: str) -> str:
    """The address without trailing slash, or a DomainError naming the field `central_url` and the fix."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DomainError(
            "CENTRAL_URL_INVALID",
            f"中心服务地址“{url}”格式不正确",
            field="central_url",
            fix="请填写完整地址，例如 https://zx.hnjs.gov.cn:8443；单机使用请留空。",
        )
    try:
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        raise DomainError(
            "CENTRAL_URL_INVALID",
            f"中心服务地址“{url}”的端口号不正确",
            field="central_url",
            fix="端口须为1至65535之间的数字，例如 https://zx.hnjs.gov.cn:8443。",
        ) from None
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise DomainError(
            "CENTRAL_URL_INSECURE",
            "中心服务地址必须以 https:// 开头：同步内容含身份证号和证件扫描件，不能明文传输",
            field="central_url",
            fix=f"请改为 https://{parts.netloc}（向省中心索取地址和CA证书）；只有本机地址可以用 http://。",
        )
    return text


def check_ca_file(path: str) -> str:
    """The CA file as given (empty = the system's trust store), or a DomainError naming `central_ca_file`."""
    text = path.strip()
    if text:
        _ca_context(text)
    return text


def tls_verify(ca_file: str) -> ssl.SSLContext | bool:
    """What httpx's `verify` gets: the system trust store, or a context trusting the configured CA file."""
    text = ca_file.strip()
    return _ca_context(text) if text else True


def _ca_context(text: str) -> ssl.SSLContext:
    """A context trusting the CA file, or a DomainError naming `central_ca_file` and the fix."""
    file = Path(text)
    if not file.is_file():
        raise DomainError(
            "CA_FILE_MISSING",
            f"找不到中心库CA证书文件“{text}”",
            field="central_ca_file",
            fix="请选择省中心提供的CA证书文件（.pem 或 .crt），或留空以使用系统证书。",
        )
    try:
        return ssl.create_default_context(cafile=text)
    except (ssl.SSLError, OSError, ValueError) as err:
        raise DomainError(
            "CA_FILE_INVALID",
            f"中心库CA证书文件“{text}”无法读取：{err}",
            field="central_ca_file",
            fix="请确认选择的是PEM格式的CA证书（以 -----BEGIN CERTIFICATE----- 开头）。",
        ) from err


def explain_transport_error(err: BaseException) -> tuple[str, bool]:
    """A clerk-readable reason for a failed connection, and whether it needs the administrator (retrying will
    not help) rather than patience (the network or the central store is down)."""
    text = str(err)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return (
            "中心库证书校验失败，连接已中断以保护数据。请管理员在“工作站设置”中指定省中心的CA证书文件，"
            "或确认中心服务地址无误。",
            True,
        )
    if "WRONG_VERSION_NUMBER" in text or "record layer failure" in text:
        return (
            "中心服务地址的协议不符（http 与 https 混用），请管理员核对“工作站设置”中的中心服务地址。",
            True,
        )
    return (
        f"无法连接中心库（{err.__class__.__name__}）：网络不通或中心服务未启动。请检查本机网线和网络；"
        "仍不通时请管理员核对“系统管理 → 工作站设置”中的中心服务地址。办件可继续办理，恢复连接后自动同步。",
        False,
    )
