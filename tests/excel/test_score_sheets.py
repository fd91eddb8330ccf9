"""Score sheets as training bodies send them: parts in two columns, a two-row header, 缺考, a totals row."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.models import Score
from app.services import imports
from app.services.context import Actor, ServiceContext
from tests.excel.helpers import unique_id, write_book

ADMIN = Actor("admin", "admin", "系统管理员")


def _fixed_today(ctx: ServiceContext) -> None:
    ctx.clock = lambda: datetime(2026, 12, 2, 9, 0)


def _scores(ctx: ServiceContext) -> dict[str, Score]:
    with ctx.store.read() as s:
        return {r.id_number: r for r in s.execute(select(Score)).scalars()}


def _two_row_sheet(path: Path, rows: list[list[object]]) -> Path:
    """序号 / 身份证号 / 姓名 / 工种 / 考试日期 merged down over two rows; 成绩 merged over 理论 and 实操."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "考核成绩"
    ws["A1"] = "2026年第四期建筑施工特种作业人员考核成绩"
    ws.merge_cells("A1:G1")
    for col, text in zip("ABCDE", ["序号", "身份证号", "姓名", "工种", "考试日期"], strict=True):
        ws[f"{col}2"] = text
        ws.merge_cells(f"{col}2:{col}3")
    ws["F2"] = "成绩"
    ws.merge_cells("F2:G2")
    ws["F3"], ws["G3"] = "理论", "实操"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_two_row_header_parts_absence_and_totals_row(ctx: ServiceContext, tmp_path: Path) -> None:
    _fixed_today(ctx)
    ids = [unique_id(700 + i) for i in range(5)]
    day = date(2026, 11, 20)
    rows: list[list[object]] = [
        [1, ids[0], "王磊", "01", day, 86, 92],
        [2, ids[1], "李静", "01", day, 58, 90],  # theory below its mark: not passed
        [3, ids[2], "赵强", "05", day, 75, "缺考"],  # practice absent: not passed, theory kept
        [4, ids[3], "钱程", "05", day, "缺考/违纪", "缺考/违纪"],  # absent from both: no score at all
        [5, ids[4], "孙悦", "11", day, "八十", 70],  # a real mistake stays an error
        ["合计", None, None, None, None, None, None],
        ["共5人", None, None, None, None, None, None],
    ]
    path = _two_row_sheet(tmp_path / "成绩.xlsx", rows)
    report = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (report.header_row, report.new, report.invalid, report.skipped) == (3, 3, 1, 3), report.text()
    assert [e.row for e in report.errors] == [8]
    assert "“理论成绩”“八十”不是数字" in report.errors[0].text
    assert [(e.row, e.text) for e in report.skips] == [
        (7, "缺考/违纪，没有成绩，未导入"),
        (9, "合计行，不是人员记录"),
        (10, "合计行，不是人员记录"),
    ]
    got = _scores(ctx)
    assert set(got) == {ids[0], ids[1], ids[2]}
    first, low, absent = got[ids[0]], got[ids[1]], got[ids[2]]
    assert (first.kind, first.family, first.category) == ("exam", "TZ", "01")  # no 成绩类型 column: exam
    assert (first.theory_score, first.practice_score, first.score, first.passed) == (86, 92, 86, True)
    assert (low.theory_score, low.practice_score, low.passed) == (58, 90, False)
    assert (absent.theory_score, absent.practice_score, absent.passed) == (75, None, False)
    assert first.valid_to == date(2027, 11, 19)
    # The same sheet again changes nothing; the totals and absences are skipped again, not errors.
    again = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (again.new, again.changed, again.unchanged, again.skipped) == (0, 0, 3, 3)


def test_separate_part_columns_on_one_header_row(ctx: ServiceContext, tmp_path: Path) -> None:
    _fixed_today(ctx)
    header = ["身份证号", "姓名", "类别", "理论成绩", "实操成绩", "考试日期", "培训机构"]
    ids = [unique_id(800 + i) for i in range(2)]
    rows = [
        [ids[0], "王磊", "C2", 88, None, "2026-11-02", "郑州市建设职业培训学校"],  # 安管: theory only
        [ids[1], "李静", "06", 60, 59.5, "2026-11-02", "郑州市建设职业培训学校"],
    ]
    report = imports.commit_import(ctx, ADMIN, "scores", write_book(tmp_path / "s.xlsx", [header, *rows]))
    assert (report.new, report.invalid) == (2, 0), report.text()
    got = _scores(ctx)
    assert (got[ids[0]].score, got[ids[0]].practice_score, got[ids[0]].passed) == (88, None, True)
    assert (got[ids[1]].score, got[ids[1]].passed) == (60, False)


def test_expired_score_is_imported_with_a_warning(ctx: ServiceContext, tmp_path: Path) -> None:
    _fixed_today(ctx)
    header = ["身份证号", "姓名", "成绩类型", "类别或工种", "成绩", "考试日期", "有效期至"]
    ids = [unique_id(900 + i) for i in range(2)]
    rows = [
        [ids[0], "王磊", "考核", "C2", 80, "2025-03-02", None],  # one year: ended 2026-03-01
        [ids[1], "李静", "考核", "C2", 80, "2026-03-02", "2027-03-01"],
    ]
    report = imports.commit_import(ctx, ADMIN, "scores", write_book(tmp_path / "old.xlsx", [header, *rows]))
    assert (report.new, report.invalid, report.warned) == (2, 0, 1), report.text()
    assert report.warnings[0].row == 2
    assert "2026-03-01过期，已导入" in report.warnings[0].text
    assert [c.warning != "" for c in report.changes] == [True, False]
    assert "提醒" in report.text()
    assert set(_scores(ctx)) == set(ids)


def test_retired_category_message_names_its_successors_only(ctx: ServiceContext, tmp_path: Path) -> None:
    _fixed_today(ctx)
    header = ["身份证号", "姓名", "工种", "成绩", "考试日期"]
    rows = [
        [unique_id(950), "王磊", "建筑架子工", 80, "2026-11-02"],
        [unique_id(951), "李静", "信号工", 80, "2026-11-02"],
        [unique_id(952), "赵强", "Z9", 80, "2026-11-02"],
    ]
    report = imports.preview_import(ctx, ADMIN, "scores", write_book(tmp_path / "r.xlsx", [header, *rows]))
    texts = [e.text for e in report.errors]
    assert texts[0] == (
        "“类别或工种”“建筑架子工”是已停用的类别，请改填“02 建筑架子工（普通脚手架）”或“03 建筑架子工（附着升降脚手架）”"
    )
    assert texts[1] == "“类别或工种”“信号工”是已停用的类别，请改填“04 建筑起重司索信号工”"
    assert "不是有效的类别或工种" in texts[2]
    assert all(len(t) < 90 for t in texts), texts  # not the whole list of seventeen categories


def test_blank_parts_are_named_and_absence_is_not_a_number_error(ctx: ServiceContext, tmp_path: Path) -> None:
    _fixed_today(ctx)
    header = ["身份证号", "姓名", "工种", "成绩", "考试日期"]
    rows = [
        [unique_id(960), "王磊", "01", None, "2026-11-02"],
        [unique_id(961), "李静", "01", "缺考", "2026-11-02"],
    ]
    report = imports.preview_import(ctx, ADMIN, "scores", write_book(tmp_path / "b.xlsx", [header, *rows]))
    assert (report.invalid, report.skipped) == (1, 1)
    assert "未填写成绩；缺考的请填“缺考”" in report.errors[0].text
    assert report.skips[0].text == "缺考，没有成绩，未导入"
