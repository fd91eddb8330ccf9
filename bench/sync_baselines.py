"""The push benchmark's baselines (bench/bench_sync.py): raw psycopg writing the rows a push writes, with the same
ordering guarantee (the sequencer's own statement after each commit, the audit events chained).

Two ways to send the rows: `executemany` (one Bind/Execute per row, as psycopg is usually used) and one statement
per table reading the rows from one JSON document (`json_populate_recordset`, as the product itself now writes a
batch: app/central/bulk_rows.py). Against the second, the push's ratio is what its own Python work costs.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime
from typing import Any

import psycopg

from app.central.sequencer import MOVE_CHANGES, SEQUENCER_LOCK
from app.core.audit_chain import GENESIS, event_hash

_COLUMNS = {
    "applications": (
        "uuid", "number", "item_code", "family", "status", "version", "id_number", "applicant_name", "mobile",
        "form", "conditions", "material_states", "missing_items", "provisional", "unit_code", "counter_no",
        "created_by", "created_at", "updated_at", "received_by", "received_at", "sync_state", "due_on",
    ),
    "central_idempotency": ("key", "payload_hash", "op", "username", "answer", "created_at"),
    "central_changes_pending": ("stream", "entity", "entity_id", "op", "unit_code", "data", "at"),
    "central_audit_pending": ("at", "actor", "action", "entity", "entity_id", "detail"),
    "audit_events": ("at", "actor", "action", "entity", "entity_id", "detail", "prev_hash", "hash"),
}  # fmt: skip
_JSON = {"form", "conditions", "material_states", "missing_items", "answer", "data", "detail"}


def _write(cur: psycopg.Cursor[Any], table: str, rows: list[dict[str, Any]], one_statement: bool) -> None:
    columns = _COLUMNS[table]
    names = ", ".join(f'"{c}"' for c in columns)
    if one_statement:
        document = json.dumps(
            [{c: (r[c].isoformat() if isinstance(r[c], datetime) else r[c]) for c in columns} for r in rows]
        )
        picked = ", ".join(f'r."{c}"' for c in columns)
        cur.execute(
            f"INSERT INTO {table} ({names}) SELECT {picked} FROM json_populate_recordset(NULL::{table}, %s::json)"
            " WITH ORDINALITY AS r ORDER BY r.ordinality",
            (document,),
        )
        return
    marks = ", ".join(["%s"] * len(columns))
    cur.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        [tuple(json.dumps(r[c]) if c in _JSON else r[c] for c in columns) for r in rows],
    )


def raw_sequence(conn: psycopg.Connection[Any], one_statement: bool = False) -> None:
    """The same ordering guarantee as the product (app.central.sequencer), in raw SQL, after each commit."""
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (SEQUENCER_LOCK,))
        cur.execute(MOVE_CHANGES)  # the sequencer's own statement: head and move in one
        cur.execute(
            "SELECT id, at, actor, action, entity, entity_id, detail FROM central_audit_pending ORDER BY id"
        )
        pending = cur.fetchall()
        if not pending:
            return
        cur.execute("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")
        row = cur.fetchone()
        prev = row[0] if row else GENESIS
        events = []
        for _id, at, actor, action, entity, entity_id, detail in pending:
            h = event_hash(prev, at, actor, action, entity, entity_id, detail)
            events.append(
                {"at": at, "actor": actor, "action": action, "entity": entity, "entity_id": entity_id,
                 "detail": detail, "prev_hash": prev, "hash": h}
            )  # fmt: skip
            prev = h
        _write(cur, "audit_events", events, one_statement)
        cur.execute("DELETE FROM central_audit_pending WHERE id = ANY(%s)", ([p[0] for p in pending],))


def raw_baseline(
    url: str, entries: list[dict[str, Any]], batch_size: int, one_statement: bool = False
) -> float:
    """Rows per second: the same rows as the product writes (application, idempotency key with its answer, feed
    change carrying the application, audit event), one transaction per batch of the same size, each batch then
    numbered and chained by the same post-commit sequencing as the product (app.central.sequencer)."""
    start = time.perf_counter()
    with psycopg.connect(url) as conn:
        for b in range(0, len(entries), batch_size):
            batch = entries[b : b + batch_size]
            now = datetime.now(UTC).replace(tzinfo=None)
            apps, keys, changes, events = [], [], [], []
            for e in batch:
                a = e["payload"]["application"]
                apps.append(
                    {**{c: a.get(c) for c in _COLUMNS["applications"]}, "provisional": False, "created_at": now,
                     "updated_at": now, "received_at": now, "sync_state": "synced"}
                )  # fmt: skip
                digest = hashlib.sha256(json.dumps(e["payload"], sort_keys=True).encode()).hexdigest()
                answer = {"key": e["key"], "status": "applied", "code": None, "message": None, "fix": None,
                          "field": None, "original": None, "current": {"version": a["version"]}}  # fmt: skip
                keys.append(
                    {"key": e["key"], "payload_hash": digest, "op": e["op"], "username": e["actor"],
                     "answer": answer, "created_at": now}
                )  # fmt: skip
                feed = {**a, "created_at": now.isoformat(), "updated_at": now.isoformat(), "accepted_at": None,
                        "decided_at": None}  # fmt: skip
                changes.append(
                    {"stream": "applications", "entity": "application", "entity_id": a["uuid"], "op": e["op"],
                     "unit_code": "410000", "data": feed, "at": now}
                )  # fmt: skip
                events.append(
                    {"at": now, "actor": e["actor"], "action": e["op"], "entity": "application",
                     "entity_id": a["uuid"], "detail": {"key": e["key"], "version": a["version"]}}
                )  # fmt: skip
            with conn.transaction(), conn.cursor() as cur:
                _write(cur, "applications", apps, one_statement)
                _write(cur, "central_idempotency", keys, one_statement)
                _write(cur, "central_changes_pending", changes, one_statement)
                _write(cur, "central_audit_pending", events, one_statement)
            raw_sequence(conn, one_statement)
    return len(entries) / (time.perf_counter() - start)
