"""办件查询 and 今日工作台 read indexes, not the whole table: checked on SQLite's own query plans (no timing).

Before issue 15 a digit prefix ran as `LIKE ? || '%'` (a table scan), the count read every match, the date
filter had no index and the clerk's dashboard counted all of the clerk's applications by scanning.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.bootstrap import DB_NAME, open_context
from app.services import search
from app.services.context import ServiceContext
from app.services.demo_workload import bulk_insert_applications
from app.services.search import Filters
from tests.conftest import TEST_ISSUER_USCC
from tests.store_templates import fresh_local_store

ROWS = 30_000


@pytest.fixture(scope="module")
def _big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store with ROWS synthetic applications, made once for this module and copied by `big`."""
    root = fresh_local_store(tmp_path_factory.mktemp("big-store"))
    bulk_insert_applications(root / DB_NAME, ROWS)  # its connection is closed: one file, no WAL beside it
    return root / DB_NAME


@pytest.fixture
def big(tmp_path: Path, _big_store: Path) -> Iterator[ServiceContext]:
    """What the ctx fixture gives, with ROWS applications in it (a copy: each test may change its store)."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(_big_store, data / DB_NAME)
    ctx = open_context(data)
    ctx.workstation = replace(ctx.workstation, issuer_uscc=TEST_ISSUER_USCC)
    yield ctx
    ctx.store.dispose()


class Plans:
    """The query plan of every statement run against the store while the block runs."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.statements: list[tuple[str, Any]] = []

    def _record(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.statements.append((statement, parameters))

    def __enter__(self) -> Plans:
        event.listen(self.ctx.store.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.ctx.store.engine, "before_cursor_execute", self._record)

    def details(self) -> Iterator[str]:
        raw = self.ctx.store.engine.raw_connection()
        try:
            for statement, parameters in self.statements:
                for row in raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters or ()):
                    yield str(row[3])
        finally:
            raw.close()


def _full_scans(plans: Plans) -> list[str]:
    return [d for d in plans.details() if d.startswith("SCAN applications") and "INDEX" not in d]


def _sample(ctx: ServiceContext) -> dict[str, str]:
    with ctx.store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT number, id_number, applicant_name FROM applications WHERE id = 12345"
        ).one()
    return {"number": row[0], "id_number": row[1], "name": row[2]}


@pytest.mark.parametrize(
    "make",
    [
        lambda s: Filters(text=s["number"]),
        lambda s: Filters(text=s["number"][:14]),  # one day's numbers
        lambda s: Filters(text=s["id_number"]),
        lambda s: Filters(text=s["id_number"][:15]),
        lambda s: Filters(text=s["name"]),
        lambda s: Filters(text="郑州市第1"),
        lambda s: Filters(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)),
    ],
    ids=["number", "number-prefix", "id-number", "id-prefix", "name", "company-prefix", "one-day"],
)
def test_selective_searches_read_indexes_not_the_table(big: ServiceContext, make: Any) -> None:
    f = make(_sample(big))
    with Plans(big) as plans:
        rows = search.page(big, f, offset=0, limit=200)
        n = search.count(big, f)
    assert rows and n >= len(rows)
    assert _full_scans(plans) == []


def test_count_stops_at_its_cap_and_says_more(big: ServiceContext) -> None:
    assert search.count(big, Filters(), cap=1000) == 1001
    assert search.count(big, Filters(statuses=("withdrawn",)), cap=100_000) < ROWS  # exact under the cap


def test_a_prefix_is_a_prefix(big: ServiceContext) -> None:
    s = _sample(big)
    rows = search.page(big, Filters(text=s["number"][:14]), offset=0, limit=1000)
    assert rows and all(r["number"].startswith(s["number"][:14]) for r in rows)
    name = search.page(big, Filters(text=s["name"]), offset=0, limit=1000)
    assert all(r["applicant_name"].startswith(s["name"]) for r in name)


def test_the_clerks_dashboard_reads_its_index(big: ServiceContext) -> None:
    with Plans(big) as plans:
        dash = search.dashboard(big, "clerk01")
    assert _full_scans(plans) == []
    assert all(n <= search.TILE_CAP + 1 for n in dash.by_status.values())
    assert any("ix_applications_created_by_status_due" in d for d in plans.details())


def test_a_wide_prefix_pages_in_id_order(big: ServiceContext) -> None:
    first = search.page(big, Filters(text="9"), offset=0, limit=300)  # every ID number starts with 9
    second = search.page(big, Filters(text="9"), offset=300, limit=300)
    ids = [r["id"] for r in first + second]
    assert len(ids) == 600 and ids == sorted(ids, reverse=True)
    assert all(r["id_number"].startswith("9") for r in first + second)
    narrow = search.page(big, Filters(text=_sample(big)["id_number"][:15]), offset=0, limit=50)
    assert [r["id"] for r in narrow] == sorted((r["id"] for r in narrow), reverse=True)
