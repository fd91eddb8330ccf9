"""Ledgers as Excel workbooks (台账): the daily ledger, applications of a period, overdue applications.

Statistics are in app.services.reports. Row-by-row exports stream from the database (`yield_per`) into
openpyxl write-only sheets, so 100,000 applications cost the memory of a few thousand. Every export takes an optional `progress(done, total)` callback;
returning False cancels it (the file is only written at the end, so nothing is left behind).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.domain.workflow import STATUS_NAMES, Status
from app.excel.report_columns import (
    APPLICATION_COLUMNS,
)
from app.excel.table import DATE, DATETIME, INTEGER, Col, ReportSheet, day_bounds, new_book
from app.models import Application, AuditEvent
from app.services.context import ServiceContext
from app.services.export_support import Names, Progress, Ticker, check_period, count, finish, stream

OVERDUE_STATUSES = (Status.RECEIVED.value, Status.ACCEPTED.value, Status.UNDER_REVIEW.value)
_APP_FIELDS = (
    Application.number,
    Application.item_code,
    Application.family,
    Application.applicant_name,
    Application.id_number,
    Application.company_name,
    Application.status,
    Application.received_by,
    Application.received_at,
    Application.accepted_by,
    Application.accepted_at,
    Application.decided_by,
    Application.decided_at,
    Application.due_on,
    Application.certificate_number,
    Application.reason,
)


def _write_applications(sheet: ReportSheet, rows: Iterator[Any], names: Names, ticker: Ticker) -> None:
    for n, r in enumerate(rows, start=1):
        sheet.append(
            [
                n,
                r.number,
                names.item(r.item_code),
                names.family(r.family),
                r.applicant_name,
                r.id_number,
                r.company_name,
                names.status(r.status),
                names.user(r.received_by),
                r.received_at,
                names.user(r.accepted_by),
                r.accepted_at,
                names.user(r.decided_by),
                r.decided_at,
                r.due_on,
                r.certificate_number,
                r.reason,
            ]
        )
        ticker.tick()


def export_ledger(
    ctx: ServiceContext,
    day: date,
    path: str | Path,
    *,
    clerk: str | None = None,
    unit_code: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """The daily ledger (每日台账) of the unit (default: this workstation's), or of one clerk: every application
    received, accepted or decided that day, and a summary of each person's actions taken from the audit trail."""
    path = Path(path)
    unit = unit_code or ctx.workstation.unit_code
    start, end = day_bounds(day)
    touched = or_(
        and_(Application.received_at >= start, Application.received_at < end),
        and_(Application.accepted_at >= start, Application.accepted_at < end),
        and_(Application.decided_at >= start, Application.decided_at < end),
    )
    query = select(*_APP_FIELDS).where(touched, Application.unit_code == unit)
    if clerk:
        query = query.where(
            or_(
                Application.received_by == clerk,
                Application.accepted_by == clerk,
                Application.decided_by == clerk,
            )
        )
    query = query.order_by(Application.received_at, Application.id)
    actions = select(AuditEvent.actor, AuditEvent.action, func.count()).where(
        AuditEvent.entity == "application", AuditEvent.at >= start, AuditEvent.at < end
    )
    if clerk:
        actions = actions.where(AuditEvent.actor == clerk)
    wb = new_book()
    with ctx.store.read() as s:
        names = Names(ctx, s)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for actor, action, n in s.execute(actions.group_by(AuditEvent.actor, AuditEvent.action)):
            counts[actor][action.removeprefix("application.")] += n
        summary_actions = (
            "submit",
            "accept",
            "refuse",
            "request_correction",
            "withdraw",
            "approve",
            "return",
        )
        summary = ReportSheet(
            wb,
            "经办汇总",
            [Col("经办人", 12), Col("账号", 10)]
            + [
                Col(h, 10, INTEGER)
                for h in ("收件", "受理", "不予受理", "补正告知", "撤回", "审核通过", "退件")
            ]
            + [Col("合计", 10, INTEGER)],
        )
        for actor in sorted(counts):
            row = [counts[actor][a] for a in summary_actions]
            summary.append([names.user(actor), actor, *row, sum(row)])
        ticker = Ticker(progress, count(s, query), path)
        ledger = ReportSheet(wb, f"{day:%Y-%m-%d}台账", APPLICATION_COLUMNS)
        _write_applications(ledger, stream(s, query), names, ticker)
    return finish(wb, path, ticker)


def export_applications(
    ctx: ServiceContext,
    date_from: date,
    date_to: date,
    path: str | Path,
    *,
    item_code: str | None = None,
    status: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Applications received in a period (both days included): a count by item and status, then the list."""
    path = Path(path)
    check_period(date_from, date_to)
    start, end = day_bounds(date_from)[0], day_bounds(date_to)[1]
    where = [Application.received_at >= start, Application.received_at < end]
    if item_code:
        where.append(Application.item_code == item_code)
    if status:
        where.append(Application.status == status)
    statuses = [st for st in Status if st is not Status.DRAFT]
    wb = new_book()
    with ctx.store.read() as s:
        names = Names(ctx, s)
        grouped: dict[str, Counter[str]] = defaultdict(Counter)
        q = select(Application.item_code, Application.status, func.count()).where(*where)
        for code, st, n in s.execute(q.group_by(Application.item_code, Application.status)):
            grouped[code][st] += n
        summary = ReportSheet(
            wb,
            "按事项和状态汇总",
            [Col("事项编码", 14), Col("事项名称", 34)]
            + [Col(STATUS_NAMES[st], 10, INTEGER) for st in statuses]
            + [Col("合计", 10, INTEGER)],
        )
        order = list(ctx.catalogue.items)
        for code in sorted(grouped, key=lambda c: (order.index(c) if c in order else len(order), c)):
            row = [grouped[code][st.value] for st in statuses]
            summary.append([code, names.item(code), *row, sum(row)])
        totals = [sum(grouped[c][st.value] for c in grouped) for st in statuses]
        summary.append(["合计", None, *totals, sum(totals)])
        query = select(*_APP_FIELDS).where(*where).order_by(Application.received_at, Application.id)
        ticker = Ticker(progress, count(s, query), path)
        details = ReportSheet(wb, "办件明细", APPLICATION_COLUMNS)
        _write_applications(details, stream(s, query), names, ticker)
    return finish(wb, path, ticker)


def export_overdue(
    ctx: ServiceContext, path: str | Path, *, on: date | None = None, progress: Progress | None = None
) -> Path:
    """Open applications past their due date (超期办件) as of `on` (default today), most overdue first."""
    path = Path(path)
    today = on or ctx.today()
    query = (
        select(*_APP_FIELDS)
        .where(Application.status.in_(OVERDUE_STATUSES), Application.due_on < today)
        .order_by(Application.due_on, Application.id)
    )
    columns = [
        *APPLICATION_COLUMNS[:8],
        Col("应办结日期", 12, DATE),
        Col("超期工作日", 10, INTEGER),
        Col("超期自然日", 10, INTEGER),
        Col("当前经办人", 10),
        Col("收件时间", 17, DATETIME),
        Col("受理时间", 17, DATETIME),
    ]
    wb = new_book()
    with ctx.store.read() as s:
        names = Names(ctx, s)
        ticker = Ticker(progress, count(s, query), path)
        sheet = ReportSheet(wb, f"超期办件（截至{today:%Y-%m-%d}）", columns)
        for n, r in enumerate(stream(s, query), start=1):
            holder = r.accepted_by if r.status != Status.RECEIVED.value else r.received_by
            sheet.append(
                [
                    n,
                    r.number,
                    names.item(r.item_code),
                    names.family(r.family),
                    r.applicant_name,
                    r.id_number,
                    r.company_name,
                    names.status(r.status),
                    r.due_on,
                    ctx.calendar.working_days_between(r.due_on, today),
                    (today - r.due_on).days,
                    names.user(holder),
                    r.received_at,
                    r.accepted_at,
                ]
            )
            ticker.tick()
    return finish(wb, path, ticker)
