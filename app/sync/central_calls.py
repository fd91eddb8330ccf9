"""An administrator's call to the central store for a screen, over the sync worker's session: every failure as a
DomainError in the central store's or the network's words (the catalogue's 发布, the calendar's 保存)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from app.domain.errors import DomainError
from app.sync.client import Refused, SyncClient, SyncError

T = TypeVar("T")


@dataclass(frozen=True)
class CallWords:
    """What a screen's call says when it cannot be made or is refused."""

    offline: str  # no session: the message
    offline_fix: str
    verb: str  # "发布", "保存": the central store refused to …
    name_field: bool = True  # carry the field the central store named


def call_central(client: SyncClient | None, call: Callable[[SyncClient], T], words: CallWords) -> T:
    """`call` on the session's client, closed afterwards; raises DomainError for no session, a refusal or the
    network."""
    if client is None:
        raise DomainError("CENTRAL_NOT_SIGNED_IN", words.offline, fix=words.offline_fix)
    try:
        return call(client)
    except Refused as err:
        body = err.body if isinstance(err.body, dict) else {}
        detail = body.get("detail")
        if isinstance(detail, dict) and detail.get("message"):
            raise DomainError(
                str(detail.get("code") or "CENTRAL_REFUSED"),
                str(detail["message"]),
                field=detail.get("field") if words.name_field else None,
                fix=detail.get("fix"),
            ) from err
        raise DomainError(
            "CENTRAL_REFUSED", f"中心库拒绝{words.verb}（HTTP {err.status}）", fix="请检查填写内容后重试。"
        ) from err
    except SyncError as err:
        raise DomainError(
            "CENTRAL_UNAVAILABLE", f"无法连接中心库：{err}", fix="请检查网络后重试；已填写的内容仍在屏幕上。"
        ) from err
    finally:
        client.close()


__all__ = ["CallWords", "call_central"]
