"""The certificate register import's way to the central store: photos as blobs, records by batch (admin only)."""

from __future__ import annotations

from typing import Any

from app.domain.errors import DomainError
from app.sync.client import Refused, SyncClient, SyncError


class CentralSender:
    """A `register_import.Sender` over one signed-in admin session."""

    def __init__(self, client: SyncClient) -> None:
        self.client = client

    def missing_photos(self, shas: list[str]) -> list[str]:
        return list(self._call(lambda: self.client.missing_blobs(shas)))

    def put_photo(self, sha256: str, data: bytes) -> None:
        self._call(lambda: self.client.put_blob(sha256, data, "image/jpeg"))

    def send(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        answer = self._call(
            lambda: self.client._request("POST", "/admin/register/certificates", json={"rows": rows}).json()
        )
        return {k: int(v) for k, v in dict(answer).items()}

    @staticmethod
    def _call(fn: Any) -> Any:
        try:
            return fn()
        except Refused as err:
            detail = err.detail if isinstance(err.detail, dict) else {}
            raise DomainError(
                str(detail.get("code") or "CENTRAL_REFUSED"),
                f"中心库拒绝导入：{err.message}",
                fix=detail.get("fix") or "请检查导入文件和管理员账号后重试。",
            ) from err
        except SyncError as err:
            raise DomainError(
                "CENTRAL_UNAVAILABLE",
                f"无法连接中心库：{err}",
                fix="已发送的批次已导入；网络恢复后再次导入同一文件即可继续，不会重复。",
            ) from err
