"""Every export opened again with openpyxl and checked cell by cell."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from app.domain.errors import DomainError
from app.services import exports, intake, reports, review
from app.services.context import Actor, ServiceContext
from tests.services.scenarios import Builder, all_conditions, all_materials

CLERK = Actor("clerk01", "clerk", "张敏")
CLERK2 = Actor("clerk02", "clerk", "王磊")
SUPERVISOR = Actor("sup01", "supervisor", "李静")
DAY = datetime(2026, 11, 23, 9, 0)
EARLY = datetime(
    2026, 11, 2, 9, 0
)  # ten working days earlier: what was received then and left open is overdue


def _at(ctx: ServiceContext, when: datetime) -> None:
    ctx.clock = lambda: when


def _receive(ctx: ServiceContext, builder: Builder, clerk: Actor, item: str) -> str:
    sc = builder.scenario(item)
    draft = intake.create_draft(
        ctx,
        clerk,
        item,
        sc.form,
        conditions=all_conditions(ctx, item),
        material_states=all_materials(ctx, item),
    )
    return intake.submit(ctx, clerk, draft.uuid).uuid


@pytest.fixture
def worked(demo_ctx: ServiceContext) -> dict[str, str]:
    """A day at the counter: one approved, one refused, one still received; plus one left open since 2 November."""
    ctx = demo_ctx
    builder = Builder(ctx, seed=99)
    _at(ctx, EARLY)
    old = _receive(ctx, builder, CLERK2, "TZ-FIRST")
    _at(ctx, DAY)
    approved = _receive(ctx, builder, CLERK, "AG-FIRST")
    intake.accept(ctx, CLERK, approved)
    _at(ctx, DAY + timedelta(hours=2))
    review.approve(ctx, SUPERVISOR, approved)
    _at(ctx, DAY + timedelta(hours=3))
    refused = _receive(ctx, builder, CLERK, "AG-RENEW")
    intake.refuse(ctx, CLERK, refused, "申请人未能提供原证书原件")
    waiting = _receive(ctx, builder, CLERK2, "TZ-RENEW")
    return {"old": old, "approved": approved, "refused": refused, "waiting": waiting}


def _rows(path: Path, sheet: str) -> list[list[object]]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_ledger_of_the_unit_and_of_one_clerk(
    demo_ctx: ServiceContext, worked: dict[str, str], tmp_path: Path
) -> None:
    ctx = demo_ctx
    approved = intake.get(ctx, worked["approved"])
    path = exports.export_ledger(ctx, DAY.date(), tmp_path / "台账.xlsx")
    assert path == tmp_path / "台账.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["经办汇总", "2026-11-23台账"]
    ledger = wb["2026-11-23台账"]
    assert ledger.freeze_panes == "A2"
    headers = [c.value for c in ledger[1]]
    assert headers[:8] == [
        "序号",
        "办件编号",
        "事项名称",
        "人员类别",
        "申请人",
        "身份证号",
        "企业名称",
        "办件状态",
    ]
    assert ledger.column_dimensions["C"].width == 34
    assert ledger.max_row == 4  # header + approved, refused, waiting; the 2 November one is not this day's
    first = [c.value for c in ledger[2]]
    assert first[:8] == [
        1,
        approved.number,
        ctx.catalogue.item("AG-FIRST").name,
        "安管人员",
        approved.applicant_name,
        approved.id_number,
        approved.company_name,
        "办结（准予）",
    ]
    assert first[8:14] == ["张敏", DAY, "张敏", DAY, "李静", DAY + timedelta(hours=2)]
    assert first[15] == approved.certificate_number
    assert ledger["J2"].number_format == "yyyy-mm-dd hh:mm" and ledger["O2"].number_format == "yyyy-mm-dd"
    refused_row = [c.value for c in ledger[3]]
    assert refused_row[7] == "不予受理" and refused_row[16] == "申请人未能提供原证书原件"
    summary = _rows(path, "经办汇总")
    assert summary[0] == [
        "经办人",
        "账号",
        "收件",
        "受理",
        "不予受理",
        "补正告知",
        "撤回",
        "审核通过",
        "退件",
        "合计",
    ]
    assert summary[1:] == [
        ["张敏", "clerk01", 2, 1, 1, 0, 0, 0, 0, 4],
        ["王磊", "clerk02", 1, 0, 0, 0, 0, 0, 0, 1],
        ["李静", "sup01", 0, 0, 0, 0, 0, 1, 0, 1],
    ]
    mine = exports.export_ledger(ctx, DAY.date(), tmp_path / "clerk02.xlsx", clerk="clerk02")
    rows = _rows(mine, "2026-11-23台账")
    assert [r[1] for r in rows[1:]] == [intake.get(ctx, worked["waiting"]).number]
    assert _rows(mine, "经办汇总")[1:] == [["王磊", "clerk02", 1, 0, 0, 0, 0, 0, 0, 1]]


def test_applications_by_item_and_status(
    demo_ctx: ServiceContext, worked: dict[str, str], tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = exports.export_applications(ctx, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "办件.xlsx")
    summary = openpyxl.load_workbook(path)["按事项和状态汇总"]
    assert summary.freeze_panes == "A2"
    headers = [c.value for c in summary[1]]
    assert headers == [
        "事项编码",
        "事项名称",
        "收件",
        "受理",
        "审核中",
        "办结（准予）",
        "退件",
        "待补正",
        "不予受理",
        "已撤回",
        "合计",
    ]
    body = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    by_code = {r[0]: r for r in body}
    assert by_code["AG-FIRST"][2:] == [0, 0, 0, 1, 0, 0, 0, 0, 1]
    assert by_code["AG-RENEW"][2:] == [0, 0, 0, 0, 0, 0, 1, 0, 1]
    assert by_code["TZ-FIRST"][2:] == [1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert by_code["TZ-RENEW"][2:] == [1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert body[-1] == ["合计", None, 2, 0, 0, 1, 0, 0, 1, 0, 4]
    details = _rows(path, "办件明细")
    assert len(details) == 5 and details[1][1] == intake.get(ctx, worked["old"]).number
    only = exports.export_applications(
        ctx, date(2026, 11, 23), date(2026, 11, 23), tmp_path / "a.xlsx", status="received"
    )
    assert [r[1] for r in _rows(only, "办件明细")[1:]] == [intake.get(ctx, worked["waiting"]).number]
    with pytest.raises(DomainError, match="早于开始日期"):
        exports.export_applications(ctx, date(2026, 11, 30), date(2026, 11, 1), tmp_path / "x.xlsx")


def test_certificates_of_a_period(demo_ctx: ServiceContext, worked: dict[str, str], tmp_path: Path) -> None:
    ctx = demo_ctx
    approved = intake.get(ctx, worked["approved"])
    path = reports.export_certificates(ctx, date(2026, 11, 1), date(2026, 11, 30), tmp_path / "证书.xlsx")
    rows = _rows(path, "证书办理明细")
    assert rows[0][:5] == ["序号", "办理时间", "统计类别", "业务", "证书编号"]
    # The demo data's certificates were loaded, not issued this month: only the approval counts.
    assert len(rows) == 2
    assert rows[1][:6] == [
        1,
        DAY + timedelta(hours=2),
        "发证",
        "核发新证书",
        approved.certificate_number,
        "安管人员",
    ]
    assert rows[1][11] == "有效" and rows[1][14] == approved.number and rows[1][15] == "李静"
    summary = _rows(path, "汇总")
    assert summary[0] == ["人员类别", "发证", "延续", "变更", "注销", "合计"]
    assert summary[1] == ["安管人员", 1, 0, 0, 0, 1] and summary[2] == ["特种作业人员", 0, 0, 0, 0, 0]
    ws = openpyxl.load_workbook(path)["证书办理明细"]
    assert ws.freeze_panes == "A2" and ws["M2"].number_format == "yyyy-mm-dd"


def test_overdue_applications(demo_ctx: ServiceContext, worked: dict[str, str], tmp_path: Path) -> None:
    ctx = demo_ctx
    old = intake.get(ctx, worked["old"])
    path = exports.export_overdue(ctx, tmp_path / "超期.xlsx", on=DAY.date())
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "超期办件（截至2026-11-23）" and ws.freeze_panes == "A2"
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][8:12] == ["应办结日期", "超期工作日", "超期自然日", "当前经办人"]
    assert len(rows) == 2
    assert rows[1][1] == old.number and rows[1][7] == "收件"
    assert rows[1][8] == datetime.combine(old.due_on, datetime.min.time())
    assert rows[1][9] == ctx.calendar.working_days_between(old.due_on, DAY.date()) > 0
    assert rows[1][10] == (DAY.date() - old.due_on).days and rows[1][11] == "王磊"


def test_monthly_statistics_with_charts(
    demo_ctx: ServiceContext, worked: dict[str, str], tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = reports.export_monthly(ctx, "2026-11", tmp_path / "月度.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["概况", "每日办件", "按事项", "证书办理", "好差评"]
    overview = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=3, values_only=True)}
    assert overview["本月收件"] == 4 and overview["本月办结（准予）"] == 1 and overview["按期办结"] == 1
    assert (
        overview["按期办结率"] == 1
        and overview["本月发证"] == 1
        and overview["截至月末（或今天）超期未办结"] == 1
    )
    assert wb["概况"]["A1"].value == "2026年11月业务统计"
    daily = wb["每日办件"]
    assert daily.freeze_panes == "A2"
    assert [c.value for c in daily[1]] == [
        "日期",
        "收件",
        "受理",
        "不予受理",
        "补正告知",
        "撤回",
        "办结（准予）",
        "退件",
    ]
    assert daily.max_row == 31  # header + 30 days of November
    assert [c.value for c in daily[3]] == [datetime(2026, 11, 2), 1, 0, 0, 0, 0, 0, 0]
    assert [c.value for c in daily[24]] == [datetime(2026, 11, 23), 3, 1, 1, 0, 0, 1, 0]
    assert daily["A2"].number_format == "yyyy-mm-dd"
    assert len(daily._charts) == 1  # openpyxl keeps the charts it reads back
    items = {r[0]: r[1:] for r in wb["按事项"].iter_rows(min_row=2, values_only=True)}
    assert items[ctx.catalogue.item("AG-FIRST").name] == (1, 1, 0, 0, 0, 1, 0)
    assert len(wb["按事项"]._charts) == 1 and len(wb["证书办理"]._charts) == 1
    assert list(wb["证书办理"].iter_rows(min_row=2, max_row=2, values_only=True))[0] == (
        "安管人员",
        1,
        0,
        0,
        0,
        1,
    )
