"""The export screen (报表导出): every report written from the screen and opened again with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl

from app.domain.workflow import Status
from app.ui.excel.export_screen import ExportScreen
from app.ui.tasks import TaskRunner
from tests.ui.shell_support import received_application, wait_idle

WAIT = 15_000


def dispose(*objects) -> None:
    """Delete parentless Qt objects here, on the main thread, rather than wherever Python drops them last."""
    for obj in objects:
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


APPLICATION_HEADERS = [
    "序号",
    "办件编号",
    "事项名称",
    "人员类别",
    "申请人",
    "身份证号",
    "企业名称",
    "办件状态",
]


@pytest.fixture
def open_screen(qtbot, demo_ctx):
    made: list[tuple[ExportScreen, TaskRunner]] = []

    def make(actor) -> ExportScreen:
        runner = TaskRunner()
        screen = ExportScreen(demo_ctx, actor, runner)
        made.append((screen, runner))
        qtbot.addWidget(screen)
        screen.resize(900, 560)
        screen.show()
        with qtbot.waitSignal(screen.users_loaded, timeout=WAIT):
            screen.activated()
        return screen

    yield make
    for screen, runner in made:
        wait_idle(qtbot, runner)
        runner.shutdown()  # joins the workers, so none of them drops the last reference to the screen
        dispose(screen, runner)


def _export(qtbot, screen: ExportScreen, path: Path) -> openpyxl.Workbook:
    with qtbot.waitSignal(screen.exported, timeout=WAIT) as done:
        screen.export_to(path)
    path = path if path.suffix == ".xlsx" else path.with_name(path.name + ".xlsx")
    assert done.args[0] == path and path.is_file()
    assert screen.open_button.isEnabled() and screen.folder_button.isEnabled()
    assert str(path) in screen.message.text()
    return openpyxl.load_workbook(path)


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_a_clerk_exports_their_own_daily_ledger(qtbot, open_screen, demo_ctx, clerk, clerk2, tmp_path):
    mine = received_application(demo_ctx, clerk, seed=7)
    received_application(demo_ctx, clerk2, seed=8)
    screen = open_screen(clerk)
    assert screen.report() == "ledger" and screen.clerk_combo.currentData() == "clerk01"
    today = demo_ctx.today()
    assert screen.default_name() == f"当日台账_张敏_{today:%Y-%m-%d}.xlsx"
    assert not screen.open_button.isEnabled()
    wb = _export(qtbot, screen, tmp_path / screen.default_name())
    assert wb.sheetnames == ["经办汇总", f"{today:%Y-%m-%d}台账"]
    ledger = _rows(wb[f"{today:%Y-%m-%d}台账"])
    assert list(ledger[0][:8]) == APPLICATION_HEADERS
    assert [r[1] for r in ledger[1:]] == [mine.number]  # the other clerk's application is not in this ledger
    assert [r[1] for r in _rows(wb["经办汇总"])[1:]] == ["clerk01"]

    screen.clerk_combo.setCurrentIndex(screen.clerk_combo.findData(None))
    assert screen.default_name() == f"当日台账_{today:%Y-%m-%d}.xlsx"
    wb = _export(qtbot, screen, tmp_path / "全部")  # the .xlsx suffix is added
    assert len(_rows(wb[f"{today:%Y-%m-%d}台账"])) == 3

    opened: list[QUrl] = []
    screen.open_url = opened.append
    qtbot.mouseClick(screen.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "全部.xlsx")), QUrl.fromLocalFile(str(tmp_path))]


def test_applications_by_item_and_status(qtbot, open_screen, demo_ctx, clerk, supervisor, tmp_path):
    app = received_application(demo_ctx, clerk, seed=7)
    screen = open_screen(supervisor)
    screen.set_report("applications")
    assert screen.clerk_combo.isHidden() and not screen.item_combo.isHidden()
    assert screen.clerk_combo.currentData() is None  # only a clerk's own ledger is the default
    wb = _export(qtbot, screen, tmp_path / screen.default_name())
    assert wb.sheetnames == ["按事项和状态汇总", "办件明细"]
    summary = _rows(wb["按事项和状态汇总"])
    assert summary[0][:2] == ("事项编码", "事项名称") and summary[0][-1] == "合计"
    details = _rows(wb["办件明细"])
    assert list(details[0][:8]) == APPLICATION_HEADERS
    assert app.number in [r[1] for r in details[1:]]

    screen.item_combo.setCurrentIndex(screen.item_combo.findData("AG-REISSUE"))
    screen.status_combo.setCurrentIndex(screen.status_combo.findData(Status.APPROVED.value))
    wb = _export(qtbot, screen, tmp_path / "办结.xlsx")
    assert app.number not in [r[1] for r in _rows(wb["办件明细"])[1:]]
    screen.status_combo.setCurrentIndex(screen.status_combo.findData(app.status))
    wb = _export(qtbot, screen, tmp_path / "收件.xlsx")
    assert [r[1] for r in _rows(wb["办件明细"])[1:]] == [app.number]


@pytest.mark.parametrize(
    ("report", "sheets", "header"),
    [
        ("certificates", ["汇总", "证书办理明细"], ("序号", "办理时间", "统计类别", "业务", "证书编号")),
        (
            "overdue",
            None,
            tuple(APPLICATION_HEADERS[:8]) + ("应办结日期", "超期工作日", "超期自然日", "当前经办人"),
        ),
        ("monthly", ["概况", "每日办件", "按事项", "证书办理", "好差评"], None),
    ],
)
def test_each_report_writes_a_workbook(qtbot, open_screen, demo_ctx, admin, tmp_path, report, sheets, header):
    screen = open_screen(admin)
    screen.set_report(report)
    name = screen.default_name()
    assert name.startswith(screen.report_combo.currentText()) and name.endswith(".xlsx")
    wb = _export(qtbot, screen, tmp_path / name)
    today = demo_ctx.today()
    if sheets is not None:
        assert wb.sheetnames == sheets
    if report == "certificates":
        assert _rows(wb["证书办理明细"])[0][:5] == header
    elif report == "overdue":
        ws = wb.worksheets[0]
        assert ws.title == f"超期办件（截至{today:%Y-%m-%d}）" and ws.freeze_panes == "A2"
        assert _rows(ws)[0][:12] == header
    else:
        assert wb["概况"]["A1"].value == f"{today.year}年{today.month}月业务统计"
        assert _rows(wb["每日办件"])[0][:2] == ("日期", "收件")
        assert not screen.progress.cancel_button.isVisible()


def test_a_reversed_period_is_explained(qtbot, open_screen, supervisor, tmp_path):
    screen = open_screen(supervisor)
    screen.set_report("certificates")
    screen.date_to.setDate(screen.date_from.date().addDays(-1))
    with qtbot.waitSignal(screen.failed, timeout=WAIT):
        screen.export_to(tmp_path / "x.xlsx")
    assert "早于开始日期" in screen.message.text() and "结束日期改为" in screen.message.text()
    assert not (tmp_path / "x.xlsx").exists() and not screen.open_button.isEnabled()
    assert screen.export_button.isEnabled()
