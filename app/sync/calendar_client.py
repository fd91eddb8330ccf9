"""The administrator's calendar calls to the central store (节假日设置), over the sync worker's session."""

from __future__ import annotations

from typing import Any

from app.domain.calendar import YearDays
from app.sync.central_calls import CallWords, call_central
from app.sync.client import SyncClient


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


_WORDS = CallWords(
    "尚未连接中心库，节假日只能在中心库录入",
    "请确认网络连通、状态栏显示已连接中心库后再保存。",
    "保存",
    name_field=False,
)


def submit_year(client: SyncClient | None, days: YearDays, notice: str | None) -> dict[str, Any]:
    """`put_year` for a screen: every failure as a DomainError with the central store's or the network's words."""
    return call_central(client, lambda c: put_year(c, days, notice), _WORDS)
