"""节假日设置 (administrators only): one year's days off and make-up working days, saved at the central store.

The central store owns the calendar: saving sends the year there (`submit`, wired by the desktop services to
the sync session), and it comes back to this and every other counter through the change feed. What the screen
shows is what this counter counts with now: a year entered centrally, the shipped list, or nothing yet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import YearDays, check_year
from app.domain.errors import DomainError
from app.services.calendar import YearView, parse_days, year_view
from app.services.context import Actor, ServiceContext
from app.ui import calendar_banner
from app.ui.dialog_parts import error_label
from app.ui.screen_parts import screen_heading, show_failure
from app.ui.tasks import TaskRunner

Submit = Callable[[YearDays, str | None], dict[str, Any]]


def _lines(days: list[date]) -> str:
    """Days as the administrator reads them: consecutive days folded into one "first~last" line."""
    out: list[str] = []
    run: list[date] = []
    for day in sorted(days):
        if run and day.toordinal() == run[-1].toordinal() + 1:
            run.append(day)
            continue
        if run:
            out.append(_run_text(run))
        run = [day]
    if run:
        out.append(_run_text(run))
    return "\n".join(out)


def _run_text(run: list[date]) -> str:
    return run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}~{run[-1].isoformat()}"


class AdminCalendarScreen(QWidget):
    loaded = Signal(object)  # YearView
    saved = Signal(dict)
    failed = Signal(str)

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        submit: Submit | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminCalendarScreen")
        self._ctx, self._actor, self._runner, self._submit = ctx, actor, runner, submit
        title, hint = screen_heading(
            self.tr("节假日设置"),
            self.tr(
                "按国务院办公厅每年发布的节假日安排通知录入。保存后由中心库下发到各窗口，办结时限按此计算。"
                "放假日期每行一天或一段（如 2026-10-01~2026-10-07），包括其中的周末。"
            ),
        )
        today = ctx.today()
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year + 1 if today.month >= 11 else today.year)
        self.year.valueChanged.connect(lambda _v: self.load())
        self.source = QLabel("")
        self.source.setObjectName("source")
        self.holidays = QPlainTextEdit()
        self.holidays.setObjectName("holidays")
        self.holidays.setPlaceholderText(self.tr("例如：\n2026-01-01~2026-01-03\n2026-02-15~2026-02-23"))
        self.workdays = QPlainTextEdit()
        self.workdays.setObjectName("workdays")
        self.workdays.setPlaceholderText(self.tr("例如：\n2026-01-04\n2026-02-14"))
        self.notice = QLineEdit()
        self.notice.setObjectName("notice")
        self.notice.setPlaceholderText(self.tr("依据的通知，如 国务院办公厅关于2026年部分节假日安排的通知"))
        self.error = error_label("calendarError")
        self.message = QLabel("")
        self.message.setObjectName("calendarMessage")
        self.save_button = QPushButton(self.tr("保存到中心库"))
        self.save_button.setObjectName("saveCalendar")
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.save_button.setEnabled(submit is not None)
        if submit is None:
            self.message.setText(self.tr("未连接中心库：只能查看，不能保存。"))
        form = QFormLayout()
        form.addRow(self.tr("年份"), self.year)
        form.addRow(self.tr("当前依据"), self.source)
        days = QHBoxLayout()
        for label, edit in ((self.tr("放假日期"), self.holidays), (self.tr("调休上班日期"), self.workdays)):
            column = QVBoxLayout()
            column.addWidget(QLabel(label))
            column.addWidget(edit, 1)
            days.addLayout(column, 1)
        form.addRow(self.tr("通知"), self.notice)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(days, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    def refresh(self) -> None:
        self.load()

    def load(self) -> None:
        ctx, year = self._ctx, self.year.value()
        base = getattr(ctx.calendar, "base", ctx.calendar)
        self._runner.run_db(
            lambda: year_view(ctx.store, base, year),
            self._show,
            self._failed,
            name="calendar.load",
            owner=self,
        )

    def _show(self, view: YearView) -> None:
        if view.year != self.year.value():
            return  # the administrator moved on to another year meanwhile
        if view.source == "entered":
            stamp = view.updated_at.strftime("%Y-%m-%d %H:%M") if view.updated_at else ""
            text = self.tr("中心库录入（{who}，{when}）").format(who=view.updated_by or "", when=stamp)
        elif view.source == "shipped":
            text = self.tr("程序自带的节假日表")
        else:
            text = self.tr("尚未录入：该年办结时限按无节假日计算")
        self.source.setText(text)
        self.source.setStyleSheet("" if view.source != "none" else "color: #b00020;")
        self.holidays.setPlainText(_lines(view.holidays))
        self.workdays.setPlainText(_lines(view.workdays))
        self.notice.setText(view.notice or "")
        self.error.setText("")
        self.calendar_banner.refresh()
        self.loaded.emit(view)

    def _entry(self) -> YearDays:
        year = self.year.value()
        parsed: dict[str, list[date]] = {}
        for key, edit, label in (
            ("holidays", self.holidays, self.tr("放假日期")),
            ("workdays", self.workdays, self.tr("调休上班日期")),
        ):
            try:
                parsed[key] = parse_days(edit.toPlainText())
            except ValueError as err:
                raise DomainError(
                    "CALENDAR_DATE",
                    self.tr("{field}中的“{text}”不是日期").format(field=label, text=str(err)),
                    field=key,
                    fix=self.tr("请按 2027-01-01 的格式填写，一段日期写成 2027-01-01~2027-01-03。"),
                ) from None
        return check_year(year, parsed["holidays"], parsed["workdays"])

    def save(self) -> None:
        try:
            entry = self._entry()
        except DomainError as err:
            self._failed(err)
            return
        submit = self._submit
        if submit is None:
            return
        notice = self.notice.text().strip() or None
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("正在保存到中心库…"))
        self._runner.run_io(lambda: submit(entry, notice), self._saved, self._failed, owner=self)

    def _saved(self, answer: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.error.setText("")
        self.message.setText(
            self.tr("{year}年节假日已保存到中心库，各窗口同步后生效。").format(year=answer.get("year"))
        )
        self.saved.emit(answer)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(self._submit is not None)
        self.failed.emit(show_failure(exc, self.error, self.message))
