"""The working calendar at the central store (节假日设置): read a year, and an administrator's entry of a year.

The central store owns the calendar. An entered year is one row of `calendar_years` and one change of the
registry stream (kind "holiday", for every unit), so it reaches every counter with the next pull; the counter
lays it over the holidays it shipped with (app/services/calendar.py). The entry is checked by the same domain
rules the admin screen uses (app/domain/calendar.check_year) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from app.central.auth import Principal, utcnow
from app.central.feed import Journal
from app.domain.calendar import check_year
from app.domain.errors import NotFoundError
from app.models import CalendarYear
from app.models.calendar import store_year, year_payload
from app.models.db import Store


class YearEntry(BaseModel):
    holidays: list[date] = Field(description="放假日期（每一天都列出，含周末）")
    workdays: list[date] = Field(default_factory=list, description="调休上班日期")
    notice: str | None = Field(
        default=None, max_length=128, description="依据的通知，如 国办发明电〔2026〕X号"
    )


def _answer(row: CalendarYear) -> dict[str, Any]:
    return {
        "year": row.year,
        "holidays": list(row.holidays),
        "workdays": list(row.workdays),
        "notice": row.notice,
        "updated_by": row.updated_by,
        "updated_at": row.updated_at.isoformat(),
    }


def router(store: Store, admin_only: Callable[..., Principal], anyone: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(tags=["calendar"])
    year_path = PathParam(ge=2000, le=2100, description="年份")

    @r.get("/calendar/{year}")
    def get_year(year: int = year_path, p: Principal = Depends(anyone)) -> dict[str, Any]:
        with store.read() as s:
            row = s.get(CalendarYear, year)
            if row is None:
                raise NotFoundError(
                    "CALENDAR_YEAR_MISSING",
                    f"中心库尚未录入{year}年的法定节假日",
                    field="year",
                    fix="请管理员在“节假日设置”中录入。",
                )
            return _answer(row)

    @r.put("/admin/calendar/{year}")
    def put_year(req: YearEntry, year: int = year_path, p: Principal = Depends(admin_only)) -> dict[str, Any]:
        """Enter or replace one year's holidays and make-up working days; fed to every counter."""
        days = check_year(year, req.holidays, req.workdays)
        data = year_payload(days, req.notice, p.username)
        now = utcnow()
        with store.write() as s:
            row = store_year(s, data, now)
            s.flush()
            journal = Journal()
            journal.change("registry", "holiday", str(year), "upsert", data)
            journal.audit(
                p.username,
                "central.calendar_put",
                "calendar",
                str(year),
                {"holidays": len(days.holidays), "workdays": len(days.workdays), "notice": req.notice},
            )
            journal.flush(s, now)
            return _answer(row)

    return r
