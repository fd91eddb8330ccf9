"""A large sheet is streamed: peak memory stays flat as the row count grows tenfold."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from sqlalchemy import func, select

from app.models import OutboxEntry, Score
from app.services import imports
from app.services.context import Actor, ServiceContext
from tests.excel.helpers import SCORE_HEADER, score_row, unique_id, write_book

ADMIN = Actor("admin", "admin", "系统管理员")


def _sheet(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    rows = (
        score_row(rng, id_number=unique_id(seed * 100_000 + i)) for i in range(n)
    )  # a generator: the test itself holds no rows either
    return write_book(path, [SCORE_HEADER, *rows]) if n < 1000 else _stream_book(path, rows)


def _stream_book(path: Path, rows: object) -> Path:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("成绩")
    ws.append(SCORE_HEADER)
    for row in rows:  # type: ignore[attr-defined]
        ws.append(row)
    wb.save(path)
    return path


def _peak_import(ctx: ServiceContext, path: Path) -> tuple[int, imports.ImportReport]:
    tracemalloc.start()
    try:
        report = imports.commit_import(ctx, ADMIN, "scores", path)
        return tracemalloc.get_traced_memory()[1], report
    finally:
        tracemalloc.stop()


def test_large_sheet_memory_is_bounded(ctx: ServiceContext, tmp_path: Path) -> None:
    small = _sheet(tmp_path / "small.xlsx", 1_000, seed=1)
    large = _sheet(tmp_path / "large.xlsx", 10_000, seed=2)
    small_peak, small_report = _peak_import(ctx, small)
    large_peak, large_report = _peak_import(ctx, large)
    assert small_report.new == 1_000
    assert (large_report.rows, large_report.new, large_report.invalid) == (10_000, 10_000, 0)
    with ctx.store.read() as s:
        assert s.execute(select(func.count()).select_from(Score)).scalar() == 11_000
        assert s.execute(select(func.count()).select_from(OutboxEntry)).scalar() == 11_000
    print(f"peak {small_peak / 2**20:.1f} MiB for 1,000 rows, {large_peak / 2**20:.1f} MiB for 10,000 rows")
    # Ten times the rows: the peak may grow by the per-key duplicate check (a few bytes a row), not tenfold.
    assert large_peak < 2 * small_peak
    assert large_peak < 20 * 2**20
