"""A pull reads the (stream, unit_code, seq) index: its cost follows what the unit receives, not the stream's size.

Before issue 15 the index was (stream, seq) and the unit filter was applied row by row, so a unit with no rows
read the whole stream (0.8 s at 500,000 changes). Checked on the database's own plans, not by timing.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text

from app.central import feed
from tests.sync.helpers import Central

FILL = """
INSERT INTO central_changes (seq, stream, entity, entity_id, op, unit_code, data, at)
SELECT g, 'applications', 'application', 'app-' || g, 'application.submit',
       CASE WHEN g % 50 = 0 THEN '410100' ELSE '4102' || lpad((g % 97)::text, 2, '0') END,
       '{}', now()
FROM generate_series(1, 30000) g
"""


def _pull_plans(central: Central, unit: str) -> list[str]:
    statements: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM central_changes" in statement and "ORDER BY" in statement:
            statements.append((statement, parameters))

    engine = central.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        with central.store.read() as s:
            page = feed.pull(s, "applications", 0, 100, unit)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert page.changes == [] or all(c["entity"] == "application" for c in page.changes)
    plans = []
    raw = engine.raw_connection()
    try:
        for statement, parameters in statements:
            cur = raw.cursor()
            cur.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(str(r[0]) for r in cur.fetchall()))
    finally:
        raw.close()
    return plans


@pytest.mark.postgres
@pytest.mark.parametrize("unit", ["410100", "419900"], ids=["unit-with-rows", "unit-without-rows"])
def test_a_pull_reads_the_stream_and_unit_index(pg_central: Central, unit: str) -> None:
    with pg_central.store.engine.begin() as conn:
        conn.execute(text(FILL))
        conn.execute(text("ANALYZE central_changes"))
    plans = _pull_plans(pg_central, unit)
    assert len(plans) == 2  # the unit's rows, the rows for every unit
    for plan in plans:
        assert "ix_central_changes_stream_unit_seq" in plan, plan
        assert "Seq Scan" not in plan and "pk_central_changes" not in plan, plan
