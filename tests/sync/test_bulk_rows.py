"""A push batch's rows written as one statement per table (app/central/bulk_rows.py) are the rows the executemany
wrote: every column read back equal, the JSON documents' stored text identical, ids drawn in the rows' order; rows
the JSON form could change go the executemany way."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, event, insert, select, text
from sqlalchemy.orm import Session

from app.central.bulk_rows import insert_rows
from app.central.models import PendingChange
from app.central.store import open_store
from app.models import Application
from app.models.db import Store

_APPS = cast(Table, Application.__table__)
_PENDING = cast(Table, PendingChange.__table__)


def _application(n: int, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "number": f"4100002026120200{n:04d}",
        "item_code": "TZ-FIRST",
        "family": "TZ",
        "status": "received",
        "version": 2,
        "catalogue_version": 1,
        "id_number": f"410105196001010{n:03d}",
        "applicant_name": '张三‘引号’"双引号"\\反斜杠',
        "mobile": "13838012345",
        "company_code": None,
        "company_name": None,
        "certificate_number": None,
        "form": {"name": "张三", "trade_code": "01", "nested": {"list": [1, 2.5, None, True]}, "空": ""},
        "conditions": [0, 1, 2],
        "material_states": {"form_signed": "paper"},
        "reason": None,
        "missing_items": [],
        "review_opinion": "意见\n第二行\t制表",
        "provisional": False,
        "unit_code": "410000",
        "counter_no": "01",
        "created_by": "clerk01",
        "created_at": datetime(2026, 12, 2, 9, 30, 15, 123456),
        "updated_at": datetime(2026, 12, 2, 9, 30, 15),
        "received_by": "clerk01",
        "received_at": datetime(2026, 12, 2, 9, 0),
        "accepted_by": None,
        "accepted_at": None,
        "decided_by": None,
        "decided_at": None,
        "due_on": date(2026, 12, 30),
        "sync_state": "synced",
        "sync_message": None,
    }
    row.update(overrides)
    return row


def _stored(s: Session, uuids: list[str]) -> list[tuple[Any, ...]]:
    columns = [c for c in _APPS.columns if c.key != "id"]
    got = s.execute(select(*columns).where(_APPS.c.uuid.in_(uuids)).order_by(_APPS.c.number)).all()
    raw = s.execute(
        text(
            "SELECT form::text, conditions::text, material_states::text, missing_items::text FROM applications"
            " WHERE uuid = ANY(:u) ORDER BY number"
        ),
        {"u": uuids},
    ).all()
    return [(*row[1:], *texts) for row, texts in zip(got, raw, strict=True)]  # uuid aside: it differs


@pytest.mark.postgres
def test_one_statement_writes_what_the_executemany_wrote(pg_store: Store) -> None:
    store = pg_store
    ours = [_application(i) for i in range(3)]
    theirs = [_application(100 + i) for i in range(3)]  # the same values under another number
    with store.write() as s:
        statements: list[str] = []
        event.listen(s.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        insert_rows(s, _APPS, ours)
        s.execute(insert(_APPS), theirs)
    assert sum("json_populate_recordset" in q for q in statements) == 1
    with store.read() as s:
        mine = _stored(s, [r["uuid"] for r in ours])
        reference = _stored(s, [r["uuid"] for r in theirs])
    assert len(mine) == 3
    for a, b in zip(mine, reference, strict=True):
        # every column but the number and the ID number (unique while open), and the documents' stored text
        assert a[1:6] + a[7:] == b[1:6] + b[7:]


@pytest.mark.postgres
def test_ids_are_drawn_in_the_rows_order(pg_store: Store) -> None:
    store = pg_store
    now = datetime(2026, 12, 2, 10, 0)
    rows = [
        {"stream": "applications", "entity": "application", "entity_id": f"e{i:03d}", "op": "x",
         "unit_code": "410000", "data": {"i": i, "名": "值"}, "at": now}
        for i in range(200)
    ]  # fmt: skip
    with store.write() as s:
        insert_rows(s, _PENDING, rows)
    with store.read() as s:
        got = s.execute(select(PendingChange.entity_id, PendingChange.data).order_by(PendingChange.id)).all()
    assert [g[0] for g in got] == [f"e{i:03d}" for i in range(200)]
    assert [g[1] for g in got] == [r["data"] for r in rows]


@pytest.mark.postgres
def test_rows_the_json_form_would_change_go_the_executemany_way(pg_store: Store) -> None:
    store = pg_store
    aware = [_application(i, received_at=datetime(2026, 12, 2, 1, 0, tzinfo=UTC)) for i in range(2)]
    null_form = [_application(10 + i, form=None) for i in range(2)]
    with store.write() as s:
        statements: list[str] = []
        event.listen(s.connection(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        insert_rows(s, _APPS, aware)
        insert_rows(s, _APPS, null_form)
    assert not any("json_populate_recordset" in q for q in statements)
    with store.read() as s:
        forms = s.execute(
            text("SELECT form IS NULL, form::text FROM applications WHERE uuid = ANY(:u)"),
            {"u": [r["uuid"] for r in null_form]},
        ).all()
    assert forms == [(False, "null"), (False, "null")]  # JSON null, as SQLAlchemy writes None


def test_one_row_and_sqlite_keep_the_plain_insert(tmp_path: object) -> None:
    store = open_store(f"sqlite:///{tmp_path}/central.sqlite3")
    try:
        rows = [_application(i) for i in range(2)]
        with store.write() as s:
            insert_rows(s, _APPS, rows)
            insert_rows(s, _APPS, [_application(5)])
            insert_rows(s, _APPS, [])
        with store.read() as s:
            assert s.execute(
                select(Application.number).order_by(Application.number)
            ).scalars().all() == sorted([r["number"] for r in rows] + [_application(5)["number"]])
    finally:
        store.dispose()
