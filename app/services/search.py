"""Application search (办件查询) for lists of any size: filters, sort, and pages read with Core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)

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


@dataclass(frozen=True)
class Filters:
    text: str = ""  # number, ID number, name or company, as typed
    statuses: tuple[str, ...] = ()
    item_codes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    created_by: str | None = None


# A count stops after this many matches: the list says "more than 10,000" instead of reading a million rows.
COUNT_CAP = 10_000
# The 今日工作台 tiles count up to this many applications per status ("999+").
TILE_CAP = 999


def _literal(value: Any) -> BindParameter[Any]:
    """A value SQLite's planner sees (rendered, quoted, at execution): with a bare `?` it cannot tell a narrow
    range from a wide one and scans the table in id order instead of reading the column's index."""
    return bindparam(None, value, literal_execute=True)


def _prefix(col: ColumnElement[Any], prefix: str) -> ColumnElement[bool]:
    """`col` starts with `prefix`, as a range on the column's index (SQLite scans for `LIKE ? || '%'`)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(col >= _literal(prefix), col < _literal(upper))


def _where(stmt: Select[Any], f: Filters) -> Select[Any]:
    conds = []
    text = f.text.strip()
    if text:
        if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "Xx"):
            # Digits: application numbers and ID numbers, by prefix.
            conds.append(or_(_prefix(_apps.c.number, text), _prefix(_apps.c.id_number, text.upper())))
        else:
            # A name, company or certificate number as the clerk starts typing it: by prefix, on their indexes.
            conds.append(
                or_(
                    _prefix(_apps.c.applicant_name, text),
                    _prefix(_apps.c.company_name, text),
                    _prefix(_apps.c.certificate_number, text.upper()),
                )
            )
    if f.statuses:
        conds.append(_apps.c.status.in_(f.statuses))
    if f.item_codes:
        conds.append(_apps.c.item_code.in_(f.item_codes))
    if f.date_from:
        start = datetime.combine(f.date_from, datetime.min.time())
        conds.append(_apps.c.created_at >= _literal(start))
    if f.date_to:
        end = datetime.combine(f.date_to + timedelta(days=1), datetime.min.time())
        conds.append(_apps.c.created_at < _literal(end))
    if f.created_by:
        conds.append(_apps.c.created_by == f.created_by)
    return stmt.where(and_(*conds)) if conds else stmt


def _bounded_count(conn: Connection, stmt: Select[Any], cap: int) -> int:
    inner = stmt.limit(cap + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar() or 0)


def count(ctx: ServiceContext, f: Filters, *, cap: int = COUNT_CAP) -> int:
    """The number of matches up to `cap`; `cap + 1` means "more than `cap`" (the count never reads further)."""
    with ctx.store.engine.connect() as conn:
        return _bounded_count(conn, _where(select(_apps.c.id), f), cap)


# A text search matching at most this many applications reads them through the columns' indexes and sorts them;
# a wider one (a short prefix) walks the list in sort order and stops after one page.
NARROW = 20_000


def _order_keys(conn: Connection, f: Filters, col: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    keys: list[ColumnElement[Any]] = [col, _apps.c.id]
    if f.text.strip() and _bounded_count(conn, _where(select(_apps.c.id), f), NARROW) <= NARROW:
        # Unary plus: the same order, but SQLite can no longer read it off an index or the rowid, so it takes
        # the prefix ranges' indexes instead of scanning the table in id order until a page of rare matches.
        keys = [literal_column(f"+applications.{c.key}") for c in keys]
    return keys


def page(
    ctx: ServiceContext, f: Filters, *, offset: int, limit: int, sort: str = "id", descending: bool = True
) -> list[dict[str, Any]]:
    """One page of list rows as plain dicts."""
    with ctx.store.engine.connect() as conn:
        keys = _order_keys(conn, f, SORTABLE.get(sort, _apps.c.id))
        order = [k.desc() if descending else k.asc() for k in keys]
        stmt = _where(select(*LIST_COLUMNS), f).order_by(*order).offset(offset).limit(limit)
        return [dict(r._mapping) for r in conn.execute(stmt)]


@dataclass(frozen=True)
class Dashboard:
    """The clerk's "today" screen: counts and the lists that need a look."""

    by_status: dict[str, int]
    due_soon: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    attention: list[dict[str, Any]]


def dashboard(
    ctx: ServiceContext, username: str | None, *, soon_days: int = 2, limit: int = 200
) -> Dashboard:
    today = ctx.today()
    soon = ctx.calendar.add_working_days(today, soon_days)
    mine = [_apps.c.created_by == username] if username else []
    open_codes = [s.value for s in OPEN_STATUSES]
    with ctx.store.engine.connect() as conn:
        # One bounded count per status on (created_by, status, due_on): flat however long the history is.
        counted = {
            s.value: _bounded_count(
                conn, select(_apps.c.id).where(*mine, _apps.c.status == s.value), TILE_CAP
            )
            for s in Status
        }
        by_status = {k: n for k, n in counted.items() if n}

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
