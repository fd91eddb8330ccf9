"""A counter's first registry load as a bulk snapshot (首次同步): the registry tables in key order, page by page.

`GET /sync/snapshot` names the feed position the snapshot starts from (`as_of`, the feed counter when asked) and
the kinds with their row counts; `GET /sync/snapshot/{kind}?after=ID` returns up to `limit` rows of one kind in
id order, as a column list and value lists (about half the JSON of one object per row). Rows changed while a
counter pages through are simply sent as they are then; the counter follows the registry feed from `as_of`
afterwards, and every change after that point is replayed there, so the replica converges whatever the timing.
Both take `cities` (app.core.replica_scope): a city-scoped counter gets only its cities' rows and counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.central.auth import Principal
from app.central.sequencer import catch_up, head
from app.core.replica_scope import parse_cities
from app.domain.errors import NotFoundError
from app.models import (
    BlacklistEntry,
    CalendarYear,
    Certificate,
    Company,
    CompanyQualification,
    ConstructorRegistration,
    Person,
    Score,
)
from app.models.base import Base
from app.models.db import Store

# Kind → model, in the order a counter loads them (holders before certificates, companies before nothing else).
KINDS: dict[str, type[Base]] = {
    "holiday": CalendarYear,
    "person": Person,
    "company": Company,
    "constructor": ConstructorRegistration,
    "score": Score,
    "blacklist": BlacklistEntry,
    "certificate": Certificate,
}
_SKIP = {"id", "updated_at"}
MAX_PAGE = 20_000


def columns_of(kind: str) -> list[str]:
    model = KINDS[kind]
    return [c.key for c in model.__table__.columns if c.key not in _SKIP]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _key(kind: str) -> Any:
    model = KINDS[kind]
    return CalendarYear.year if model is CalendarYear else model.id  # type: ignore[attr-defined]


def in_scope(kind: str, cities: tuple[str, ...]) -> ColumnElement[bool] | None:
    """The rows of `kind` in a replica of `cities` (None: every row); the rule of app.core.replica_scope."""
    if not cities:
        return None
    model = KINDS[kind]
    if model is CalendarYear:
        return None  # the calendar is the province's
    if model is Company:
        return or_(
            func.substr(Company.region, 1, 4).in_(cities),
            and_(Company.region.is_(None), func.substr(Company.uscc, 3, 4).in_(cities)),
        )
    column = Certificate.holder_id_number if model is Certificate else model.id_number  # type: ignore[attr-defined]
    return func.substr(column, 1, 4).in_(cities)


def page(s: Session, kind: str, after: int, limit: int, cities: tuple[str, ...] = ()) -> dict[str, Any]:
    cols = columns_of(kind)
    key = _key(kind)
    model = KINDS[kind]
    stmt = select(key, *(getattr(model, c) for c in cols)).where(key > after).order_by(key).limit(limit)
    scope = in_scope(kind, cities)
    if scope is not None:
        # Walks the key in order and keeps the scope's rows: the whole table once over the load, one time.
        stmt = stmt.where(scope)
    rows = s.execute(stmt).all()
    values = [[_plain(v) for v in r[1:]] for r in rows]
    out: dict[str, Any] = {
        "kind": kind,
        "columns": cols,
        "rows": values,
        "next": rows[-1][0] if rows else None,
    }
    if kind == "company" and rows:
        ids = [r[0] for r in rows]
        quals = s.execute(
            select(
                CompanyQualification.company_id,
                CompanyQualification.category,
                CompanyQualification.grade,
                CompanyQualification.valid_to,
            ).where(CompanyQualification.company_id.in_(ids))
        ).all()
        by_company: dict[int, list[list[Any]]] = {}
        for cid, category, grade, valid_to in quals:
            by_company.setdefault(cid, []).append([category, grade, _plain(valid_to)])
        out["columns"] = [*cols, "qualifications"]
        for row, cid in zip(values, ids, strict=True):
            row.append(by_company.get(cid, []))
    return out


def start(s: Session, cities: tuple[str, ...] = ()) -> dict[str, Any]:
    catch_up(s)  # what was pushed before is numbered, so the snapshot's rows are not above its `as_of`
    as_of = head(s)
    counts = {}
    for kind, m in KINDS.items():
        stmt = select(func.count()).select_from(m)
        scope = in_scope(kind, cities)
        counts[kind] = int(s.execute(stmt if scope is None else stmt.where(scope)).scalar() or 0)
    return {"as_of": int(as_of), "kinds": list(KINDS), "counts": counts, "cities": list(cities)}


_CITIES = Query(
    default="", max_length=200, description="登记库范围：地市代码（行政区划代码前4位），逗号分隔；空为全省"
)


def router(store: Store, anyone: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(prefix="/sync/snapshot", tags=["sync"])

    @r.get("")
    def snapshot_start(cities: str = _CITIES, p: Principal = Depends(anyone)) -> dict[str, Any]:
        """Where the snapshot starts in the feed, and how many rows each kind has (in the counter's scope)."""
        scope = parse_cities(cities)
        with store.read() as s:
            return start(s, scope)

    @r.get("/{kind}")
    def snapshot_page(
        kind: str = PathParam(
            description="person / company / constructor / score / blacklist / certificate / holiday"
        ),
        after: int = Query(default=0, ge=0),
        limit: int = Query(default=10_000, ge=1, le=MAX_PAGE),
        cities: str = _CITIES,
        p: Principal = Depends(anyone),
    ) -> dict[str, Any]:
        scope = parse_cities(cities)
        if kind not in KINDS:
            raise NotFoundError(
                "SNAPSHOT_KIND_UNKNOWN",
                f"没有“{kind}”这种基础数据",
                field="kind",
                fix="可选：" + "、".join(KINDS),
            )
        with store.read() as s:
            return page(s, kind, after, limit, scope)

    return r
