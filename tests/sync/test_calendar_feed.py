"""The central store owns the calendar: an administrator enters a year there, every counter's due dates honour it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.calendar import YearDays, load_calendar
from app.models import CalendarYear
from app.services import intake
from app.services.context import Actor
from app.sync.calendar_client import get_year, put_year
from app.sync.client import Refused
from tests.services.scenarios import fixed_clock
from tests.sync.helpers import CLERK, UNIT, Central, counter, eligible, submitted, worker

SUPERVISOR = Actor("sup01", "supervisor", "李静", UNIT)
# Test data: an administrator's entry, not the official 2027 schedule (not published when this was written).
NEW_YEAR_2027 = YearDays(2027, frozenset({date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}), frozenset())


def test_a_2027_due_date_honours_a_holiday_entered_centrally(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "desk", "WS-01")
    fixed_clock(desk, datetime(2026, 12, 30, 9, 0))
    before = desk.calendar.add_working_days(date(2026, 12, 30), 5)
    assert before == date(2027, 1, 6)
    assert desk.calendar.next_year_warning(date(2026, 12, 30)) is not None

    answer = put_year(central.client("admin"), NEW_YEAR_2027, "测试录入")
    assert answer["holidays"] == ["2027-01-01", "2027-01-02", "2027-01-03"]
    assert get_year(central.client("clerk01"), 2027)["updated_by"] == "admin"
    assert worker(desk, central, "clerk01").run_once().error is None

    with desk.store.read() as s:
        assert s.get(CalendarYear, 2027) is not None
    assert desk.calendar.add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)
    assert desk.calendar.next_year_warning(date(2026, 12, 30)) is None
    # A real application received on 30 December: the acceptance time limit skips New Year's Day.
    uid = submitted(desk, CLERK, eligible(desk), "TZ-FIRST")
    assert intake.get(desk, uid).due_on == date(2027, 1, 7)


def test_only_an_administrator_enters_a_year_and_a_wrong_entry_says_why(central: Central) -> None:
    with pytest.raises(Refused) as info:
        put_year(central.client("clerk01"), NEW_YEAR_2027, None)
    assert info.value.status == 403
    bad = YearDays(2027, frozenset({date(2027, 1, 1)}), frozenset({date(2027, 1, 4)}))
    with pytest.raises(Refused) as info:
        put_year(central.client("admin"), bad, None)
    assert "调休上班日2027-01-04是工作日" in str(info.value.body)
    with central.store.read() as s:
        assert s.execute(select(CalendarYear)).first() is None


def test_the_2026_schedule_entered_centrally_matches_the_shipped_one(
    central: Central, tmp_path: Path
) -> None:
    shipped = load_calendar()
    desk = counter(tmp_path / "desk", "WS-01")
    put_year(central.client("admin"), shipped.year_days(2026), "国办发明电〔2025〕")
    assert worker(desk, central, "clerk01").run_once().error is None
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert desk.calendar.add_working_days(day, 10) == shipped.add_working_days(day, 10), day
        day = date.fromordinal(day.toordinal() + 1)
