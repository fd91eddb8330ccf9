"""The administrator's catalogue calls to the central store (事项目录维护), over the sync worker's session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app.domain.catalogue_versions import MaterialLine
from app.sync import central_calls
from app.sync.central_calls import CallWords
from app.sync.client import SyncClient

T = TypeVar("T")


def put_item(
    client: SyncClient,
    base_version: int,
    item_code: str,
    conditions: list[str],
    materials: list[MaterialLine],
    limits: dict[str, Any] | None,
    note: str | None,
) -> dict[str, Any]:
    """Publish a new version with one item's conditions and material list; the answer is the stored version
    (without its document). Raises the client's errors (Refused carries the central store's Chinese message)."""
    body = {
        "base_version": base_version,
        "conditions": conditions,
        "materials": [
            {
                "ref": m.ref,
                "name": m.name,
                "kind": m.kind,
                "source": m.source,
                "required": m.required,
                "note": m.note,
            }
            for m in materials
        ],
        "limits": limits,
        "note": note,
    }
    return dict(client._request("PUT", f"/admin/catalogue/items/{item_code}", json=body).json())


def get_history(client: SyncClient) -> dict[str, Any]:
    return dict(client._request("GET", "/catalogue").json())


_WORDS = CallWords(
    "尚未连接中心库，业务事项目录只能发布到中心库",
    "请确认网络连通、状态栏显示已连接中心库后再发布；已填写的内容仍在屏幕上。",
    "发布",
)


def call_central(client: SyncClient | None, call: Callable[[SyncClient], T]) -> T:
    """One call for a screen: every failure as a DomainError with the central store's or the network's words."""
    return central_calls.call_central(client, call, _WORDS)
