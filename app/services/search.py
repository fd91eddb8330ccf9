"""Application search (办件查询) for lists of any size: filters, sort, and pages read with Core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, and_, func, or_, select

from app.domain.workflow import OPEN_STATUSES, Status
from app.models import Application, OutboxEntry
from app.services.context import ServiceContext

_apps = cast(Table, Application.__table__)
LIST_COLUMNS = (
    _apps.c.id,
    _apps.c.uuid,
    _apps.c.number,
    _apps.c.item_code,
    _apps.c.status,
    _apps.c.id_number,
    _apps.c.applicant_name,
    _apps.c.company_name,
    _apps.c.received_at,
    _apps.c.due_on,
    _apps.c.sync_state,
    _apps.c.created_by,
    _apps.c.updated_at,
)
SORTABLE = {c.name: c for c in LIST_COLUMNS}
MIN_SUFFIX, NUMBER_LENGTH = 4, 20  # the end of an application number worth a scan; a whole one


@dataclass(frozen=True)
class Filters:
    text: str = ""  # number, ID number, name or company, as typed
    statuses: tuple[str, ...] = ()
    item_codes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    created_by: str | None = None


def _where(stmt: Select[Any], f: Filters) -> Select[Any]:
    conds = []
    text = f.text.strip()
    if text:
        if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "Xx"):
            # Digits: application numbers and ID numbers are matched by prefix, which uses their indexes; the
            # clerk often reads only the end of an application number off the receipt ("010015").
            digits = [_apps.c.number.startswith(text), _apps.c.id_number.startswith(text.upper())]
            if MIN_SUFFIX <= len(text) < NUMBER_LENGTH and text.isdigit():
                digits.append(_apps.c.number.endswith(text))
            conds.append(or_(*digits))
        else:
            like = f"%{text}%"
            conds.append(
                or_(
                    _apps.c.applicant_name.like(like),
                    _apps.c.company_name.like(like),
                    _apps.c.certificate_number.like(like),
                )
            )
    if f.statuses:
        conds.append(_apps.c.status.in_(f.statuses))
    if f.item_codes:
        conds.append(_apps.c.item_code.in_(f.item_codes))
    if f.date_from:
        conds.append(_apps.c.created_at >= datetime.combine(f.date_from, datetime.min.time()))
    if f.date_to:
        conds.append(
            _apps.c.created_at < datetime.combine(f.date_to + timedelta(days=1), datetime.min.time())
        )
    if f.created_by:
        conds.append(_apps.c.created_by == f.created_by)
    return stmt.where(and_(*conds)) if conds else stmt


def count(ctx: ServiceContext, f: Filters) -> int:
    with ctx.store.engine.connect() as conn:
        return int(conn.execute(_where(select(func.count()).select_from(_apps), f)).scalar() or 0)


def page(
    ctx: ServiceContext, f: Filters, *, offset: int, limit: int, sort: str = "id", descending: bool = True
) -> list[dict[str, Any]]:
    """One page of list rows as plain dicts."""
    col = SORTABLE.get(sort, _apps.c.id)
    order = [col.desc() if descending else col.asc(), _apps.c.id.desc() if descending else _apps.c.id.asc()]
    stmt = _where(select(*LIST_COLUMNS), f).order_by(*order).offset(offset).limit(limit)
    with ctx.store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


@dataclass(frozen=True)
class Dashboard:
    """The clerk's "today" screen: counts and the lists that need a look."""

    by_status: dict[str, int]
    due_soon: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    attention: list[dict[str, Any]]


REVIEW_STATUSES = (Status.ACCEPTED.value, Status.UNDER_REVIEW.value)


def dashboard(
    ctx: ServiceContext,
    username: str | None,
    *,
    soon_days: int = 2,
    limit: int = 200,
    reviewer: bool = False,
) -> Dashboard:
    """A clerk's own applications; for a reviewer (审核人) the queue every supervisor works from (accepted or under
    review, whoever received them) plus what this reviewer decided."""
    today = ctx.today()
    soon = ctx.calendar.add_working_days(today, soon_days)
    mine: list[Any] = [_apps.c.created_by == username] if username else []
    open_codes = [s.value for s in OPEN_STATUSES]
    if reviewer:
        decided = [_apps.c.decided_by == username] if username else []
        mine = [or_(_apps.c.status.in_(REVIEW_STATUSES), *decided)]
        open_codes = list(REVIEW_STATUSES)
    with ctx.store.engine.connect() as conn:
        by_status = {
            r.status: r.n
            for r in conn.execute(
                select(_apps.c.status, func.count().label("n")).where(*mine).group_by(_apps.c.status)
            )
        }

        def rows(*conds: Any) -> list[dict[str, Any]]:
            stmt = select(*LIST_COLUMNS).where(*mine, *conds).order_by(_apps.c.due_on).limit(limit)
            return [dict(r._mapping) for r in conn.execute(stmt)]

        overdue = rows(_apps.c.status.in_(open_codes), _apps.c.due_on < today)
        due_soon = rows(_apps.c.status.in_(open_codes), _apps.c.due_on >= today, _apps.c.due_on <= soon)
        corrections = rows(_apps.c.status == Status.CORRECTION.value)
        ob = cast(Table, OutboxEntry.__table__)
        attention = [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    ob.c.id, ob.c.op, ob.c.entity_id, ob.c.result_code, ob.c.result_message, ob.c.created_at
                )
                .where(
                    ob.c.state == "rejected",
                    ob.c.acknowledged.is_(False),
                    *([ob.c.created_by == username] if username else []),
                )
                .order_by(ob.c.id)
                .limit(limit)
            )
        ]
    return Dashboard(by_status, due_soon, overdue, corrections, attention)
