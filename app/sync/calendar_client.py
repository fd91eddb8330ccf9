"""The administrator's calendar calls to the central store (节假日设置), over the sync worker's session."""

from __future__ import annotations

from typing import Any

from app.domain.calendar import YearDays
from app.domain.errors import DomainError
from app.sync.client import Refused, SyncClient, SyncError


def put_year(client: SyncClient, days: YearDays, notice: str | None) -> dict[str, Any]:
    """Enter or replace one year centrally; the answer is the stored year. Raises the client's errors (Refused
    carries the central store's Chinese message)."""
    body = {
        "holidays": sorted(d.isoformat() for d in days.holidays),
        "workdays": sorted(d.isoformat() for d in days.workdays),
        "notice": notice,
    }
    return dict(client._request("PUT", f"/admin/calendar/{days.year}", json=body).json())


def get_year(client: SyncClient, year: int) -> dict[str, Any]:
    return dict(client._request("GET", f"/calendar/{year}").json())


def submit_year(client: SyncClient | None, days: YearDays, notice: str | None) -> dict[str, Any]:
    """`put_year` for a screen: every failure as a DomainError with the central store's or the network's words."""
    if client is None:
        raise DomainError(
            "CENTRAL_NOT_SIGNED_IN",
            "尚未连接中心库，节假日只能在中心库录入",
            fix="请确认网络连通、状态栏显示已连接中心库后再保存。",
        )
    try:
        return put_year(client, days, notice)
    except Refused as err:
        body = err.body if isinstance(err.body, dict) else {}
        detail = body.get("detail")
        if isinstance(detail, dict) and detail.get("message"):
            raise DomainError(
                str(detail.get("code") or "CENTRAL_REFUSED"), str(detail["message"]), fix=detail.get("fix")
            ) from err
        raise DomainError(
            "CENTRAL_REFUSED", f"中心库拒绝保存（HTTP {err.status}）", fix="请检查填写内容后重试。"
        ) from err
    except SyncError as err:
        raise DomainError(
            "CENTRAL_UNAVAILABLE", f"无法连接中心库：{err}", fix="请检查网络后重试；已填写的内容仍在屏幕上。"
        ) from err
    finally:
        client.close()
