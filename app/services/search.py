"""Application search (办件查询) for lists of any size: filters, sort, and pages read with Core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
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
    union,
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
# The end of an application number worth a scan: the counter and its daily sequence ("010015"), or a little more;
# a longer digit string is a prefix (a unit and a day), which the index answers.
MIN_SUFFIX, MAX_SUFFIX = 4, 8


@dataclass(frozen=True)
class Filters:
    text: str = ""  # number, ID number, name or company, as typed
    statuses: tuple[str, ...] = ()
    item_codes: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    created_by: str | None = None


# A count stops after this many matches: the list says "more than 1,000" instead of reading a million rows.
COUNT_CAP = 1_000
# The 今日工作台 tiles count up to this many applications per status ("999+").
TILE_CAP = 999


Range = tuple[ColumnElement[Any], Any, Any]  # column, lower bound (inclusive), upper bound (exclusive)


def _text_ranges(text: str) -> list[Range]:
    """What the clerk typed, as prefix ranges on indexed columns (SQLite scans for `LIKE ? || '%'`): digits are
    an application or ID number; anything else the beginning of a name, a company or a certificate number."""

    def prefix(col: ColumnElement[Any], p: str) -> Range:
        return (col, p, p[:-1] + chr(ord(p[-1]) + 1))

    if text.isdigit() or (text[:-1].isdigit() and text[-1:] in "Xx"):
        return [prefix(_apps.c.number, text), prefix(_apps.c.id_number, text.upper())]
    return [
        prefix(_apps.c.applicant_name, text),
        prefix(_apps.c.company_name, text),
        prefix(_apps.c.certificate_number, text.upper()),
    ]


def _date_bounds(f: Filters) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(f.date_from, datetime.min.time()) if f.date_from else None
    end = datetime.combine(f.date_to + timedelta(days=1), datetime.min.time()) if f.date_to else None
    return start, end


def _in_range(col: ColumnElement[Any], lo: Any, hi: Any, *, scan: bool = False) -> ColumnElement[bool]:
    """`lo <= col < hi`. The bounds are rendered into the SQL (SQLite's planner sees them and reads the index;
    with a bare `?` it may walk the table instead). `scan`: the column behind a unary plus, which keeps SQLite
    off its index, for ranges so wide that walking the list in id order finds a page sooner."""
    target = literal_column(f"+applications.{col.key}") if scan else col
    conds: list[ColumnElement[bool]] = []
    if lo is not None:
        conds.append(target >= bindparam(None, lo, literal_execute=True))
    if hi is not None:
        conds.append(target < bindparam(None, hi, literal_execute=True))
    return and_(*conds)


def _where(stmt: Select[Any], f: Filters, *, scan: bool = False) -> Select[Any]:
    conds: list[ColumnElement[bool]] = []
    text = f.text.strip()
    if text:
        found = [_in_range(c, lo, hi, scan=scan) for c, lo, hi in _text_ranges(text)]
        if _number_tail(text):
            found.append(_apps.c.number.endswith(text))
        conds.append(or_(*found))
    if f.statuses:
        conds.append(_apps.c.status.in_(f.statuses))
    if f.item_codes:
        conds.append(_apps.c.item_code.in_(f.item_codes))
    if f.date_from or f.date_to:
        conds.append(_in_range(_apps.c.created_at, *_date_bounds(f), scan=scan))
    if f.created_by:
        conds.append(_apps.c.created_by == f.created_by)
    return stmt.where(and_(*conds)) if conds else stmt


def _number_tail(text: str) -> bool:
    """The clerk often reads only the end of an application number off the receipt ("010015"). A suffix cannot
    use an index, so it is searched (by a scan) only for a digit string of this length."""
    return MIN_SUFFIX <= len(text) <= MAX_SUFFIX and text.isdigit()


def _only_ranges(f: Filters) -> list[Range] | None:
    """The index ranges that alone decide a search by text, or by a closed date range; None for other filters."""
    if f.statuses or f.item_codes or f.created_by or _number_tail(f.text.strip()):
        return None
    text = f.text.strip()
    if text and not (f.date_from or f.date_to):
        return _text_ranges(text)
    if not text and f.date_from and f.date_to:
        start, end = _date_bounds(f)
        return [(_apps.c.created_at, start, end)]
    return None


def _ids(conn: Connection, ranges: list[Range], cap: int) -> set[int] | None:
    """The ids in the ranges, read from the indexes alone (each index holds the row id); None if more than cap."""
    ids: set[int] = set()
    for col, lo, hi in ranges:
        stmt = select(_apps.c.id).where(_in_range(col, lo, hi)).limit(cap + 1)
        ids.update(conn.execute(stmt).scalars())
        if len(ids) > cap:
            return None
    return ids


def _bounded_count(conn: Connection, stmt: Select[Any], cap: int) -> int:
    inner = stmt.limit(cap + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar() or 0)


def count(ctx: ServiceContext, f: Filters, *, cap: int = COUNT_CAP) -> int:
    """The number of matches up to `cap`; `cap + 1` means "more than `cap`" (the count never reads further)."""
    with ctx.store.engine.connect() as conn:
        ranges = _only_ranges(f)
        if ranges is not None:
            ids = _ids(conn, ranges, cap)
            return cap + 1 if ids is None else len(ids)
        return _bounded_count(conn, _where(select(_apps.c.id), f), cap)


# A search by text or date matching at most this many applications reads their ids from the indexes and sorts
# them; a wider one (a short prefix, a month) walks the list in id order and stops after one page.
NARROW = 5_000


# A wide search first looks among this many newest applications (most pages are found there) ...
WINDOW = 10_000


def _newest_window(
    conn: Connection, f: Filters, order: list[Any], offset: int, limit: int
) -> list[dict[str, Any]]:
    top = conn.execute(select(func.max(_apps.c.id))).scalar() or 0
    stmt = (
        _where(select(*LIST_COLUMNS), f, scan=True)
        .where(_apps.c.id > top - WINDOW)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _sorted_ids(
    conn: Connection, ranges: list[Range], descending: bool, offset: int, limit: int
) -> list[int]:
    """... and otherwise sorts the matching ids inside SQLite, from the indexes alone."""
    ids = union(*(select(_apps.c.id).where(_in_range(c, lo, hi)) for c, lo, hi in ranges)).subquery()
    key = ids.c.id.desc() if descending else ids.c.id.asc()
    return list(conn.execute(select(ids.c.id).order_by(key).offset(offset).limit(limit)).scalars())


def page(
    ctx: ServiceContext, f: Filters, *, offset: int, limit: int, sort: str = "id", descending: bool = True
) -> list[dict[str, Any]]:
    """One page of list rows as plain dicts."""
    col = SORTABLE.get(sort, _apps.c.id)
    order = [col.desc() if descending else col.asc(), _apps.c.id.desc() if descending else _apps.c.id.asc()]
    with ctx.store.engine.connect() as conn:
        ranges = _only_ranges(f) if col is _apps.c.id else None
        if ranges is not None:
            ids = _ids(conn, ranges, NARROW)
            if ids is not None:
                chosen = sorted(ids, reverse=descending)[offset : offset + limit]
            else:
                rows = _newest_window(conn, f, order, offset, limit) if descending else []
                if len(rows) == limit:
                    return rows
                chosen = _sorted_ids(conn, ranges, descending, offset, limit)
            stmt = select(*LIST_COLUMNS).where(_apps.c.id.in_(chosen)).order_by(*order)
        else:
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
        # One bounded count per status on (created_by, status, due_on): flat however long the history is.
        counted = {
            s.value: _bounded_count(
                conn, select(_apps.c.id).where(*mine, _apps.c.status == s.value), TILE_CAP
            )
            for s in Status
        }
        by_status = {k: n for k, n in counted.items() if n}

        def rows(statuses: list[str], *conds: Any) -> list[dict[str, Any]]:
            """Earliest due first. One index range per status, each stopping after `limit` rows, merged: a
            single query with `status IN (...)` would sort every open application of the clerk."""
            found: list[dict[str, Any]] = []
            for code in statuses:
                stmt = (
                    select(*LIST_COLUMNS)
                    .where(*mine, _apps.c.status == code, *conds)
                    .order_by(_apps.c.due_on)
                    .limit(limit)
                )
                found.extend(dict(r._mapping) for r in conn.execute(stmt))
            found.sort(key=lambda r: (r["due_on"] is not None, r["due_on"] or today))
            return found[:limit]

        overdue = rows(open_codes, _apps.c.due_on < today)
        due_soon = rows(open_codes, _apps.c.due_on >= today, _apps.c.due_on <= soon)
        corrections = rows([Status.CORRECTION.value])
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
