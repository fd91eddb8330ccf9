"""Working-day arithmetic for statutory time limits (法定办结时限), with holidays kept as data.

The shipped list (resources/holidays.yaml) covers the years known when the program was built; the State Council
announces each next year in November or December, and an administrator enters it at the central store, which
feeds it to every counter. `with_years` lays the entered years over the shipped list. A year on neither list
is counted as if it had no holidays; `next_year_warning` says so from 1 November, so that every screen that
shows a due date can warn while next year is still missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from app.paths import load_yaml, resource_path

WARN_FROM_MONTH = 11  # the notice for next year usually comes out in November


class Calendar(Protocol):
    """What services need of a calendar; `WorkCalendar` and the store-backed one both provide it."""

    def is_working_day(self, day: date) -> bool: ...

    def add_working_days(self, start: date, days: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...

    def covers(self, year: int) -> bool: ...

    def next_year_warning(self, today: date) -> str | None: ...


@dataclass(frozen=True)
class YearDays:
    """One year's days off and make-up working days, as an administrator enters them."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    def __post_init__(self) -> None:
        wrong = sorted(d for d in self.holidays | self.workdays if d.year != self.year)
        if wrong:
            raise ValueError(f"{wrong[0]:%Y-%m-%d} is not in {self.year}")


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date]
    workdays: frozenset[date]
    years: frozenset[int] = frozenset()  # the years these lists cover (a year may have no make-up days)

    def covers(self, year: int) -> bool:
        return year in self.years

    def next_year_warning(self, today: date) -> str | None:
        """From 1 November: a warning while next year's holidays are not entered, else None."""
        year = today.year + 1
        if today.month < WARN_FROM_MONTH or self.covers(year):
            return None
        return (
            f"{year}年法定节假日尚未录入，{year}年的办结时限暂按无节假日计算，可能偏早；"
            f"请管理员在“节假日设置”中录入{year}年放假和调休上班日期"
        )

    def with_years(self, entered: Iterable[YearDays]) -> WorkCalendar:
        """This calendar with each entered year's days replacing whatever it had for that year."""
        entries = {e.year: e for e in entered}
        if not entries:
            return self
        keep_h = {d for d in self.holidays if d.year not in entries}
        keep_w = {d for d in self.workdays if d.year not in entries}
        for e in entries.values():
            keep_h |= e.holidays
            keep_w |= e.workdays
        return WorkCalendar(frozenset(keep_h), frozenset(keep_w), self.years | frozenset(entries))

    def year_days(self, year: int) -> YearDays:
        return YearDays(
            year,
            frozenset(d for d in self.holidays if d.year == year),
            frozenset(d for d in self.workdays if d.year == year),
        )

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
    holidays = frozenset(_dates(raw.get("holidays", [])))
    return WorkCalendar(
        holidays,
        frozenset(_dates(raw.get("workdays", []))),
        frozenset(d.year for d in holidays),
    )


def year_entries(entries: Mapping[int, tuple[Iterable[date], Iterable[date]]]) -> list[YearDays]:
    return [YearDays(year, frozenset(h), frozenset(w)) for year, (h, w) in entries.items()]


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    return load_calendar()


def check_year(year: int, holidays: Iterable[date], workdays: Iterable[date]) -> YearDays:
    """An administrator's entry for one year, checked: every problem named in one DomainError, or the entry."""
    from app.domain.errors import DomainError

    h, w = frozenset(holidays), frozenset(workdays)
    problems: list[str] = []
    if not 2000 <= year <= 2100:
        problems.append(f"年份{year}不在2000至2100之间")
    outside = sorted(d for d in h | w if d.year != year)
    if outside:
        problems.append(f"{outside[0]:%Y-%m-%d}不是{year}年的日期")
    both = sorted(h & w)
    if both:
        problems.append(f"{both[0]:%Y-%m-%d}同时填成了放假日和调休上班日")
    weekday_workdays = sorted(d for d in w if d.weekday() < 5)
    if weekday_workdays:
        day = weekday_workdays[0]
        problems.append(
            f"调休上班日{day:%Y-%m-%d}是工作日（星期{'一二三四五'[day.weekday()]}），只需填写周末上班的日期"
        )
    if not h:
        problems.append(f"没有填写{year}年的放假日期")
    if problems:
        raise DomainError(
            "CALENDAR_INVALID",
            "；".join(problems),
            field="holidays",
            fix="请按国务院办公厅当年的节假日安排通知核对后重新保存。",
        )
    return YearDays(year, h, w)
