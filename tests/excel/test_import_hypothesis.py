"""Generated sheets with bad values mixed in: each bad row is reported on its own row and nothing of it is stored."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.bootstrap import open_context
from app.models import Score
from app.services import imports
from app.services.context import Actor, ServiceContext
from tests.excel.helpers import SCORE_HEADER, unique_id, write_book

ADMIN = Actor("admin", "admin", "系统管理员")
COLUMN = {name: i for i, name in enumerate(SCORE_HEADER)}
BAD_VALUES: dict[str, list[Any]] = {
    "身份证号": ["41010519860517001", "4101051986051700AB", "410105198602300011", "", 4.10105198605170e17],
    "姓名": ["", "张" * 65],
    "成绩类型": ["补考", "结业"],  # left blank it is an exam score, as on sheets without the column
    "类别或工种": ["C4", "12", "Z", ""],
    "成绩": [-1, 100.5, "优秀", 1000, ""],
    "是否合格": ["也许", "待定"],
    "考试日期": ["2026-02-30", "昨天", 5, "2099-01-01", ""],
    "有效期至": ["2020-01-01", "永久"],
}
_serial = itertools.count()


@pytest.fixture(scope="module")
def store() -> Iterator[ServiceContext]:
    with tempfile.TemporaryDirectory() as root:
        ctx = open_context(Path(root) / "data")
        yield ctx
        ctx.store.dispose()


bad_cell = st.sampled_from(sorted(BAD_VALUES)).flatmap(
    lambda col: st.tuples(st.just(col), st.sampled_from(BAD_VALUES[col]))
)
row_plan = st.lists(st.one_of(st.none(), bad_cell), min_size=1, max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=row_plan)
def test_each_bad_value_is_reported_on_its_row(
    store: ServiceContext, plan: list[tuple[str, Any] | None]
) -> None:
    rows = []
    for bad in plan:
        row: list[Any] = [
            unique_id(next(_serial)),
            "刘建国",
            "考核",
            "C2",
            80,
            "合格",
            "2026-03-02",
            None,
            "培训中心",
        ]
        if bad is not None:
            row[COLUMN[bad[0]]] = bad[1]
        rows.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_book(Path(tmp) / "generated.xlsx", [SCORE_HEADER, *rows])
        with store.store.read() as s:
            before = s.execute(select(func.count()).select_from(Score)).scalar()
        report = imports.commit_import(store, ADMIN, "scores", path, sample=100)
        with store.store.read() as s:
            after = s.execute(select(func.count()).select_from(Score)).scalar()
            stored = set(
                # Only text IDs in the IN list: a float among them (a bad cell) makes SQLite compare by number.
                s.execute(
                    select(Score.id_number).where(
                        Score.id_number.in_([r[0] for r in rows if isinstance(r[0], str)])
                    )
                ).scalars()
            )
        bad_rows = [i + 2 for i, bad in enumerate(plan) if bad is not None]
        assert [e.row for e in report.errors] == bad_rows
        for error, bad in zip(report.errors, [b for b in plan if b is not None], strict=True):
            assert f"“{bad[0]}”" in error.text, error.text
        assert report.new == len(plan) - len(bad_rows) == after - before
        assert stored == {r[0] for r, bad in zip(rows, plan, strict=True) if bad is None}
        assert (report.error_workbook is not None) == bool(bad_rows)
