"""办件查询 and 今日工作台 at 1,000,000 applications on the counter's SQLite store.

Twelve typical queries (first page of 200 rows and the bounded count, as the list screen issues them), each
timed in every round, rounds interleaved; per query the median of the rounds, then the median and p90 over the
twelve. Goal: p90 < 100 ms. The dashboard (one clerk's tiles and lists) is timed the same way.

    .venv/bin/python -m bench.bench_search [rows]        (default 1,000,000; the store is built once, ~1 min)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROWS = 1_000_000
ROUNDS = 7


def _queries() -> list[tuple[str, Any]]:
    from app.services.search import Filters

    return [
        ("number, 20 digits", Filters(text="4100002026010500000007")),
        ("number prefix, one day", Filters(text="41000020260105")),
        ("number prefix, one month", Filters(text="410000202603")),
        ("ID number, full", Filters(text="90000000000123457X")),
        ("ID number prefix", Filters(text="9000000000012")),
        ("name 张伟", Filters(text="张伟")),
        ("surname 王", Filters(text="王")),
        ("company prefix", Filters(text="郑州市第1")),
        ("status 补正", Filters(statuses=("correction_requested",))),
        ("status + item", Filters(statuses=("accepted",), item_codes=("TZ-FIRST",))),
        ("one day", Filters(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2))),
        ("everything", Filters()),
    ]


def _store(root: Path, rows: int) -> Any:
    from app.bootstrap import DB_NAME, open_context
    from app.services.demo_workload import bulk_insert_applications

    ctx = open_context(root)
    ctx.store.dispose()
    bulk_insert_applications(root / DB_NAME, rows)
    return open_context(root)


def _time(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(rows: int = ROWS) -> dict[str, Any]:
    from app.services import search

    with tempfile.TemporaryDirectory(prefix="cd-bench-search-") as tmp:
        ctx = _store(Path(tmp), rows)
        queries = _queries()
        per_query: dict[str, list[float]] = {name: [] for name, _ in queries}
        dashboard: list[float] = []
        counts: dict[str, int] = {}
        for _ in range(ROUNDS):
            for name, f in queries:

                def one(f: Any = f, name: str = name) -> None:
                    search.page(ctx, f, offset=0, limit=200)
                    counts[name] = search.count(ctx, f)

                per_query[name].append(_time(one))
            dashboard.append(_time(lambda: search.dashboard(ctx, "clerk01")))
        ctx.store.dispose()
    medians = sorted(statistics.median(v) for v in per_query.values())
    p90 = medians[min(len(medians) - 1, int(round(0.9 * (len(medians) - 1))))]
    return {
        "rows": rows,
        "rounds": ROUNDS,
        "query_median_ms": round(statistics.median(medians) * 1000, 2),
        "query_p90_ms": round(p90 * 1000, 2),
        "query_goal_p90_ms": 100,
        "per_query_median_ms": {k: round(statistics.median(v) * 1000, 2) for k, v in per_query.items()},
        "per_query_min_ms": {k: round(min(v) * 1000, 2) for k, v in per_query.items()},
        "counts": counts,
        "dashboard_median_ms": round(statistics.median(dashboard) * 1000, 2),
        "dashboard_min_ms": round(min(dashboard) * 1000, 2),
    }


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    r = run(rows)
    print(f"办件查询 at {r['rows']:,} applications, {r['rounds']} rounds:")
    for name, ms in r["per_query_median_ms"].items():
        print(
            f"  {name:28s} median {ms:8.2f} ms  min {r['per_query_min_ms'][name]:8.2f} ms  count {r['counts'][name]}"
        )
    print(
        f"  over the twelve: median {r['query_median_ms']} ms, p90 {r['query_p90_ms']} ms (goal p90 < 100 ms)"
    )
    print(f"今日工作台 (clerk01): median {r['dashboard_median_ms']} ms, min {r['dashboard_min_ms']} ms")


if __name__ == "__main__":
    main()
