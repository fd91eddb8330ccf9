"""节假日设置 and the due-date warning: the year is checked before it goes to the central store; screens with due
dates warn from 1 November while next year is missing, and stop once it arrives."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.domain.calendar import YearDays
from app.models import CalendarYear
from app.services.calendar import calendar_changed
from app.ui.admin_calendar import AdminCalendarScreen
from app.ui.tasks import TaskRunner
from app.ui.today import TodayScreen
from tests.ui.shell_support import wait_idle

DECEMBER = datetime(2026, 12, 2, 9, 0)


def _screen(qtbot, ctx, admin, submit):
    runner = TaskRunner()
    screen = AdminCalendarScreen(ctx, admin, runner, submit)
    qtbot.addWidget(screen)
    screen.resize(900, 620)
    screen.show()
    wait_idle(qtbot, runner)
    return screen, runner


def test_next_year_is_offered_checked_and_sent(qtbot, ctx, admin, tmp_path: Path) -> None:
    ctx.clock = lambda: DECEMBER
    sent: list[tuple[YearDays, str | None]] = []

    def submit(days: YearDays, notice: str | None) -> dict:
        sent.append((days, notice))
        return {"year": days.year}

    screen, runner = _screen(qtbot, ctx, admin, submit)
    assert screen.year.value() == 2027
    assert "尚未录入" in screen.source.text() and screen.holidays.toPlainText() == ""
    assert screen.calendar_banner.isVisible() and "2027年法定节假日尚未录入" in screen.calendar_banner.text()

    screen.holidays.setPlainText("2027-01-01~2027-01-03\n2027-02-30")
    screen.save()
    assert "放假日期中的“2027-02-30”不是日期" in screen.error.text() and sent == []
    screen.holidays.setPlainText("2027-01-01~2027-01-03")
    screen.workdays.setPlainText("2027-01-04")  # a Monday: make-up days are weekend days
    screen.save()
    assert "调休上班日2027-01-04是工作日（星期一）" in screen.error.text() and sent == []
    screen.workdays.setPlainText("")
    screen.notice.setText("测试录入")
    with qtbot.waitSignal(screen.saved, timeout=5000):
        screen.save()
    assert sent[0][0].holidays == {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}
    assert sent[0][1] == "测试录入" and "已保存到中心库" in screen.message.text()
    screen.grab().save(str(tmp_path / "admin_calendar.png"))
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_shipped_year_is_shown_folded_into_ranges(qtbot, ctx, admin) -> None:
    ctx.clock = lambda: DECEMBER
    screen, runner = _screen(qtbot, ctx, admin, None)
    with qtbot.waitSignal(screen.loaded, timeout=5000):
        screen.year.setValue(2026)
    assert screen.source.text() == "程序自带的节假日表"
    assert "2026-10-01~2026-10-07" in screen.holidays.toPlainText().splitlines()
    assert "2026-10-10" in screen.workdays.toPlainText().splitlines()
    assert not screen.save_button.isEnabled() and "未连接中心库" in screen.message.text()
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_today_warns_until_next_year_arrives(qtbot, ctx, clerk, tmp_path: Path) -> None:
    ctx.clock = lambda: DECEMBER
    runner = TaskRunner()
    today = TodayScreen(ctx, clerk, runner)
    qtbot.addWidget(today)
    today.resize(1100, 700)
    today.show()
    wait_idle(qtbot, runner)
    assert today.calendar_banner.isVisible()
    today.grab().save(str(tmp_path / "today_warning.png"))
    with ctx.store.write() as s:  # what the pull of a "holiday" change writes
        s.add(
            CalendarYear(
                year=2027, holidays=["2027-01-01"], workdays=[], updated_by="admin", updated_at=DECEMBER
            )
        )
    calendar_changed()
    today.refresh()
    wait_idle(qtbot, runner)
    assert not today.calendar_banner.isVisible()
    runner.shutdown()


def test_administrators_find_both_screens_in_the_window(qtbot, demo_ctx, admin, clerk) -> None:
    from app.ui.desktop_services import add_back_office_screens
    from tests.ui.shell_support import close_window, make_window

    win, runner = make_window(qtbot, demo_ctx, admin)
    add_back_office_screens(win, demo_ctx, runner, None)  # no sync session: view and check only
    assert {"admin_calendar", "register_import"} <= set(win.visible_screens())
    calendar = win.show_screen("admin_calendar")
    register = win.show_screen("register_import")
    wait_idle(qtbot, runner)
    assert not calendar.save_button.isEnabled() and not register.import_button.isEnabled()
    close_window(win, runner)

    win, runner = make_window(qtbot, demo_ctx, clerk)
    add_back_office_screens(win, demo_ctx, runner, None)
    assert win.screen("admin_calendar") is None and win.screen("register_import") is None
    close_window(win, runner)
