"""Imports end to end: real .xlsx files in, a real store, the preview, the commit, the error workbook."""

from __future__ import annotations

import random
import re
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.domain.errors import DomainError, PermissionDenied
from app.domain.identifiers import make_resident_id, make_uscc
from app.excel.error_book import ERROR_COLUMN, ROW_COLUMN
from app.models import AuditEvent, BlacklistEntry, Company, ConstructorRegistration, OutboxEntry, Score
from app.services import imports
from app.services.context import Actor, ServiceContext
from tests.excel.helpers import SCORE_HEADER, score_row, score_rows, sheet_values, write_book

ADMIN = Actor("admin", "admin", "系统管理员")


def _count(ctx: ServiceContext, model: type) -> int:
    with ctx.store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar() or 0)


def _fill_template(ctx: ServiceContext, kind: str, path: Path, rows: list[list[object]]) -> Path:
    imports.save_template(ctx, kind, path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


def test_template_has_headers_notes_dropdowns_and_widths(ctx: ServiceContext, tmp_path: Path) -> None:
    path = imports.save_template(ctx, "scores", tmp_path / "成绩表模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["成绩表"]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["身份证号", "姓名", "成绩类型", "人员类别", "类别或工种"]
    assert ws.freeze_panes == "A2"
    assert "必填" in ws["A1"].comment.text and "文本格式" in ws["A1"].comment.text
    assert ws.column_dimensions["A"].width == 22
    lists = {
        str(dv.sqref).split(":")[0][0]: dv.formula1
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    assert set(lists) == {"C", "D", "E", "G"}  # 成绩类型, 人员类别, 类别或工种, 是否合格
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    column = lists["E"].split("$")[1]
    offered = [c.value for c in options[column][1:] if c.value]
    assert "C2 专职安全生产管理人员（土建类）" in offered and "01 建筑电工" in offered
    assert [r[0] for r in sheet_values(path, "填表说明")][1:3] == ["身份证号", "姓名"]


def test_template_round_trip_for_every_kind(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(5)
    idn, uscc = make_resident_id(rng), make_uscc(rng)
    rows = {
        "scores": [
            [
                idn,
                "刘建国",
                "考核",
                "安管人员",
                "C2 专职安全生产管理人员（土建类）",
                88,
                "合格",
                date(2026, 3, 2),
                None,
                "郑州市建设职业培训学校",
                None,
            ]
        ],
        "companies": [
            [uscc, "河南宏达建设集团有限公司", "房屋建筑、建筑劳务", "一级", date(2028, 6, 30), None]
        ],
        "constructors": [[idn, "刘建国", "豫141234567", "二级", "建筑工程", uscc, date(2028, 1, 1)]],
        "blacklist": [[idn, "刘建国", "因生产安全事故被问责", "2026-02-01", None]],
    }
    for kind, data in rows.items():
        path = _fill_template(ctx, kind, tmp_path / f"{kind}.xlsx", data)
        report = imports.commit_import(ctx, ADMIN, kind, path)
        assert (report.new, report.invalid, report.error_workbook) == (1, 0, None), report.text()
    with ctx.store.read() as s:
        score = s.execute(select(Score)).scalar_one()
        assert (score.id_number, score.kind, score.family, score.category) == (idn, "exam", "AG", "C2")
        assert score.passed and score.valid_to == date(2027, 3, 1)  # one year by the catalogue's limit
        company = s.execute(select(Company)).scalar_one()
        assert company.uscc == uscc and company.org_code == f"{uscc[8:16]}-{uscc[16]}"
        assert company.region == uscc[2:8]
        assert {(q.category, q.grade) for q in company.qualifications} == {
            ("房屋建筑", "一级"),
            ("建筑劳务", "一级"),
        }
        reg = s.execute(select(ConstructorRegistration)).scalar_one()
        assert (reg.registration_number, reg.level, reg.company_uscc) == ("豫141234567", "二级", uscc)
        entry = s.execute(select(BlacklistEntry)).scalar_one()
        assert (entry.listed_on, entry.lifted_on) == (date(2026, 2, 1), None)
        ops = [r.op for r in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars()]
        assert ops == [
            "registry.score.upsert",
            "registry.company.upsert",
            "registry.constructor.upsert",
            "registry.blacklist.upsert",
        ]
        outbox = s.execute(select(OutboxEntry).where(OutboxEntry.op == "registry.score.upsert")).scalar_one()
        assert outbox.payload["exam_date"] == "2026-03-02" and outbox.payload["id_number"] == idn
        audits = (
            s.execute(select(AuditEvent.action).where(AuditEvent.entity == "import").order_by(AuditEvent.id))
            .scalars()
            .all()
        )
        assert audits == [
            "registry.import.scores",
            "registry.import.companies",
            "registry.import.constructors",
            "registry.import.blacklist",
        ]


def test_preview_writes_nothing_and_commit_matches_it(ctx: ServiceContext, tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", [SCORE_HEADER, *score_rows(30)])
    preview = imports.preview_import(ctx, ADMIN, "scores", path, sample=5)
    assert (preview.rows, preview.new, preview.committed) == (30, 30, False)
    assert len(preview.changes) == 5 and preview.changes[0].row == 2
    assert _count(ctx, Score) == 0 and _count(ctx, OutboxEntry) == 0
    report = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (report.new, report.changed, report.unchanged) == (30, 0, 0)
    assert _count(ctx, Score) == 30 and _count(ctx, OutboxEntry) == 30


def test_reimport_changes_nothing_and_a_change_is_shown(ctx: ServiceContext, tmp_path: Path) -> None:
    rows = score_rows(10)
    path = write_book(tmp_path / "s.xlsx", [SCORE_HEADER, *rows])
    imports.commit_import(ctx, ADMIN, "scores", path)
    audit_before, outbox_before = _count(ctx, AuditEvent), _count(ctx, OutboxEntry)
    again = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 10)
    assert (_count(ctx, AuditEvent), _count(ctx, OutboxEntry)) == (audit_before, outbox_before)
    rows[3][4] = 59  # the training body corrected one score
    rows[3][5] = "不合格"
    changed = write_book(tmp_path / "s2.xlsx", [SCORE_HEADER, *rows])
    preview = imports.preview_import(ctx, ADMIN, "scores", changed)
    assert (preview.changed, preview.unchanged) == (1, 9)
    assert preview.changes[0].row == 5
    assert preview.changes[0].fields == {"成绩": (86.5, 59.0), "是否合格": (True, False)}
    imports.commit_import(ctx, ADMIN, "scores", changed)
    with ctx.store.read() as s:
        score = s.execute(select(Score).where(Score.id_number == rows[3][0])).scalar_one()
        assert (score.score, score.passed) == (59.0, False)
    assert _count(ctx, Score) == 10
    assert _count(ctx, OutboxEntry) == outbox_before + 1


def test_header_variants_any_order_and_a_merged_title(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(11)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2026年成绩"
    ws["A1"] = "河南省建筑施工特种作业人员考核成绩汇总表"
    ws.merge_cells("A1:H1")
    ws["A2"] = "报送单位：郑州市建设职业培训学校"
    ws.merge_cells("A2:H2")
    ws.append(
        ["序号", "考试时间", " 考生 姓名 ", "公民身份号码（必填）", "工种代码", "分数", "考核结果", "类型"]
    )
    ids = [make_resident_id(rng) for _ in range(3)]
    ws.append([1, "2026/3/1", "王磊", ids[0], "01", "78", "合格", "考核"])
    ws.append([2, "2026年3月1日", "李静", ids[1], 5, 45, "不合格", "考试"])
    ws.append([3, 46082, "赵强", ids[2], "11 高处作业吊篮安装拆卸工", 90, None, "考核"])
    path = tmp_path / "variants.xlsx"
    wb.save(path)
    report = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (report.header_row, report.sheet, report.new, report.invalid) == (3, "2026年成绩", 3, 0), (
        report.text()
    )
    with ctx.store.read() as s:
        got = {r.id_number: r for r in s.execute(select(Score)).scalars()}
    assert (got[ids[0]].family, got[ids[0]].category, got[ids[0]].exam_date) == ("TZ", "01", date(2026, 3, 1))
    assert (got[ids[1]].category, got[ids[1]].passed) == ("05", False)
    assert (got[ids[2]].category, got[ids[2]].passed, got[ids[2]].exam_date) == ("11", True, date(2026, 3, 1))


def test_invalid_rows_go_to_the_error_workbook_with_red_cells(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(3)
    good = score_row(rng)
    bad_id = score_row(rng)
    bad_id[0] = bad_id[0][:-1] + ("0" if bad_id[0][-1] != "0" else "1")
    bad_score = score_row(rng, score=105)
    bad_many = score_row(rng)
    bad_many[3], bad_many[6] = "C9", "2026-02-30"
    wrong_family = score_row(rng)
    wrong_family[3] = "01"
    duplicate = list(good)
    path = write_book(tmp_path / "in.xlsx", [SCORE_HEADER, good, bad_id, bad_score, bad_many, duplicate])
    report = imports.commit_import(ctx, ADMIN, "scores", path)
    assert (report.new, report.invalid) == (1, 4)
    assert [e.row for e in report.errors] == [3, 4, 5, 6]
    assert "“身份证号”" in report.errors[0].text and "校验位" in report.errors[0].text
    assert "成绩105超出范围" in report.errors[1].text
    assert "“类别或工种”" in report.errors[2].text and "“考试日期”" in report.errors[2].text
    assert "与第2行是同一条记录" in report.errors[3].text
    assert report.error_workbook == tmp_path / "in_错误行.xlsx"
    wb = openpyxl.load_workbook(report.error_workbook)
    ws = wb.active
    assert [c.value for c in ws[1]] == [*SCORE_HEADER, ERROR_COLUMN, ROW_COLUMN]
    assert ws.freeze_panes == "A2"
    assert ws["A2"].value == bad_id[0] and ws["A2"].fill.start_color.rgb == "FFFF9999"
    assert ws["B2"].fill.fill_type is None
    assert ws["E3"].value == 105 and ws["E3"].fill.fill_type == "solid"
    assert ws["D4"].fill.fill_type == "solid" and ws["G4"].fill.fill_type == "solid"
    assert ws["G4"].value == "2026-02-30"
    assert ws["J2"].value.startswith("“身份证号”")
    assert [ws.cell(row=r, column=11).value for r in range(2, 6)] == [3, 4, 5, 6]
    assert _count(ctx, Score) == 1
    wb.close()
    # The clerk fixes the sheet and imports again: the old list of errors is gone with the errors.
    fixed = write_book(tmp_path / "in.xlsx", [SCORE_HEADER, good])
    again = imports.commit_import(ctx, ADMIN, "scores", fixed)
    assert (again.invalid, again.error_workbook) == (0, None)
    assert not (tmp_path / "in_错误行.xlsx").exists()


def test_wrong_family_for_category_and_numeric_ids(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(8)
    header = ["身份证号", "姓名", "成绩类型", "人员类别", "类别或工种", "成绩", "考试日期"]
    idn = make_resident_id(rng)
    rows = [
        [idn, "王磊", "考核", "安管人员", "01", 80, "2026-03-01"],
        [float(idn[:17] + "0"), "李静", "考核", None, "C1", 80, "2026-03-01"],
        [make_resident_id(rng), "赵强", "继续教育", "特种作业人员", "05", 80, "2099-01-01"],
    ]
    report = imports.preview_import(ctx, ADMIN, "scores", write_book(tmp_path / "f.xlsx", [header, *rows]))
    assert report.invalid == 3
    assert "属于特种作业人员，与人员类别“安管人员”不符" in report.errors[0].text
    assert "存成了数字" in report.errors[1].text
    assert "晚于今天" in report.errors[2].text


def test_formulas_without_cached_values_are_row_errors(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(4)
    rows = [SCORE_HEADER, score_row(rng), score_row(rng)]
    rows[2][4] = "=40+45"  # openpyxl saves formulas without a computed value, as some tools do
    path = write_book(tmp_path / "formula.xlsx", rows)
    report = imports.preview_import(ctx, ADMIN, "scores", path)
    assert (report.new, report.invalid) == (1, 1)
    assert report.errors[0].row == 3 and "“成绩”是公式（=40+45）" in report.errors[0].text
    assert "保存" in report.errors[0].text


def test_formula_with_a_cached_value_is_read_as_its_value(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(4)
    rows = [SCORE_HEADER, score_row(rng)]
    rows[1][4] = "=40+45"
    plain = write_book(tmp_path / "plain.xlsx", rows)
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(cached, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                # openpyxl writes the empty value as <v /> or <v></v> depending on whether lxml is installed.
                data = re.sub(rb"<f>40\+45</f><v\s*/>|<f>40\+45</f><v></v>", b"<f>40+45</f><v>85</v>", data)
                assert b"<v>85</v>" in data
            dst.writestr(item, data)
    imports.commit_import(ctx, ADMIN, "scores", cached)
    with ctx.store.read() as s:
        assert s.execute(select(Score.score)).scalar_one() == 85


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (
            bytes.fromhex("D0CF11E0A1B11AE1")
            + b"\0" * 500
            + "EncryptionInfo".encode("utf-16-le")
            + b"\0" * 500,
            "EXCEL_ENCRYPTED",
        ),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 500 + "Workbook".encode("utf-16-le"),
            "EXCEL_OLD_FORMAT",
        ),
        ("身份证号,姓名\n410105198605170017,刘建国\n".encode(), "EXCEL_NOT_XLSX"),
        (b"", "EXCEL_EMPTY_FILE"),
    ],
)
def test_files_that_are_not_readable_workbooks(
    ctx: ServiceContext, tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "成绩.xlsx"
    path.write_bytes(content)
    with pytest.raises(DomainError) as info:
        imports.preview_import(ctx, ADMIN, "scores", path)
    assert info.value.code == code
    assert "成绩.xlsx" in info.value.message and info.value.fix


def test_a_zip_that_is_not_a_workbook(ctx: ServiceContext, tmp_path: Path) -> None:
    path = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(DomainError, match="不是Excel工作簿") as info:
        imports.preview_import(ctx, ADMIN, "scores", path)
    assert info.value.code == "EXCEL_NOT_XLSX"


def test_empty_sheet_header_only_and_missing_columns(ctx: ServiceContext, tmp_path: Path) -> None:
    empty = write_book(tmp_path / "empty.xlsx", [])
    with pytest.raises(DomainError) as info:
        imports.preview_import(ctx, ADMIN, "scores", empty)
    assert info.value.code == "EXCEL_EMPTY"
    header_only = write_book(tmp_path / "header.xlsx", [SCORE_HEADER])
    with pytest.raises(DomainError) as info:
        imports.preview_import(ctx, ADMIN, "scores", header_only)
    assert info.value.code == "EXCEL_NO_ROWS" and "第2行" in (info.value.fix or "")
    missing = write_book(tmp_path / "missing.xlsx", [["身份证号", "姓名", "成绩"], ["x", "y", 1]])
    with pytest.raises(DomainError) as info:
        imports.preview_import(ctx, ADMIN, "scores", missing)
    assert info.value.code == "EXCEL_MISSING_COLUMNS"
    # 成绩类型 is optional since real sheets do not have it (they are exam results): not named as missing.
    assert "“类别或工种”" in info.value.message and "“考试日期”" in info.value.message
    assert "成绩类型" not in info.value.message
    unrelated = write_book(tmp_path / "other.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(DomainError) as info:
        imports.preview_import(ctx, ADMIN, "scores", unrelated)
    assert info.value.code == "EXCEL_NO_HEADER"


def test_only_an_administrator_may_import(ctx: ServiceContext, tmp_path: Path) -> None:
    path = write_book(tmp_path / "s.xlsx", [SCORE_HEADER, *score_rows(2)])
    with pytest.raises(PermissionDenied):
        imports.commit_import(ctx, Actor("clerk01", "clerk", "张敏"), "scores", path)
    with pytest.raises(DomainError, match="没有“grades”这种导入表格"):
        imports.commit_import(ctx, ADMIN, "grades", path)


def test_cancel_from_progress_leaves_nothing(ctx: ServiceContext, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()  # normal mode writes the sheet's dimension, which gives the progress a total
    for row in [SCORE_HEADER, *score_rows(2500)]:
        wb.active.append(row)
    path = tmp_path / "s.xlsx"
    wb.save(path)
    calls: list[tuple[int, int | None]] = []

    def progress(done: int, total: int | None) -> bool:
        calls.append((done, total))
        return done < 1500

    with pytest.raises(DomainError) as info:
        imports.commit_import(ctx, ADMIN, "scores", path, progress=progress)
    assert info.value.code == "IMPORT_CANCELLED"
    assert calls[0] == (500, 2500) and calls[-1][0] == 1500
    assert (_count(ctx, Score), _count(ctx, OutboxEntry), _count(ctx, AuditEvent)) == (0, 0, 0)


def test_companies_old_codes_and_added_qualifications(ctx: ServiceContext, tmp_path: Path) -> None:
    rng = random.Random(21)
    uscc = make_uscc(rng)
    org = f"{uscc[8:16]}-{uscc[16]}"
    header = ["单位代码", "单位名称", "资质", "等级"]
    first = write_book(tmp_path / "c1.xlsx", [header, [org, "河南老代码建筑有限公司", "房屋建筑", "二级"]])
    assert imports.commit_import(ctx, ADMIN, "companies", first).new == 1
    with ctx.store.read() as s:
        assert s.execute(select(Company.uscc, Company.org_code)).one() == (None, org)
    # The same company after getting its new licence: found by the organisation code inside the USCC.
    second = write_book(
        tmp_path / "c2.xlsx",
        [
            header,
            [uscc, "河南老代码建筑有限公司", "房屋建筑、建筑劳务", "二级"],
            [make_uscc(rng), "河南新建设有限公司", "航天工程", None],
        ],
    )
    report = imports.commit_import(ctx, ADMIN, "companies", second)
    assert (report.new, report.changed, report.invalid) == (0, 1, 1)
    assert "资质类别“航天工程”不在可选范围内" in report.errors[0].text
    assert report.changes[0].fields["资质类别"] == ("房屋建筑", "房屋建筑、建筑劳务")
    with ctx.store.read() as s:
        company = s.execute(select(Company)).scalar_one()
        assert company.uscc == uscc and {q.category for q in company.qualifications} == {
            "房屋建筑",
            "建筑劳务",
        }
    assert imports.commit_import(ctx, ADMIN, "companies", second).unchanged == 1


def test_blacklist_lifting_is_a_change(ctx: ServiceContext, tmp_path: Path) -> None:
    idn = make_resident_id(random.Random(2))
    header = ["身份证号", "姓名", "原因", "列入日期", "移出日期"]
    listed = write_book(
        tmp_path / "b1.xlsx", [header, [idn, "刘建国", "因生产安全事故被问责", "2025-06-01", None]]
    )
    imports.commit_import(ctx, ADMIN, "blacklist", listed)
    lifted = write_book(
        tmp_path / "b2.xlsx",
        [
            header,
            [idn, "刘建国", "因生产安全事故被问责", "2025-06-01", "2025-05-01"],
            [idn, "刘建国", "因生产安全事故被问责", "2025-06-01", "2026-01-15"],
        ],
    )
    report = imports.commit_import(ctx, ADMIN, "blacklist", lifted)
    assert (report.changed, report.invalid) == (1, 1)
    assert "移出日期2025-05-01早于列入日期2025-06-01" in report.errors[0].text
    with ctx.store.read() as s:
        assert s.execute(select(BlacklistEntry.lifted_on)).scalar_one() == date(2026, 1, 15)


def test_the_store_stays_writable_while_a_sheet_is_parsed(ctx: ServiceContext, tmp_path: Path) -> None:
    """Parsing is the slow part of a large import: it holds no lock, so the counter's work and sync go on."""
    wb = openpyxl.Workbook()
    for row in [SCORE_HEADER, *score_rows(1200)]:
        wb.active.append(row)
    path = tmp_path / "s.xlsx"
    wb.save(path)
    db_file = str(ctx.store.engine.url.database)
    locked: list[bool] = []

    def progress(done: int, total: int | None) -> bool:
        # Another writer, mid-parse: BEGIN IMMEDIATE takes the write lock at once or fails ("database is locked").
        other = sqlite3.connect(db_file, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            locked.append(False)
        except sqlite3.OperationalError:
            locked.append(True)
        finally:
            other.close()
        return True

    report = imports.commit_import(ctx, ADMIN, "scores", path, progress=progress)
    assert locked and not any(locked)
    assert report.new == 1200 and _count(ctx, Score) == 1200
