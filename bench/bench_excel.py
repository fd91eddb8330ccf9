"""Excel benchmarks: importing 100,000 score rows against openpyxl's own read-only iteration of the same file,
and exporting 100,000 applications (seconds and peak memory).

The import's floor is the least work that reads the same input: openpyxl in read-only mode iterating every
row's values (`_bare_read`). The product run is the real import path, `imports.commit_import` (header match,
validation of every cell, spool, match against the store, write with outbox rows and the audit event) into an
empty store of its own. The two alternate round by round, so a busy neighbour slows both alike; the ratio
(floor seconds / import seconds, goal >= 0.3) is given as the median and the min over the rounds.

Run: `.venv/bin/python -m bench bench_excel` (or `make bench`); BENCH_EXCEL_ROWS=20000 for a quick look,
BENCH_EXCEL_ROUNDS for more rounds (default 5).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import threading
import time
import tracemalloc
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import insert

from app.bootstrap import open_context
from app.domain.identifiers import resident_id_check_char
from app.models import Application
from app.services import exports, imports
from app.services.context import Actor

ROWS = int(os.environ.get("BENCH_EXCEL_ROWS", "100000"))
ROUNDS = max(5, int(os.environ.get("BENCH_EXCEL_ROUNDS", "5")))
ADMIN = Actor("admin", "admin", "系统管理员")
HEADER = [
    "身份证号",
    "姓名",
    "成绩类型",
    "类别或工种",
    "成绩",
    "是否合格",
    "考试日期",
    "有效期至",
    "培训机构",
]
NOW = datetime(2026, 11, 23, 10, 0)


def _id(n: int) -> str:
    birth = date(1960, 1, 1) + timedelta(days=n // 450)
    first17 = f"410105{birth:%Y%m%d}{n % 450 * 2 + 1:03d}"
    return first17 + resident_id_check_char(first17)


def _score_file(path: Path, n: int) -> Path:
    rng = random.Random(7)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("成绩")
    ws.append(HEADER)
    for i in range(n):
        day = date(2026, 1, 5) + timedelta(days=i % 300)
        kind, cat = ("考核", rng.choice(["A", "B", "C1", "C2", "C3"])) if i % 3 else ("继续教育", "01")
        ws.append(
            [_id(i), "刘建国", kind, cat, rng.randint(40, 100), None, day, None, "郑州市建设职业培训学校"]
        )
    wb.save(path)
    return path


def _bare_read(path: Path) -> float:
    started = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        pass
    wb.close()
    return time.perf_counter() - started


class _PeakRss:
    """Samples this process's resident memory every 20 ms: the peak above the level when sampling began."""

    def __init__(self) -> None:
        self.base = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def _applications(start: int, stop: int) -> list[dict[str, Any]]:
    items = [("AG-FIRST", "AG"), ("TZ-FIRST", "TZ"), ("AG-RENEW", "AG"), ("TZ-RENEW", "TZ")]
    rows = []
    for i in range(start, stop):
        code, fam = items[i % 4]
        received = NOW - timedelta(days=i % 28, minutes=i % 600)
        rows.append(
            dict(
                uuid=str(uuid.uuid4()),
                number=f"41000020261101{i:08d}",
                item_code=code,
                family=fam,
                status="approved",
                version=4,
                id_number=_id(i),
                applicant_name="刘建国",
                mobile="13838012345",
                company_code=None,
                company_name="河南宏达建设集团有限公司",
                certificate_number=None,
                form={},
                conditions=[],
                material_states={},
                reason=None,
                missing_items=[],
                provisional=False,
                unit_code="410000",
                counter_no="01",
                created_by="clerk01",
                created_at=received,
                updated_at=received,
                received_by="clerk01",
                received_at=received,
                accepted_by="clerk01",
                accepted_at=received,
                decided_by="sup01",
                decided_at=received + timedelta(hours=3),
                due_on=received.date() + timedelta(days=20),
                sync_state="synced",
            )
        )
    return rows


def _import_once(root: Path, source: Path) -> float:
    """One product run: the whole sheet into an empty store (opened and migrated outside the timing)."""
    ctx = open_context(root)
    ctx.clock = lambda: NOW
    started = time.perf_counter()
    report = imports.commit_import(ctx, ADMIN, "scores", source)
    took = time.perf_counter() - started
    assert report.new == ROWS and report.invalid == 0, report.text()
    ctx.store.dispose()
    shutil.rmtree(root)
    return took


def bench_import(root: Path, source: Path) -> dict[str, Any]:
    """Floor and product alternately, ROUNDS times each; ratio per round = floor seconds / import seconds."""
    _bare_read(source)  # warm-up of both: first-call imports and the page cache do not count
    _import_once(root / "import-warm", source)
    bares: list[float] = []
    takes: list[float] = []
    peak = 0
    for n in range(ROUNDS):
        bares.append(_bare_read(source))
        with _PeakRss() as rss:
            takes.append(_import_once(root / f"import-{n}", source))
        peak = max(peak, rss.peak - rss.base)
    ratios = [b / t for b, t in zip(bares, takes, strict=True)]
    bare, took = statistics.median(bares), statistics.median(takes)
    result: dict[str, Any] = {
        "import_rows": ROWS,
        "import_rounds": ROUNDS,
        "openpyxl_bare_read_s": round(bare, 2),
        "import_s": round(took, 2),
        "import_rows_per_s": round(ROWS / took),
        "import_ratio_to_bare_read": round(statistics.median(ratios), 3),
        "import_ratio_to_bare_read_min": round(min(ratios), 3),
        "import_goal_ratio": 0.3,
        "import_peak_rss_mib": round(peak / 2**20, 1),
    }
    print(
        f"import: {ROWS / took:,.0f} rows/s; bare openpyxl read {ROWS / bare:,.0f} rows/s (medians of {ROUNDS} "
        f"interleaved rounds); ratio median {result['import_ratio_to_bare_read']:.2f}, "
        f"min {result['import_ratio_to_bare_read_min']:.2f} (goal >= 0.3); "
        f"peak RSS +{result['import_peak_rss_mib']} MiB"
    )
    return result


def run(*, export: bool = True) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as root_text:
        root = Path(root_text)
        started = time.perf_counter()
        source = _score_file(root / "scores.xlsx", ROWS)
        print(
            f"wrote {ROWS} score rows in {time.perf_counter() - started:.1f} s ({source.stat().st_size >> 20} MiB)"
        )
        result = bench_import(root, source)
        if not export:
            return result

        ctx = open_context(root / "export-store")
        ctx.clock = lambda: NOW
        with ctx.store.write() as s:
            batch = 10_000
            for offset in range(0, ROWS, batch):
                s.execute(insert(Application), _applications(offset, min(offset + batch, ROWS)))
        period = (date(2026, 10, 1), date(2026, 11, 30))
        started = time.perf_counter()
        path = exports.export_applications(ctx, *period, root / "apps.xlsx")
        took = time.perf_counter() - started
        # A second run under tracemalloc for the peak: Python allocations only, and slower, so not timed.
        tracemalloc.start()
        exports.export_applications(ctx, *period, root / "apps2.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows = openpyxl.load_workbook(path, read_only=True)["办件明细"].max_row
        ctx.store.dispose()
        result.update(
            export_rows=ROWS,
            export_s=round(took, 2),
            export_rows_per_s=round(ROWS / took),
            export_peak_traced_mib=round(peak / 2**20, 1),
            export_file_mib=round(path.stat().st_size / 2**20, 1),
        )
        assert rows is None or rows == ROWS + 1  # write-only files carry no dimension
        print(
            f"export: {ROWS} applications in {took:.1f} s ({ROWS / took:,.0f} rows/s), "
            f"peak traced memory {result['export_peak_traced_mib']} MiB, file {result['export_file_mib']} MiB"
        )
    return result


if __name__ == "__main__":
    import sys

    print(run(export="import-only" not in sys.argv[1:]))
