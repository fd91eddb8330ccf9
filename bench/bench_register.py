"""Certificate register import at the central store (PostgreSQL) as a ratio to PostgreSQL COPY of the same rows.

    .venv/bin/python -m bench.bench_register          (COUNTERDESK_BENCH_REGISTER_N=1000000 for the full size)

Product: `app.central.register_import.import_batch`, the central side of the import, batch after batch (each
batch one transaction: persons and certificates, the imported version row, a feed change per record and an
audit event). It leaves out what runs on the administrator's workstation (reading the .xlsx, checking photos)
and the HTTP hop. Baseline: COPY of the same person and certificate rows into the same tables (same indexes)
in one transaction. Rounds interleave baseline and product on a freshly truncated store; median and min of the
ratio (baseline time / product time, higher is better) are reported.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import psycopg
from psycopg import sql

from app.central.register_import import MAX_BATCH, import_batch
from app.central.store import open_store
from app.domain.identifiers import resident_id_check_char

PG_ADMIN = os.environ.get("COUNTERDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
N = int(os.environ.get("COUNTERDESK_BENCH_REGISTER_N", "100000"))
ROUNDS = int(os.environ.get("COUNTERDESK_BENCH_REGISTER_ROUNDS", "5"))
BATCH = min(MAX_BATCH, 5000)
GOAL = 0.25
_TABLES = ("certificate_versions", "certificates", "persons", "central_changes", "audit_events")


def _id(n: int) -> str:
    """The n-th of a run of distinct valid ID numbers (900 a day of birth from 1950 on)."""
    birth = date(1950, 1, 1) + timedelta(days=n // 900)
    first17 = f"410105{birth:%Y%m%d}{n % 900 + 100:03d}"
    return first17 + resident_id_check_char(first17)


def records(n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        idn = _id(i)
        out.append(
            {
                "number": f"豫建安C2（{2015 + i % 10}）{i:07d}",
                "family": "AG",
                "category": "C2",
                "grade": None,
                "holder_id_number": idn,
                "old_id_number": None,
                "holder_name": "刘建国",
                "holder_sex": "男" if int(idn[16]) % 2 else "女",
                "holder_birth_date": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}",
                "company_code": None,
                "company_name": "河南测试建设有限公司",
                "position": None,
                "training_body": None,
                "status": "01",
                "first_issued_on": "2019-03-01",
                "valid_from": "2024-03-01",
                "valid_to": "2027-02-28",
                "issued_on": "2024-03-01",
                "issuer": "河南省住房和城乡建设厅",
                "ecert_id": None,
                "version": 1,
                "photo_sha256": None,
            }
        )
    return out


def _copy(url: str, rows: list[dict[str, Any]]) -> float:
    now = datetime(2026, 12, 2, 9, 0)
    cert_cols = [
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
    ]
    person_cols = ["id_number", "name", "sex", "birth_date", "updated_at"]
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur:
            with cur.copy(
                sql.SQL("COPY persons ({}) FROM STDIN").format(
                    sql.SQL(", ").join(map(sql.Identifier, person_cols))
                )
            ) as copy:
                for r in rows:
                    copy.write_row(
                        (
                            r["holder_id_number"],
                            r["holder_name"],
                            r["holder_sex"],
                            date.fromisoformat(r["holder_birth_date"]),
                            now,
                        )
                    )
            with cur.copy(
                sql.SQL("COPY certificates ({}) FROM STDIN").format(
                    sql.SQL(", ").join(map(sql.Identifier, cert_cols))
                )
            ) as copy:
                for r in rows:
                    copy.write_row(
                        tuple(
                            now
                            if c == "updated_at"
                            else date.fromisoformat(r[c])
                            if c
                            in ("holder_birth_date", "first_issued_on", "valid_from", "valid_to", "issued_on")
                            else r[c]
                            for c in cert_cols
                        )
                    )
        conn.commit()
        return time.perf_counter() - started


def _product(store: Any, rows: list[dict[str, Any]]) -> float:
    families = {"AG", "TZ", "JN"}
    started = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        import_batch(store, "admin", [dict(r) for r in rows[i : i + BATCH]], families)
    return time.perf_counter() - started


def _truncate(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                sql.SQL(", ").join(map(sql.Identifier, _TABLES))
            )
        )
        conn.execute("UPDATE central_feed_counter SET last_seq = 0")


def run() -> dict[str, Any]:
    name = f"cd_bench_register_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    store = open_store(url.replace("postgresql://", "postgresql+psycopg://", 1))
    rows = records(N)
    ratios, copies, products = [], [], []
    try:
        for _ in range(ROUNDS):
            _truncate(url)
            base = _copy(url, rows)
            _truncate(url)
            prod = _product(store, rows)
            copies.append(base)
            products.append(prod)
            ratios.append(base / prod)
            print(f"  round: COPY {base:.2f} s, import {prod:.2f} s, ratio {base / prod:.3f}", flush=True)
    finally:
        store.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    return {
        "certificates": N,
        "rounds": ROUNDS,
        "batch": BATCH,
        "copy_s_median": round(statistics.median(copies), 2),
        "import_s_median": round(statistics.median(products), 2),
        "import_rows_per_s_median": round(N / statistics.median(products)),
        "ratio_to_copy_median": round(statistics.median(ratios), 3),
        "ratio_to_copy_min": round(min(ratios), 3),
        "goal": GOAL,
    }


def main() -> None:
    results = run()
    print(f"certificate register import, {results['certificates']} certificates, {results['rounds']} rounds:")
    print(
        f"  import {results['import_s_median']} s median ({results['import_rows_per_s_median']} rows/s), "
        f"COPY {results['copy_s_median']} s"
    )
    print(
        f"  ratio to COPY: median {results['ratio_to_copy_median']}, min {results['ratio_to_copy_min']} "
        f"(goal >= {results['goal']})"
    )


if __name__ == "__main__":
    main()
