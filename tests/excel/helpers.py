"""Building real .xlsx files for the import tests."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from app.domain.identifiers import make_resident_id, make_uscc, resident_id_check_char

SCORE_HEADER = [
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


def write_book(path: Path, rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def unique_id(n: int, region: str = "410105") -> str:
    """The n-th of a run of distinct valid ID numbers (random ones collide by the birthday paradox)."""
    birth = date(1960, 1, 1) + timedelta(days=n // 450)
    first17 = f"{region}{birth:%Y%m%d}{n % 450 * 2 + 1:03d}"
    return first17 + resident_id_check_char(first17)


def score_row(
    rng: random.Random, *, day: date = date(2026, 3, 2), score: float = 86.5, id_number: str | None = None
) -> list[Any]:
    return [
        id_number or make_resident_id(rng),
        "刘建国",
        "考核",
        "C2",
        score,
        "合格",
        day,
        None,
        "河南省建设教育协会培训中心",
    ]


def score_rows(n: int, seed: int = 1) -> list[list[Any]]:
    rng = random.Random(seed)
    return [score_row(rng, id_number=unique_id(seed * 1_000_000 + i)) for i in range(n)]


def company_row(rng: random.Random, quals: str = "房屋建筑、市政公用工程") -> list[Any]:
    return [
        make_uscc(rng),
        f"河南测试{rng.randrange(10**6):06d}建设有限公司",
        quals,
        "一级",
        date(2028, 12, 31),
        None,
    ]


def sheet_values(path: Path, sheet: str | int = 0) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]
