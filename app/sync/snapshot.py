"""A new counter's first registry load (首次同步) as a bulk snapshot instead of the change feed page by page.

`load_snapshot` asks the central store where the snapshot starts in the feed (`as_of`), then pages through each
kind (app/central/snapshot.py) and writes every page with one multi-row INSERT in its own local transaction,
together with how far it got (setting "sync_snapshot"): an interrupted load resumes at the next page, never
writing a page twice. The last transaction sets the registry stream's cursor to `as_of`, after which the
ordinary pull follows the feed and replays whatever changed meanwhile. Only a counter whose registry cursor is
still 0 loads a snapshot; `needs_snapshot` says so.

The replica's scope (登记库范围, app.core.replica_scope: the whole province or some cities) is the "client"
setting "replica_cities"; it is sent with every snapshot request and kept in the load's state. When an
administrator changes it, the next round loads the replica again (`needs_snapshot` compares the two): the
registry tables are emptied, and the certificates no local application refers to, in the transaction that
starts the new load.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Date, DateTime, delete, func, insert, select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.models import (
    Application,
    BlacklistEntry,
    CalendarYear,
    Certificate,
    CertificateVersion,
    Company,
    CompanyQualification,
    ConstructorRegistration,
    Person,
    Score,
    Setting,
    SyncCursor,
)
from app.models.base import Base
from app.models.db import Store
from app.models.register_rows import IMPORT_OPERATION, IMPORTED_BY, payload
from app.services.calendar import calendar_changed

STATE_KEY = "sync_snapshot"
PAGE = 10_000
MODELS: dict[str, type[Base]] = {
    "holiday": CalendarYear,
    "person": Person,
    "company": Company,
    "constructor": ConstructorRegistration,
    "score": Score,
    "blacklist": BlacklistEntry,
    "certificate": Certificate,
}
Progress = Callable[[str, int, int], None]
"""`progress(kind, rows_loaded_of_kind, rows_of_kind)` after every page, for the status bar."""


class SnapshotSource(Protocol):
    def start(self) -> dict[str, Any]: ...

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]: ...


class ClientSource:
    """The central store's snapshot endpoints over a signed-in `SyncClient`, for one replica scope."""

    def __init__(self, client: Any, cities: str = "") -> None:
        self.client = client
        self.cities = cities

    def start(self) -> dict[str, Any]:
        return dict(self.client.snapshot_start(self.cities))

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]:
        return dict(self.client.snapshot_page(kind, after, limit, self.cities))


def configured_cities(store: Store) -> str:
    """The replica scope set in 工作站设置 ("4101,4103"; empty: the whole province)."""
    with store.read() as s:
        row = s.get(Setting, "client")
        return str((row.value or {}).get("replica_cities") or "") if row is not None else ""


def needs_snapshot(store: Store, cities: str = "") -> bool:
    """True for a counter that has never pulled the registry stream and holds no registry rows yet (a counter
    with demo or hand-imported rows follows the feed instead: a bulk insert would collide with them), that is
    in the middle of its snapshot, or whose replica was loaded for another scope than `cities`."""
    with store.read() as s:
        state = _state(s)
        if state is not None:
            return not state.get("done") or str(state.get("cities") or "") != cities
        cursor = s.execute(select(SyncCursor.cursor).where(SyncCursor.stream == "registry")).scalar() or 0
        if cursor != 0:
            return bool(cities)  # followed the whole province's feed page by page; now limited to some cities
        return all(s.execute(select(m).limit(1)).first() is None for m in (Person, Certificate, Score))


def _clear_replica(s: Session) -> None:
    """Before a load for another scope: the registry rows go; certificates a local application refers to stay
    (they are this counter's own business), the others come back with the new load if they are in its scope."""
    for model in (CompanyQualification, Company, Person, ConstructorRegistration, Score, BlacklistEntry):
        s.execute(delete(model))
    s.execute(delete(CalendarYear))
    kept = select(Application.certificate_number).where(Application.certificate_number.is_not(None))
    gone = select(Certificate.id).where(Certificate.number.not_in(kept))
    s.execute(delete(CertificateVersion).where(CertificateVersion.certificate_id.in_(gone)))
    s.execute(delete(Certificate).where(Certificate.number.not_in(kept)))


def _converters(model: type[Base], columns: list[str]) -> list[Callable[[Any], Any]]:
    table = model.__table__.columns
    out: list[Callable[[Any], Any]] = []
    for name in columns:
        ctype = table[name].type if name in table else None
        if isinstance(ctype, DateTime):
            out.append(lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v)
        elif isinstance(ctype, Date):
            out.append(lambda v: date.fromisoformat(v) if isinstance(v, str) else v)
        else:
            out.append(lambda v: v)
    return out


_RAW_KINDS = {"person", "constructor", "score", "blacklist", "certificate"}
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _write_raw(s: Session, kind: str, data: dict[str, Any], now: datetime) -> int:
    """SQLite: the page's value lists go to `executemany` as they came (dates are ISO text, as SQLAlchemy
    stores them), inside the session's transaction; an ORM or Core insert spends most of its time building
    per-row parameter dicts."""
    model = MODELS[kind]
    columns: list[str] = list(data["columns"])
    unknown = sorted(set(columns) - set(model.__table__.columns.keys()))
    if unknown:
        raise DomainError(
            "SNAPSHOT_COLUMN_UNKNOWN",
            f"中心库快照中有本机不认识的字段“{unknown[0]}”",
            field=unknown[0],
            fix="请先升级本机程序到与中心库相同的版本，再进行首次同步。",
        )
    rows = data["rows"]
    if not rows:
        return 0
    stamp = now.strftime(_SQLITE_TIME)
    cursor = s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    before = 0
    if model is Certificate:
        before = s.execute(select(func.coalesce(func.max(Certificate.id), 0))).scalar_one()
    marks = ", ".join("?" * (len(columns) + 1))
    # A certificate a local application refers to survives a scope change's reload (`_clear_replica`).
    verb = "INSERT OR IGNORE" if model is Certificate else "INSERT"
    cursor.executemany(
        f"{verb} INTO {model.__tablename__} ({', '.join(columns)}, updated_at) VALUES ({marks})",  # noqa: S608
        [(*values, stamp) for values in rows],
    )
    if model is Certificate:
        number_at = columns.index("number")
        ids = dict(s.execute(select(Certificate.number, Certificate.id).where(Certificate.id > before)).all())
        versions = []
        for values in rows:
            if values[number_at] not in ids:
                continue  # kept from before the reload, with its versions
            record = dict(zip(columns, values, strict=True))
            versions.append(
                (
                    ids[values[number_at]],
                    int(record["version"]),
                    IMPORT_OPERATION,
                    None,
                    json.dumps(payload(record), ensure_ascii=False),
                    stamp,
                    IMPORTED_BY,
                    datetime.fromisoformat(str(record["issued_on"])).strftime(_SQLITE_TIME),
                    0,
                )
            )
        cursor.executemany(
            "INSERT INTO certificate_versions (certificate_id, version, operation_type, application_number, "
            "snapshot, created_at, created_by, printed_at, voided) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            versions,
        )
    cursor.close()
    return len(rows)


def _write_page(s: Session, kind: str, data: dict[str, Any], now: datetime) -> int:
    if kind in _RAW_KINDS and s.get_bind().dialect.name == "sqlite":
        return _write_raw(s, kind, data, now)
    model = MODELS[kind]
    columns: list[str] = list(data["columns"])
    quals_at = columns.index("qualifications") if "qualifications" in columns else None
    plain = [c for c in columns if c != "qualifications"]
    convert = _converters(model, plain)
    rows: list[dict[str, Any]] = []
    quals: list[list[list[Any]]] = []
    for values in data["rows"]:
        items = [v for i, v in enumerate(values) if i != quals_at]
        row = {c: f(v) for c, f, v in zip(plain, convert, items, strict=True)}
        row["updated_at"] = now
        rows.append(row)
        if quals_at is not None:
            quals.append(values[quals_at])
    if not rows:
        return 0
    if model is Company:
        ids = s.execute(insert(Company).returning(Company.id), rows).scalars().all()
        q_rows = [
            {
                "company_id": cid,
                "category": q[0],
                "grade": q[1],
                "valid_to": date.fromisoformat(q[2]) if q[2] else None,
            }
            for cid, company_quals in zip(ids, quals, strict=True)
            for q in company_quals
        ]
        if q_rows:
            s.execute(insert(CompanyQualification), q_rows)
    elif model is Certificate:
        ids = s.execute(insert(Certificate).returning(Certificate.id), rows).scalars().all()
        s.execute(
            insert(CertificateVersion),
            [
                {
                    "certificate_id": cid,
                    "version": r["version"],
                    "operation_type": IMPORT_OPERATION,
                    "application_number": None,
                    "snapshot": payload(r),
                    "created_at": now,
                    "created_by": IMPORTED_BY,
                    # Issued and printed elsewhere before this counter existed: never in its print queue.
                    "printed_at": datetime.combine(r["issued_on"], datetime.min.time()),
                    "voided": False,
                }
                for cid, r in zip(ids, rows, strict=True)
            ],
        )
    else:
        s.execute(insert(model), rows)
    return len(rows)


def _state(s: Session) -> dict[str, Any] | None:
    row = s.get(Setting, STATE_KEY)
    return dict(row.value) if row is not None else None


def _save_state(s: Session, state: dict[str, Any], now: datetime) -> None:
    row = s.get(Setting, STATE_KEY)
    if row is None:
        s.add(Setting(key=STATE_KEY, value=state, updated_at=now))
    else:
        row.value, row.updated_at = state, now


# While the replica loads (SQLite): commits that do not wait for the disk (the baseline's setting too). NORMAL
# in WAL mode stays consistent after a crash and may lose only the last commits, which the load's own resume
# point makes harmless: it continues after the last page that is there. It returns to the store's setting
# (app.models.db.SQLITE_PRAGMAS) before the connection goes back to the pool. A larger page cache (128 MB) was
# tried and gave nothing measurable at 200,000 rows for 140 MB more memory.
_LOAD_PRAGMAS = ("PRAGMA synchronous=NORMAL",)
_AFTER_LOAD = ("PRAGMA synchronous=FULL",)


@contextmanager
def _loading(store: Store) -> Iterator[Callable[[], AbstractContextManager[Session]]]:
    """Write transactions for the load's pages: on SQLite all on one connection tuned for the load."""
    if not store.is_sqlite:
        yield store.write
        return
    conn = store.engine.execution_options(sqlite_begin="IMMEDIATE").connect()
    # On the driver's connection: through SQLAlchemy a PRAGMA would begin a transaction (autobegin), and the
    # safety level cannot change inside one.
    raw = conn.connection.driver_connection
    assert raw is not None
    try:
        for pragma in _LOAD_PRAGMAS:
            raw.execute(pragma)

        @contextmanager
        def write() -> Iterator[Session]:
            with Session(bind=conn, expire_on_commit=False) as s, s.begin():
                yield s

        yield write
    finally:
        if conn.in_transaction():
            conn.rollback()
        for pragma in _AFTER_LOAD:
            raw.execute(pragma)
        conn.close()


def load_snapshot(
    store: Store,
    source: SnapshotSource,
    *,
    now: Callable[[], datetime] = datetime.now,
    progress: Progress | None = None,
    page_size: int = PAGE,
    cities: str = "",
) -> dict[str, int]:
    """Load the registry replica of `cities` (the source asks for that scope); returns rows loaded per kind.
    Resumes an interrupted load; starts over, emptying the replica first, when the scope changed."""
    with store.read() as s:
        state = _state(s)
        position = s.execute(select(SyncCursor.cursor).where(SyncCursor.stream == "registry")).scalar() or 0
    if state is not None and not state.get("done") and str(state.get("cities") or "") != cities:
        state = {"done": True}  # the scope changed in the middle of a load: start over
    if state is None or state.get("done"):
        reload = state is not None or position != 0
        head = source.start()
        state = {
            "as_of": int(head["as_of"]),
            "counts": head["counts"],
            "kind": None,
            "after": 0,
            "loaded": {},
            "cities": cities,
            "reload": reload,
        }
        with store.write() as s:
            if reload:
                _clear_replica(s)
            _save_state(s, state, now())  # the status bar shows the totals from here on
    loaded: dict[str, int] = dict(state.get("loaded") or {})
    kinds = list(MODELS)
    first = kinds.index(state["kind"]) if state.get("kind") in kinds else 0
    with _loading(store) as write:
        for kind in kinds[first:]:
            after = int(state["after"]) if state.get("kind") == kind else 0
            total = int(state["counts"].get(kind, 0))
            while True:
                data = source.page(kind, after, page_size)
                with write() as s:
                    loaded[kind] = loaded.get(kind, 0) + _write_page(s, kind, data, now())
                    after = int(data["next"]) if data.get("next") is not None else after
                    # Rows added centrally since the load started come with its later pages (and again through
                    # the feed): the kind's total grows with them, so the status bar never shows "8 / 6".
                    total = max(total, loaded[kind])
                    state.update(
                        kind=kind, after=after, loaded=loaded, counts={**state["counts"], kind: total}
                    )
                    _save_state(s, state, now())
                if progress is not None:
                    progress(kind, loaded.get(kind, 0), total)
                if data.get("next") is None or len(data["rows"]) < page_size:
                    break
            state.update(kind=None, after=0)
    with store.write() as s:
        cursor = s.get(SyncCursor, "registry")
        if cursor is None:
            s.add(SyncCursor(stream="registry", cursor=int(state["as_of"]), updated_at=now()))
        else:
            cursor.cursor, cursor.updated_at = int(state["as_of"]), now()
        _save_state(s, {**state, "done": True}, now())
    calendar_changed()  # the entered years arrived with the snapshot: due dates count them from now on
    return loaded
