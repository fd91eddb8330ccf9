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
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Table, TextClause, insert, text
from sqlalchemy.orm import Session


@cache
def _shape(
    table: Table, keys: tuple[str, ...]
) -> tuple[TextClause, frozenset[str], frozenset[str], frozenset[str]] | None:
    """The one-statement INSERT of these columns (by key) and which of them hold datetimes, dates and JSON; None
    when a column left out has a default SQLAlchemy would fill in (the statement would write NULL or the
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
    stamps = frozenset(c.key for c in chosen if isinstance(c.type, DateTime))
    days = frozenset(c.key for c in chosen if isinstance(c.type, Date) and not isinstance(c.type, DateTime))
    documents = frozenset(c.key for c in chosen if isinstance(c.type, JSON))
    return statement, stamps, days, documents


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _document(table: Table, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> str | None:
    """The rows as the JSON document the statement reads, or None when a value would not come back the same."""
    shape = _shape(table, keys)
    if shape is None:
        return None
    _statement, stamps, days, documents = shape
    names = {c.key: c.name for c in table.columns}
    out = []
    for row in rows:
        if tuple(row) != keys:
            return None
        item: dict[str, Any] = {}
        for key, value in row.items():
            if key in stamps and value is not None:
                if not isinstance(value, datetime) or value.tzinfo is not None:
                    return None
                value = value.isoformat()
            elif key in days and value is not None:
                if not isinstance(value, date) or isinstance(value, datetime):
                    return None
                value = value.isoformat()
            elif key in documents and value is None:
                return None
            item[names[key]] = value
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
        keys = tuple(rows[0])
        document = _document(table, keys, rows)
        shape = _shape(table, keys)
        if document is not None and shape is not None:
            s.execute(shape[0], {"rows": document})
            return
    if len(rows) > 1:
        s.execute(insert(table), rows)
    else:
        # A lone row given as parameters would be inserted with an implicit RETURNING of its id.
        s.execute(insert(table).values(rows))
