"""Pulling imported certificates (registry kind "certificate") into the counter's certificates table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.models.register_rows import upsert_certificate


def apply(s: Session, data: dict[str, Any], now: datetime) -> None:
    """A certificate renewed, changed or reissued here since (a later version) is left as it is."""
    upsert_certificate(s, data, now)
