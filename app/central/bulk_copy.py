"""Bulk writes for the central store's large imports: PostgreSQL COPY inside the current transaction, plain
multi-row INSERTs elsewhere (SQLite in tests and the embedded store).

`feed` appends registry changes as `Journal.flush` does: numbered at once on SQLite (one writer), into the
pending table on PostgreSQL for the sequencer to number after the commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from app.central.feed import sequence_after_commit
from app.central.models import Change, PendingChange
from app.central.sequencer import head


def _is_postgres(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def among(s: Session, column: Any, values: Sequence[str]) -> Any:
    """`column IN values` for thousands of keys. On PostgreSQL a semi-join on `unnest` of one array parameter:
    a list of thousands of literals is slow to bind, and `= ANY(array)` under a sequential scan (which the
    planner picks while a freshly filled table's statistics still say it is empty) compares every row with
    every key. Elsewhere the expanding IN."""
    if _is_postgres(s):
        from sqlalchemy import String, bindparam, func
        from sqlalchemy.dialects.postgresql import ARRAY

        return column.in_(select(func.unnest(bindparam(None, list(values), type_=ARRAY(String)))))
    return column.in_(list(values))


def copy_rows(s: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows` (tuples in `columns` order) into `table` within the session's transaction."""
    if _is_postgres(s):
        from psycopg import sql

        raw = s.connection().connection.driver_connection
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with raw.cursor() as cur, cur.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    dicts = [dict(zip(columns, row, strict=True)) for row in rows]
    if dicts:
        s.execute(insert(table), dicts)


def feed(s: Session, changes: list[tuple[str, str, str, str, dict[str, Any] | str]], now: datetime) -> None:
    """Append (stream, entity, entity_id, op, data) changes for every unit. On SQLite (one writer) they are
    numbered here; on PostgreSQL they go to the pending table and the sequencer numbers them after the commit,
    as every other change (app/central/sequencer.py), so a bulk import never holds a feed lock. `data` may come
    already serialised as JSON text (a caller that has the text at hand saves a second dump)."""
    if not changes:
        return
    if not _is_postgres(s):
        last = head(s)
        rows = [
            (last + i, stream, entity, entity_id, op, None, _as_dict(data), now)
            for i, (stream, entity, entity_id, op, data) in enumerate(changes, 1)
        ]
        copy_rows(
            s,
            cast(Table, Change.__table__),
            ("seq", "stream", "entity", "entity_id", "op", "unit_code", "data", "at"),
            rows,
        )
        return
    pending = [
        (stream, entity, entity_id, op, None, _as_text(data), now)
        for stream, entity, entity_id, op, data in changes
    ]
    copy_rows(
        s,
        cast(Table, PendingChange.__table__),
        ("stream", "entity", "entity_id", "op", "unit_code", "data", "at"),
        pending,
    )
    sequence_after_commit(s)


def _as_text(data: dict[str, Any] | str) -> str:
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)


def _as_dict(data: dict[str, Any] | str) -> dict[str, Any]:
    return dict(json.loads(data)) if isinstance(data, str) else data
