"""The working calendar of one year (法定节假日与调休上班日), as the central store keeps it and feeds it to counters.

resources/holidays.yaml carries the years the program shipped with; a year entered by an administrator at the
centre reaches every counter through the registry feed (kind "holiday") and replaces the shipped list for that year.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.domain.calendar import YearDays
from app.models.base import Base


class CalendarYear(Base):
    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates, every day off (not only the first)
    workdays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates of make-up working days (调休上班)
    notice: Mapped[str | None] = mapped_column(String(128))  # the State Council notice it was taken from
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]


def year_payload(year: YearDays, notice: str | None, updated_by: str) -> dict[str, Any]:
    """A year as the feed and the API carry it: sorted ISO dates."""
    return {
        "year": year.year,
        "holidays": sorted(d.isoformat() for d in year.holidays),
        "workdays": sorted(d.isoformat() for d in year.workdays),
        "notice": notice,
        "updated_by": updated_by,
    }


def store_year(s: Session, data: dict[str, Any], now: datetime) -> CalendarYear:
    """Insert or replace one year's row from a payload of `year_payload`'s shape (both sides use this)."""
    year = int(data["year"])
    row = s.get(CalendarYear, year)
    if row is None:
        row = CalendarYear(year=year, holidays=[], workdays=[], updated_by="", updated_at=now)
        s.add(row)
    row.holidays = sorted(str(d) for d in data.get("holidays") or [])
    row.workdays = sorted(str(d) for d in data.get("workdays") or [])
    row.notice = data.get("notice")
    row.updated_by = str(data.get("updated_by") or "central")[:32]
    row.updated_at = now
    return row


def entered_years(s: Session) -> list[YearDays]:
    """Every year entered at the centre, for `WorkCalendar.with_years` (the counter's and the centre's)."""
    return [
        YearDays(
            r.year,
            frozenset(date.fromisoformat(d) for d in r.holidays),
            frozenset(date.fromisoformat(d) for d in r.workdays),
        )
        for r in s.execute(select(CalendarYear)).scalars()
    ]
