"""The working calendar of one year (法定节假日与调休上班日), as the central store keeps it and feeds it to counters.

resources/holidays.yaml carries the years the program shipped with; a year entered by an administrator at the
centre reaches every counter through the registry feed (kind "holiday") and replaces the shipped list for that year.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class CalendarYear(Base):
    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    holidays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates, every day off (not only the first)
    workdays: Mapped[list[str]] = mapped_column(JSON)  # ISO dates of make-up working days (调休上班)
    notice: Mapped[str | None] = mapped_column(String(128))  # the State Council notice it was taken from
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]
