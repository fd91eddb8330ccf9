"""A new counter's first registry load (persons and certificates) as a ratio to a raw sqlite3 bulk insert.

    .venv/bin/python -m bench.bench_snapshot     (COUNTERDESK_BENCH_SNAPSHOT_N=100000 for a quick run; default 1M)

Product: `app.sync.snapshot.load_snapshot` into a freshly migrated counter store, fed by an in-process source
in the central endpoint's page shape; it also writes the imported version row of each certificate and its resume
state per page. Baseline: `sqlite3.executemany` of the same person and certificate rows into a copy of the same
empty, migrated database (same indexes), one transaction per page of the same size. Pages are built on demand
(holding 2,000,000 rows would take gigabytes) and the time spent building them is subtracted from both sides, so
neither HTTP nor page building is measured. Each side runs in a child process of its own (spawned), which
reports its time and its peak resident memory (ru_maxrss); rounds interleave baseline and product; median and
min of the ratio (baseline time / product time) are reported.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from app.bootstrap import DB_NAME, open_context
from app.central.snapshot import columns_of
from app.sync.snapshot import load_snapshot
from bench.bench_parts import CERTIFICATE_TERMS, resident_id, rounds

N = int(os.environ.get("COUNTERDESK_BENCH_SNAPSHOT_N", "1000000"))
# At 1,000,000 + 1,000,000 rows a round (both sides) takes minutes even on an idle machine: three rounds there.
ROUNDS = rounds("COUNTERDESK_BENCH_SNAPSHOT_ROUNDS", N)
PAGE = 10_000
GOAL = 0.3
NOW = datetime(2026, 12, 2, 9, 0)


def _person(n: int) -> dict[str, Any]:
    idn = resident_id(n)
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
        "holder_id_number": resident_id(n),
        "holder_name": "刘建国",
        "holder_sex": "男",
        "holder_birth_date": None,
        **CERTIFICATE_TERMS,
        "version": 1,
        "ecert_id": None,
        "photo_sha256": None,
        "origin": None,
        "issuer": "河南省住房和城乡建设厅",
    }


class PreparedSource:
    """Pages in the central endpoint's shape, built on demand; `building` sums the seconds spent building them."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.kinds = {"person": _person, "certificate": _certificate}
        self.building = 0.0

    def start(self) -> dict[str, Any]:
        return {"as_of": 1, "kinds": list(self.kinds), "counts": {k: self.n for k in self.kinds}}

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]:
        started = time.perf_counter()
        make = self.kinds.get(kind)
        cols = columns_of(kind) if make is not None else []
        rows: list[list[Any]] = []
        if make is not None:
            for i in range(after, min(self.n, after + limit)):
                record = make(i)
                rows.append([record[c] for c in cols])
        answer = {"kind": kind, "columns": cols, "rows": rows, "next": after + len(rows) if rows else None}
        self.building += time.perf_counter() - started
        return answer


def _raw(path: Path, n: int) -> float:
    source = PreparedSource(n)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    stamp = NOW.isoformat(sep=" ")
    for kind, table in (("person", "persons"), ("certificate", "certificates")):
        cols = columns_of(kind)
        sql = (
            f"INSERT INTO {table} ({', '.join(cols)}, updated_at) VALUES ({', '.join('?' * (len(cols) + 1))})"
        )
        after = 0
        while True:
            page = source.page(kind, after, PAGE)
            if not page["rows"]:
                break
            with conn:
                conn.executemany(sql, [(*row, stamp) for row in page["rows"]])
            after = page["next"]
    elapsed = time.perf_counter() - started - source.building
    conn.close()
    return elapsed


def _product(root: Path, n: int) -> float:
    source = PreparedSource(n)
    ctx = open_context(root)
    started = time.perf_counter()
    load_snapshot(ctx.store, source, now=lambda: NOW, page_size=PAGE)
    elapsed = time.perf_counter() - started - source.building
    ctx.store.dispose()
    return elapsed


def _child(side: str, path: str, n: int, answer: Any) -> None:
    seconds = _raw(Path(path), n) if side == "raw" else _product(Path(path), n)
    answer.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))


def _in_child(side: str, path: Path, n: int) -> tuple[float, int]:
    """Seconds and peak resident bytes of one side, measured in a fresh process."""
    mp = multiprocessing.get_context("spawn")
    answer = mp.Queue()
    child = mp.Process(target=_child, args=(side, str(path), n, answer))
    child.start()
    while True:
        try:
            seconds, peak = answer.get(timeout=5)
            break
        except queue.Empty:
            if not child.is_alive():
                raise RuntimeError(
                    f"{side} child ended without an answer (exit code {child.exitcode})"
                ) from None
    child.join()
    if child.exitcode:
        raise RuntimeError(f"{side} child failed with exit code {child.exitcode}")
    return float(seconds), int(peak)


def run() -> dict[str, Any]:
    ratios, raws, products, peaks, raw_peaks = [], [], [], [], []
    print(f"  load average at start: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template"
        open_context(template).store.dispose()  # an empty, migrated counter store with every index
        for r in range(ROUNDS):
            raw_path = Path(tmp) / f"raw{r}.sqlite3"
            shutil.copy2(template / DB_NAME, raw_path)
            base, raw_peak = _in_child("raw", raw_path, N)
            raw_path.unlink()
            root = Path(tmp) / f"product{r}"
            root.mkdir()
            shutil.copy2(template / DB_NAME, root / DB_NAME)
            prod, peak = _in_child("product", root, N)
            shutil.rmtree(root)
            raws.append(base)
            products.append(prod)
            ratios.append(base / prod)
            peaks.append(peak)
            raw_peaks.append(raw_peak)
            print(
                f"  round {r + 1}: sqlite3 {base:.2f} s, snapshot load {prod:.2f} s, ratio {base / prod:.3f}, "
                f"peak RSS {peak / 1e6:.0f} MB (sqlite3 side {raw_peak / 1e6:.0f} MB)",
                flush=True,
            )
    print(f"  load average at end: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    return {
        "persons": N,
        "certificates": N,
        "rounds": ROUNDS,
        "raw_sqlite3_s_median": round(statistics.median(raws), 2),
        "snapshot_s_median": round(statistics.median(products), 2),
        "ratio_to_sqlite3_median": round(statistics.median(ratios), 3),
        "ratio_to_sqlite3_min": round(min(ratios), 3),
        "peak_rss_mb": round(max(peaks) / 1e6, 1),
        "raw_sqlite3_peak_rss_mb": round(max(raw_peaks) / 1e6, 1),
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
        f"(goal >= {results['goal']}); peak RSS {results['peak_rss_mb']} MB (sqlite3 side {results['raw_sqlite3_peak_rss_mb']} MB)"
    )


if __name__ == "__main__":
    main()
