"""Pull of one unit's page from the central feed on PostgreSQL: at 5,000,000 changes against the same at 50,000.

Two feeds of the same shape (the applications stream spread over 98 units, the unit measured holding 1% of
it; 1% shared rows in the registry stream), built with generate_series; per round, each pull is timed on the small feed and then on the large one (interleaved), for a
unit with rows and a unit with none. Reports the ratio large/small of the medians (and of the mins). Goal <= 1.5.

    .venv/bin/python -m bench.bench_pull [large_rows]       (needs PostgreSQL on 127.0.0.1:5432)
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from typing import Any

import psycopg

from bench.bench_parts import create_database, drop_database, sqlalchemy_url

SMALL, LARGE = 50_000, 5_000_000
ROUNDS = 7
PAGE = 500

_FILL = """
INSERT INTO central_changes (seq, stream, entity, entity_id, op, unit_code, data, at)
SELECT g, CASE WHEN g %% 100 = 1 THEN 'registry' ELSE 'applications' END, 'application', 'app-' || g,
       'application.submit',
       CASE WHEN g %% 100 = 0 THEN '410100' WHEN g %% 100 = 1 THEN NULL
            ELSE '4102' || lpad((g %% 97)::text, 2, '0') END,
       json_build_object('uuid', 'app-' || g, 'status', 'received'), now()
FROM generate_series(1, %s) g
"""


def _database(rows: int) -> tuple[str, str]:
    from app.central.store import open_store

    name = f"cd_bench_pull_{rows}_{uuid.uuid4().hex[:8]}"
    url = create_database(name)
    open_store(sqlalchemy_url(url)).dispose()  # the schema
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(_FILL, (rows,))
        conn.execute("VACUUM ANALYZE central_changes")
    return name, url


def run(large: int = LARGE) -> dict[str, Any]:
    from app.central.feed import pull
    from app.central.store import open_store

    names: list[str] = []
    stores: dict[str, Any] = {}
    try:
        for label, rows in (("small", SMALL), ("large", large)):
            name, url = _database(rows)
            names.append(name)
            stores[label] = open_store(sqlalchemy_url(url), pool_size=2)
        times: dict[tuple[str, str], list[float]] = {}
        counts: dict[tuple[str, str], int] = {}
        for _ in range(ROUNDS):
            for unit in ("410100", "419900"):  # 1% of the rows; none
                for label in ("small", "large"):
                    with stores[label].read() as s:
                        start = time.perf_counter()
                        page = pull(s, "applications", 0, PAGE, unit)
                        took = time.perf_counter() - start
                    times.setdefault((unit, label), []).append(took)
                    counts[(unit, label)] = len(page.changes)
        result: dict[str, Any] = {"small_rows": SMALL, "large_rows": large, "rounds": ROUNDS, "page": PAGE}
        for unit, what in (("410100", "unit_with_rows"), ("419900", "unit_without_rows")):
            small, big = times[(unit, "small")], times[(unit, "large")]
            result[f"{what}_small_median_ms"] = round(statistics.median(small) * 1000, 2)
            result[f"{what}_large_median_ms"] = round(statistics.median(big) * 1000, 2)
            result[f"{what}_ratio_median"] = round(statistics.median(big) / statistics.median(small), 2)
            result[f"{what}_ratio_min"] = round(min(big) / min(small), 2)
            result[f"{what}_changes_in_page"] = counts[(unit, "large")]
        result["ratio_goal"] = 1.5
        return result
    finally:
        for store in stores.values():
            store.dispose()
        for name in names:
            drop_database(name)


def main() -> None:
    large = int(sys.argv[1]) if len(sys.argv) > 1 else LARGE
    for key, value in run(large).items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
