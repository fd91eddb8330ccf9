"""A new counter's first registry load (persons and certificates) as a ratio to a raw sqlite3 bulk insert.

    .venv/bin/python -m bench.bench_snapshot          (COUNTERDESK_BENCH_SNAPSHOT_N=1000000 for the full size)

Product: `app.sync.snapshot.load_snapshot` into a freshly migrated counter store, fed by an in-process source
that hands out pages prepared before timing (so neither HTTP nor page building is measured); it also writes the
imported version row of each certificate and its resume state per page. Baseline: `sqlite3.executemany` of the
same person and certificate rows into a copy of the same empty, migrated database (same indexes), one
transaction per page of the same size. Rounds interleave baseline and product; median and min of the ratio
(baseline time / product time) and the product's peak Python memory (tracemalloc) are reported.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from app.bootstrap import DB_NAME, open_context
from app.central.snapshot import columns_of
from app.domain.identifiers import resident_id_check_char
from app.sync.snapshot import load_snapshot

N = int(os.environ.get("COUNTERDESK_BENCH_SNAPSHOT_N", "100000"))
ROUNDS = int(os.environ.get("COUNTERDESK_BENCH_SNAPSHOT_ROUNDS", "5"))
PAGE = 10_000
GOAL = 0.3
NOW = datetime(2026, 12, 2, 9, 0)


def _id(n: int) -> str:
    birth = date(1950, 1, 1) + timedelta(days=n // 900)
    first17 = f"410105{birth:%Y%m%d}{n % 900 + 100:03d}"
    return first17 + resident_id_check_char(first17)


def _person(n: int) -> dict[str, Any]:
    idn = _id(n)
    return {
        "id_number": idn,
        "old_id_number": None,
        "name": "刘建国",
        "sex": "男",
        "birth_date": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}",
        "mobile": None,
        "education": None,
        "photo_sha256": None,
    }


def _certificate(n: int) -> dict[str, Any]:
    return {
        "number": f"豫建安C2（{2015 + n % 10}）{n:07d}",
        "family": "AG",
        "category": "C2",
        "grade": None,
        "holder_id_number": _id(n),
        "holder_name": "刘建国",
        "holder_sex": "男",
        "holder_birth_date": None,
        "company_code": None,
        "company_name": "河南测试建设有限公司",
        "position": None,
        "training_body": None,
        "status": "01",
        "first_issued_on": "2019-03-01",
        "valid_from": "2024-03-01",
        "valid_to": "2027-02-28",
        "issued_on": "2024-03-01",
        "version": 1,
        "ecert_id": None,
        "photo_sha256": None,
        "origin": None,
        "issuer": "河南省住房和城乡建设厅",
    }


class PreparedSource:
    """Pages built before timing, in the central endpoint's shape."""

    def __init__(self, n: int) -> None:
        self.pages: dict[str, list[dict[str, Any]]] = {}
        for kind, make in (("person", _person), ("certificate", _certificate)):
            cols = columns_of(kind)
            pages = []
            for start in range(0, n, PAGE):
                rows = [[make(i)[c] for c in cols] for i in range(start, min(n, start + PAGE))]
                pages.append({"kind": kind, "columns": cols, "rows": rows, "next": start + len(rows)})
            self.pages[kind] = pages
        self.n = n

    def start(self) -> dict[str, Any]:
        return {"as_of": 1, "kinds": list(self.pages), "counts": {k: self.n for k in self.pages}}

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]:
        pages = self.pages.get(kind, [])
        index = after // PAGE
        if index >= len(pages):
            return {
                "kind": kind,
                "columns": columns_of(kind) if kind in self.pages else [],
                "rows": [],
                "next": None,
            }
        return pages[index]


def _raw(path: Path, source: PreparedSource) -> float:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    for kind, table in (("person", "persons"), ("certificate", "certificates")):
        cols = columns_of(kind)
        sql = (
            f"INSERT INTO {table} ({', '.join(cols)}, updated_at) VALUES ({', '.join('?' * (len(cols) + 1))})"
        )
        stamp = NOW.isoformat(sep=" ")
        for page in source.pages[kind]:
            with conn:
                conn.executemany(sql, [(*row, stamp) for row in page["rows"]])
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _product(root: Path, source: PreparedSource, *, trace: bool = False) -> tuple[float, int]:
    """Seconds of the load, and (with `trace`, in an extra untimed run) its peak Python memory in bytes."""
    ctx = open_context(root)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    load_snapshot(ctx.store, source, now=lambda: NOW, page_size=PAGE)
    elapsed = time.perf_counter() - started
    peak = 0
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    ctx.store.dispose()
    return elapsed, peak


def run() -> dict[str, Any]:
    source = PreparedSource(N)
    ratios, raws, products, peaks = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        open_context(template).store.dispose()  # an empty, migrated counter store with every index
        for r in range(ROUNDS):
            raw_path = Path(tmp) / f"raw{r}.sqlite3"
            shutil.copy2(template / DB_NAME, raw_path)
            base = _raw(raw_path, source)
            root = Path(tmp) / f"product{r}"
            root.mkdir()
            shutil.copy2(template / DB_NAME, root / DB_NAME)
            prod, _ = _product(root, source)
            raws.append(base)
            products.append(prod)
            ratios.append(base / prod)
            print(
                f"  round: sqlite3 {base:.2f} s, snapshot load {prod:.2f} s, ratio {base / prod:.3f}",
                flush=True,
            )
        root = Path(tmp) / "traced"
        root.mkdir()
        shutil.copy2(template / DB_NAME, root / DB_NAME)
        peaks.append(_product(root, source, trace=True)[1])
    return {
        "persons": N,
        "certificates": N,
        "rounds": ROUNDS,
        "raw_sqlite3_s_median": round(statistics.median(raws), 2),
        "snapshot_s_median": round(statistics.median(products), 2),
        "ratio_to_sqlite3_median": round(statistics.median(ratios), 3),
        "ratio_to_sqlite3_min": round(min(ratios), 3),
        "peak_python_mb": round(max(peaks) / 1e6, 1),
        "goal": GOAL,
    }


def main() -> None:
    results = run()
    print(f"first registry load, {results['persons']} persons and {results['certificates']} certificates:")
    print(
        f"  snapshot {results['snapshot_s_median']} s median, raw sqlite3 {results['raw_sqlite3_s_median']} s"
    )
    print(
        f"  ratio to sqlite3: median {results['ratio_to_sqlite3_median']}, min {results['ratio_to_sqlite3_min']} "
        f"(goal >= {results['goal']}); peak Python memory {results['peak_python_mb']} MB"
    )


if __name__ == "__main__":
    main()
