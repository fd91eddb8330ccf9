"""The global sync state the status bar shows, kept in the local `settings` table under "sync_status"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.models import OutboxEntry, Setting
from app.models.db import Store

STATUS_KEY = "sync_status"


def initial() -> dict[str, Any]:
    return {
        "online": False,
        "last_success_at": None,
        "last_error": None,
        "needs_login": False,
        "needs_admin": False,
    }


def read(store: Store) -> dict[str, Any]:
    with store.read() as s:
        row = s.execute(select(Setting).where(Setting.key == STATUS_KEY)).scalar_one_or_none()
        return {**initial(), **(dict(row.value) if row else {})}


def write(store: Store, value: dict[str, Any], now: datetime) -> None:
    with store.write() as s:
        row = s.execute(select(Setting).where(Setting.key == STATUS_KEY)).scalar_one_or_none()
        if row is None:
            s.add(Setting(key=STATUS_KEY, value=dict(value), updated_at=now))
        else:
            row.value, row.updated_at = dict(value), now


def counts(store: Store) -> dict[str, int]:
    """Outbox entries by state, for the status bar ("3 条待同步", "1 条需处理")."""
    with store.read() as s:
        rows = s.execute(
            select(OutboxEntry.state, func.count())
            .where(OutboxEntry.acknowledged.is_(False))
            .group_by(OutboxEntry.state)
        ).all()
    return {state: int(n) for state, n in rows}
