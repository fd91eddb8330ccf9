"""The line every screen with due dates shows from 1 November while next year's holidays are not entered."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.services.context import ServiceContext
from app.ui.tasks import TaskRunner

STYLE = "background: #fff4e5; color: #8a5a00; border: 1px solid #f0c36d; padding: 4px 8px;"


class CalendarBanner(QLabel):
    """Hidden unless the calendar warns; its screen calls `refresh` whenever it reloads (the year may arrive)."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("calendarBanner")
        self.setWordWrap(True)
        self.setStyleSheet(STYLE)
        self.setVisible(False)
        self._ctx, self._runner = ctx, runner
        self.refresh()

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run_db(
            lambda: ctx.calendar.next_year_warning(ctx.today()),
            self.show_warning,
            lambda _exc: None,
            name=f"calendar-banner-{id(self)}",
            owner=self,
        )

    def show_warning(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


def attach(parent_layout: object, ctx: ServiceContext, runner: TaskRunner, index: int = 1) -> CalendarBanner:
    """Put a banner into a screen's vertical layout (below its title) and return it."""
    banner = CalendarBanner(ctx, runner)
    parent_layout.insertWidget(index, banner)  # type: ignore[attr-defined]
    return banner
