"""A push batch's inserts as one statement per table (docs/DESIGN.md, "Push hot path").

`insert_rows` writes a list of rows that reads nothing back, so it can go inside a psycopg pipeline. On
PostgreSQL several rows go as ONE statement, `INSERT … SELECT … FROM json_populate_recordset(NULL::table, $1)`, the
rows being one JSON document: PostgreSQL converts each field to its column's type, and the rows are inserted
(and their ids drawn) in the document's order. An executemany sent one Bind/Execute per row, each costing Python
in SQLAlchemy and psycopg and a statement execution in the database. Rows the JSON form could change fall back to
that executemany: an aware datetime (its offset would be dropped rather than converted) or a None in a JSON
column (SQLAlchemy stores it as JSON `null`, json_populate_recordset as SQL NULL). Elsewhere (SQLite) the
executemany as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Table, TextClause, insert, text
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class _Shape:
    """The one-statement INSERT of some columns (by key) and which of them hold datetimes, dates and JSON."""

    statement: TextClause
    keys: frozenset[str]
    stamps: tuple[str, ...]
    days: tuple[str, ...]
    documents: tuple[str, ...]
    renamed: dict[str, str]  # key → column name, where they differ


@cache
def _shape(table: Table, keys: tuple[str, ...]) -> _Shape | None:
    """None when a column left out has a default SQLAlchemy would fill in (the statement would write NULL or the
    server's default instead)."""
    chosen = [table.c[k] for k in keys]
    if any(c.default is not None for c in table.columns if c.key not in keys):
        return None
    names = ", ".join(_quote(c.name) for c in chosen)
    picked = ", ".join(f"r.{_quote(c.name)}" for c in chosen)
    statement = text(
        f"INSERT INTO {_quote(table.name)} ({names}) SELECT {picked}"
        f" FROM json_populate_recordset(NULL::{_quote(table.name)}, CAST(:rows AS json))"
        " WITH ORDINALITY AS r ORDER BY r.ordinality"
    )
    return _Shape(
        statement,
        frozenset(keys),
        tuple(c.key for c in chosen if isinstance(c.type, DateTime)),
        tuple(c.key for c in chosen if isinstance(c.type, Date) and not isinstance(c.type, DateTime)),
        tuple(c.key for c in chosen if isinstance(c.type, JSON)),
        {c.key: c.name for c in chosen if c.key != c.name},
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _document(shape: _Shape, rows: list[dict[str, Any]]) -> str | None:
    """The rows as the JSON document the statement reads, or None when a value would not come back the same."""
    out = []
    for row in rows:
        if row.keys() != shape.keys:
            return None
        item = dict(row)
        for key in shape.stamps:
            value = item[key]
            if value is not None:
                if not isinstance(value, datetime) or value.tzinfo is not None:
                    return None
                item[key] = value.isoformat()
        for key in shape.days:
            value = item[key]
            if value is not None:
                if not isinstance(value, date) or isinstance(value, datetime):
                    return None
                item[key] = value.isoformat()
        for key in shape.documents:
            if item[key] is None:
                return None
        if shape.renamed:
            item = {shape.renamed.get(k, k): v for k, v in item.items()}
        out.append(item)
    try:
        return json.dumps(out)  # the same text SQLAlchemy's JSON type writes for each document
    except (TypeError, ValueError):
        return None


def insert_rows(s: Session | Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts by column key, every row with the same keys) reading nothing back."""
    if not rows:
        return
    dialect = s.dialect if isinstance(s, Connection) else s.get_bind().dialect
    if len(rows) > 1 and dialect.name == "postgresql":
        shape = _shape(table, tuple(rows[0]))
        document = _document(shape, rows) if shape is not None else None
        if shape is not None and document is not None:
            s.execute(shape.statement, {"rows": document})
            return
    if len(rows) > 1:
        s.execute(insert(table), rows)
    else:
        # A lone row given as parameters would be inserted with an implicit RETURNING of its id.
        s.execute(insert(table).values(rows))
