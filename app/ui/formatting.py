"""Dates, times and catalogue names the way the lists show them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError


def fmt_datetime(value: datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%Y-%m-%d %H:%M")


def fmt_date(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        return value[:10]
    return value.isoformat()


def item_name(catalogue: Catalogue, code: str) -> str:
    try:
        return catalogue.item(code).short_name
    except DomainError:
        return code


def days_left(due: date | None, today: date) -> int | None:
    if due is None:
        return None
    if isinstance(due, datetime):
        due = due.date()
    return (due - today).days


def text_of(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)
