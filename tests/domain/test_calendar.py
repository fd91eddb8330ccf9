"""Working days with the shipped 2026 schedule as the reference, entered years laid over it, next-year warning."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.calendar import WorkCalendar, YearDays, check_year, load_calendar
from app.domain.errors import DomainError

SHIPPED = load_calendar()


def _without(cal: WorkCalendar, year: int) -> WorkCalendar:
    return WorkCalendar(
        frozenset(d for d in cal.holidays if d.year != year),
        frozenset(d for d in cal.workdays if d.year != year),
        cal.years - {year},
    )


def test_2026_reference_days_from_the_state_council_notice() -> None:
    # National Day 1-7 October off, Saturday 10 October worked (国办发明电〔2025〕 schedule as shipped).
    assert SHIPPED.add_working_days(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert SHIPPED.is_working_day(date(2026, 2, 14)) and not SHIPPED.is_working_day(date(2026, 2, 23))
    assert SHIPPED.covers(2026) and not SHIPPED.covers(2027)


def test_a_year_entered_equal_to_the_notice_gives_the_same_due_dates_all_year() -> None:
    entered = _without(SHIPPED, 2026).with_years([SHIPPED.year_days(2026)])
    day = date(2026, 1, 1)
    while day.year == 2026:
        for limit in (5, 10, 20):
            assert entered.add_working_days(day, limit) == SHIPPED.add_working_days(day, limit), (day, limit)
        day += timedelta(days=1)


def test_entered_year_replaces_that_year_only_and_2027_honours_it() -> None:
    assert SHIPPED.add_working_days(date(2026, 12, 30), 5) == date(
        2027, 1, 6
    )  # 2027 counted without holidays
    cal = SHIPPED.with_years([YearDays(2027, frozenset({date(2027, 1, 1)}), frozenset())])
    assert cal.add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)
    assert cal.year_days(2026) == SHIPPED.year_days(2026)


def test_next_year_warning_from_november_until_entered() -> None:
    assert SHIPPED.next_year_warning(date(2026, 10, 31)) is None
    text = SHIPPED.next_year_warning(date(2026, 11, 1))
    assert text is not None and "2027年法定节假日尚未录入" in text
    entered = SHIPPED.with_years([YearDays(2027, frozenset({date(2027, 1, 1)}), frozenset())])
    assert entered.next_year_warning(date(2026, 12, 2)) is None


def test_check_year_names_every_problem() -> None:
    with pytest.raises(DomainError) as info:
        check_year(2027, [date(2026, 12, 31), date(2027, 2, 6)], [date(2027, 2, 6), date(2027, 2, 8)])
    text = info.value.message
    assert "2026-12-31不是2027年的日期" in text
    assert "2027-02-06同时填成了放假日和调休上班日" in text
    assert "调休上班日2027-02-08是工作日（星期一）" in text
    assert check_year(2027, [date(2027, 1, 1)], [date(2027, 1, 9)]).year == 2027
