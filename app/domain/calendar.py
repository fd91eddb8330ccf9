"""Working-day arithmetic for statutory time limits (法定办结时限), with holidays kept as data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from app.paths import load_yaml, resource_path


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself does not count)."""
        day = start
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def _dates(entries: list[object]) -> set[date]:
    out: set[date] = set()
    for entry in entries or []:
        if isinstance(entry, list):
            first, last = entry
            day = first
            while day <= last:
                out.add(day)
                day += timedelta(days=1)
        elif isinstance(entry, date):
            out.add(entry)
    return out


def load_calendar(path: Path | None = None) -> WorkCalendar:
    raw = load_yaml((path or resource_path("holidays.yaml")).read_text(encoding="utf-8")) or {}
    return WorkCalendar(
        frozenset(_dates(raw.get("holidays", []))), frozenset(_dates(raw.get("workdays", [])))
    )


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    return load_calendar()
