"""Certificate register import at the central store (PostgreSQL) as a ratio to PostgreSQL COPY of the same rows.

    .venv/bin/python -m bench.bench_register      (1,000,000 certificates; COUNTERDESK_BENCH_REGISTER_N=100000 for
                                                   a quick run, COUNTERDESK_BENCH_REGISTER_ROUNDS for the rounds)

Product: `app.central.register_import.import_batch`, the central side of the import, batch after batch of 5,000
(each batch one transaction: holders and certificates, the imported version rows, a feed change per certificate
carrying its holder, one audit event; the sequencer numbering the feed after each commit). Each batch's records
are made before its call is timed; what runs on the administrator's workstation (reading the .xlsx, checking
photos) and the HTTP hop are left out.

Baseline: COPY, in one transaction, of every row the import must leave in the store — the persons, the
certificates, their version rows (snapshot JSON) and the feed changes (payload JSON with the holder) — into the
same tables with the same indexes and constraints. The feed rows belong in the baseline because the issue asks
for the register to reach every counter through the change feed: a feed change per certificate is part of what
"importing" writes, and it is the largest row of the four. The COPY data is rendered to files before timing, so
the baseline is PostgreSQL's bulk load alone. The ratio against COPY of persons and certificates only (the same
transaction's first two COPYs, before commit) is reported too.

Rounds interleave baseline and product on a freshly truncated store; median and min of the ratio (baseline time /
product time, higher is better) are reported, with the longest single transaction of the product (a batch's
write or a sequencer run: the longest any lock it takes is held), measured from BEGIN to the connection's return.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import event

from app.central.register_import import MAX_BATCH, import_batch
from app.central.sequencer import drain
from app.central.store import open_store
from app.models.register_rows import IMPORT_OPERATION, IMPORTED_BY, payload, values_of
from bench.bench_parts import (
    CERTIFICATE_TERMS,
    create_database,
    drop_database,
    resident_id,
    rounds,
    sqlalchemy_url,
)

N = int(os.environ.get("COUNTERDESK_BENCH_REGISTER_N", "1000000"))
# A round at 1,000,000 takes minutes (baseline and product), so three rounds there; five below.
ROUNDS = rounds("COUNTERDESK_BENCH_REGISTER_ROUNDS", N)
BATCH = min(MAX_BATCH, 5000)
GOAL = 0.25
FAMILIES = {"AG", "TZ", "JN"}
NOW = datetime(2026, 12, 2, 9, 0)
_TABLES = (
    "certificate_versions",
    "certificates",
    "persons",
    "central_changes",
    "central_changes_pending",
    "central_audit_pending",
    "audit_events",
)
_PERSON_COLS = ("id_number", "name", "sex", "birth_date", "updated_at")
_CERT_COLS = (
    "number",
    "family",
    "category",
    "holder_id_number",
    "holder_name",
    "holder_sex",
    "holder_birth_date",
    "company_name",
    "status",
    "first_issued_on",
    "valid_from",
    "valid_to",
    "issued_on",
    "version",
    "issuer",
    "updated_at",
)
_VERSION_COLS = (
    "certificate_id",
    "version",
    "operation_type",
    "snapshot",
    "created_at",
    "created_by",
    "printed_at",
    "voided",
)
_CHANGE_COLS = ("seq", "stream", "entity", "entity_id", "op", "data", "at")


def record(i: int) -> dict[str, Any]:
    """The i-th certificate as the workstation sends it (checked, dates as ISO text)."""
    idn = resident_id(i)
    return {
        "number": f"豫建安C2（{2015 + i % 10}）{i:07d}",
        "family": "AG",
        "category": "C2",
        "grade": None,
        "holder_id_number": idn,
        "old_id_number": None,
        "holder_name": "刘建国",
        "holder_sex": "男" if int(idn[16]) % 2 else "女",
        "holder_birth_date": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}",
        **CERTIFICATE_TERMS,
        "issuer": "河南省住房和城乡建设厅",
        "ecert_id": None,
        "version": 1,
        "photo_sha256": None,
    }


def records(n: int) -> list[dict[str, Any]]:
    return [record(i) for i in range(n)]


def _field(v: Any) -> str:
    if v is None:
        return "\\N"
    s = v.isoformat(sep=" ") if isinstance(v, datetime) else str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _line(values: tuple[Any, ...]) -> str:
    return "\t".join(map(_field, values)) + "\n"


def _render_baseline(n: int, folder: Path) -> list[tuple[str, tuple[str, ...], Path]]:
    """The COPY text of every row the import writes, one file per table, in COPY order."""
    files = {t: (folder / f"{t}.copy").open("w", encoding="utf-8") for t in _TABLES[:4]}
    try:
        for i in range(n):
            r = record(i)
            values = values_of(r)
            files["persons"].write(
                _line((r["holder_id_number"], r["holder_name"], r["holder_sex"], r["holder_birth_date"], NOW))
            )
            files["certificates"].write(_line(tuple(NOW if c == "updated_at" else r[c] for c in _CERT_COLS)))
            snapshot = json.dumps(payload({"number": r["number"], **values}), ensure_ascii=False)
            files["certificate_versions"].write(
                _line(
                    (
                        i + 1,
                        1,
                        IMPORT_OPERATION,
                        snapshot,
                        NOW,
                        IMPORTED_BY,
                        datetime.combine(values["issued_on"], datetime.min.time()),
                        "f",
                    )
                )
            )
            holder = {
                "id_number": r["holder_id_number"],
                "name": r["holder_name"],
                "sex": r["holder_sex"],
                "birth_date": r["holder_birth_date"],
            }
            data = snapshot[:-1] + ', "holder": ' + json.dumps(holder, ensure_ascii=False) + "}"
            files["central_changes"].write(
                _line((i + 1, "registry", "certificate", r["number"], "upsert", data, NOW))
            )
    finally:
        for f in files.values():
            f.close()
    return [
        ("persons", _PERSON_COLS, folder / "persons.copy"),
        ("certificates", _CERT_COLS, folder / "certificates.copy"),
        ("certificate_versions", _VERSION_COLS, folder / "certificate_versions.copy"),
        ("central_changes", _CHANGE_COLS, folder / "central_changes.copy"),
    ]


def _copy(url: str, plan: list[tuple[str, tuple[str, ...], Path]]) -> tuple[float, float]:
    """(all four tables committed, persons and certificates only) in seconds."""
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        core = 0.0
        with conn.cursor() as cur:
            for table, cols, path in plan:
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols))
                )
                with cur.copy(statement) as copy, path.open("rb") as f:
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
                if table == "certificates":
                    core = time.perf_counter() - started
        conn.commit()
        return time.perf_counter() - started, core


def _batches(n: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, n, BATCH):
        yield [record(i) for i in range(start, min(n, start + BATCH))]


def _product(store: Any, n: int, holds: list[float]) -> float:
    """Seconds spent in `import_batch` calls (and a final sequencer run), batch records made untimed."""
    holds.clear()
    spent = 0.0
    for rows in _batches(n):
        started = time.perf_counter()
        import_batch(store, "admin", rows, FAMILIES)
        spent += time.perf_counter() - started
    started = time.perf_counter()
    drain(store.engine)  # nothing should be left; counted if it is
    return spent + time.perf_counter() - started


def _watch_transactions(engine: Any, holds: list[float]) -> None:
    """Record each transaction's span, from BEGIN to the connection's return to the pool (after COMMIT)."""

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.info["bench_begin"] = time.perf_counter()

    @event.listens_for(engine.pool, "checkin")
    def _checkin(_dbapi: Any, record: Any) -> None:
        began = record.info.pop("bench_begin", None)
        if began is not None:
            holds.append(time.perf_counter() - began)


def _truncate(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                sql.SQL(", ").join(map(sql.Identifier, _TABLES))
            )
        )


def _stored(url: str) -> tuple[int, int, int]:
    with psycopg.connect(url) as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0])
            for t in ("certificates", "certificate_versions", "central_changes")
        )


def run() -> dict[str, Any]:
    name = f"cd_bench_register_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    store = open_store(sqlalchemy_url(url))
    holds: list[float] = []
    _watch_transactions(store.engine, holds)
    ratios, core_ratios, copies, products, longest = [], [], [], [], []
    try:
        with tempfile.TemporaryDirectory(prefix="cd_bench_register_") as folder:
            plan = _render_baseline(N, Path(folder))
            for _ in range(ROUNDS):
                _truncate(url)
                base, core = _copy(url, plan)
                _truncate(url)
                prod = _product(store, N, holds)
                if _stored(url) != (N, N, N):
                    raise RuntimeError(f"the import left {_stored(url)} rows, not {N} of each")
                copies.append(base)
                products.append(prod)
                ratios.append(base / prod)
                core_ratios.append(core / prod)
                longest.append(max(holds))
                print(
                    f"  round: COPY {base:.2f} s (persons+certificates {core:.2f} s), import {prod:.2f} s, "
                    f"ratio {base / prod:.3f}, longest transaction {max(holds) * 1000:.0f} ms "
                    f"(of {len(holds)})",
                    flush=True,
                )
    finally:
        store.dispose()
        drop_database(name)
    results = {
        "certificates": N,
        "rounds": ROUNDS,
        "batch": BATCH,
        "copy_s_median": round(statistics.median(copies), 2),
        "import_s_median": round(statistics.median(products), 2),
        "import_rows_per_s_median": round(N / statistics.median(products)),
        "ratio_to_copy_median": round(statistics.median(ratios), 3),
        "ratio_to_copy_min": round(min(ratios), 3),
        "ratio_to_copy_persons_certificates_median": round(statistics.median(core_ratios), 3),
        "longest_transaction_ms": round(max(longest) * 1000),
        "goal": GOAL,
        "load": Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None,
    }
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"certificate register import, {results['certificates']} certificates, {results['rounds']} rounds:")
    print(
        f"  import {results['import_s_median']} s median ({results['import_rows_per_s_median']} rows/s), "
        f"COPY {results['copy_s_median']} s"
    )
    print(
        f"  ratio to COPY: median {results['ratio_to_copy_median']}, min {results['ratio_to_copy_min']} "
        f"(goal >= {results['goal']}); persons+certificates only: "
        f"median {results['ratio_to_copy_persons_certificates_median']}"
    )
    print(f"  longest single transaction (lock hold): {results['longest_transaction_ms']} ms")


if __name__ == "__main__":
    run()
