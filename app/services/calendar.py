"""The working calendar a counter counts due dates with: the shipped holidays plus the years entered centrally.

An administrator enters a year at the central store (app/central/calendar_api.py); the row reaches this counter
through the registry feed (kind "holiday", app/sync/calendar_rows.py) into the local `calendar_years` table.
`EnteredCalendar` lays those rows over the shipped list and re-reads them only after a holiday change was
committed in this process (a generation counter), so due-date arithmetic in loops costs no query per call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.calendar import WorkCalendar, YearDays
from app.models import CalendarYear
from app.models.calendar import entered_years, store_year, year_payload
from app.models.db import Store
from app.services.generations import Cached, Generation

_generation = Generation()


def calendar_changed() -> None:
    """Make every `EnteredCalendar` in this process read the entered years again on its next use."""
    _generation.bump()


class EnteredCalendar:
    """The shipped calendar with the years entered centrally laid over it (a `Calendar`)."""

    def __init__(self, store: Store, base: WorkCalendar) -> None:
        self.store = store
        self.base = base
        self._cached = Cached(_generation, self._read)

    def current(self) -> WorkCalendar:
        return self._cached.get()

    def _read(self) -> WorkCalendar:
        with self.store.read() as s:
            return self.base.with_years(entered_years(s))

    def is_working_day(self, day: date) -> bool:
        return self.current().is_working_day(day)

    def add_working_days(self, start: date, days: int) -> date:
        return self.current().add_working_days(start, days)

    def working_days_between(self, start: date, end: date) -> int:
        return self.current().working_days_between(start, end)

    def covers(self, year: int) -> bool:
        return self.current().covers(year)

    def next_year_warning(self, today: date) -> str | None:
        return self.current().next_year_warning(today)

    def year_days(self, year: int) -> YearDays:
        return self.current().year_days(year)


@dataclass(frozen=True)
class YearView:
    """One year as the administrator's screen shows it."""

    year: int
    holidays: list[date]
    workdays: list[date]
    source: str  # "entered" (from the central store), "shipped" (resources/holidays.yaml) or "none"
    notice: str | None
    updated_by: str | None
    updated_at: datetime | None


def year_view(store: Store, base: WorkCalendar, year: int) -> YearView:
    with store.read() as s:
        row = s.get(CalendarYear, year)
        if row is not None:
            return YearView(
                year,
                [date.fromisoformat(d) for d in row.holidays],
                [date.fromisoformat(d) for d in row.workdays],
                "entered",
                row.notice,
                row.updated_by,
                row.updated_at,
            )
    days = base.year_days(year)
    source = "shipped" if base.covers(year) else "none"
    return YearView(year, sorted(days.holidays), sorted(days.workdays), source, None, None, None)


def parse_days(text: str) -> list[date]:
    """Dates typed one per line or separated by commas; "2027-02-05~2027-02-11" is a range. Raises ValueError
    naming the piece that is not a date."""
    out: list[date] = []
    for piece in _pieces(text):
        try:
            if "~" in piece:
                first, last = (date.fromisoformat(p.strip()) for p in piece.split("~", 1))
                if last < first:
                    raise ValueError(piece)
                day = first
                while day <= last:
                    out.append(day)
                    day = date.fromordinal(day.toordinal() + 1)
            else:
                out.append(date.fromisoformat(piece))
        except ValueError:
            raise ValueError(piece) from None
    return sorted(set(out))


def _pieces(text: str) -> Iterable[str]:
    for line in text.replace("，", ",").replace("、", ",").replace("～", "~").splitlines():
        for piece in line.split(","):
            if piece.strip():
                yield piece.strip()


__all__ = ["EnteredCalendar", "calendar_changed", "entered_years", "store_year", "year_payload", "year_view"]
