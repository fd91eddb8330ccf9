"""The import screen (数据导入) driven as an administrator would: real .xlsx files, a real store."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.excel.error_book import ERROR_COLUMN, ROW_COLUMN
from app.models import Score
from app.services.context import ServiceContext
from app.ui.excel import register
from app.ui.excel.import_screen import ImportScreen
from app.ui.tasks import TaskRunner
from tests.excel.helpers import SCORE_HEADER, score_row, score_rows, write_book
from tests.ui.shell_support import close_window, make_window, wait_idle

WAIT = 15_000


def dispose(*objects) -> None:
    """Delete parentless Qt objects here, on the main thread, rather than wherever Python drops them last."""
    for obj in objects:
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)


def _scores(ctx: ServiceContext) -> int:
    with ctx.store.read() as s:
        return int(s.execute(select(func.count()).select_from(Score)).scalar() or 0)


def _sheet_with_two_bad_rows(folder: Path) -> Path:
    """Five good rows, then a wrong ID check digit (row 7) and a score of 105 (row 8)."""
    rng = random.Random(11)
    bad_id = score_row(rng)
    bad_id[0] = bad_id[0][:-1] + ("0" if bad_id[0][-1] != "0" else "1")
    bad_score = score_row(rng, score=105)
    return write_book(folder / "成绩表.xlsx", [SCORE_HEADER, *score_rows(5, seed=7), bad_id, bad_score])


@pytest.fixture
def screen(qtbot, demo_ctx, admin):
    runner = TaskRunner()
    widget = ImportScreen(demo_ctx, admin, runner)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    yield widget
    wait_idle(qtbot, runner)
    runner.shutdown()  # joins the workers, so none of them drops the last reference to the screen
    dispose(widget, runner)


def _column(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_preview_shows_counts_and_row_errors_then_commit_imports(qtbot, screen, demo_ctx, tmp_path):
    path = _sheet_with_two_bad_rows(tmp_path)
    before = _scores(demo_ctx)
    assert not screen.commit_button.isEnabled()

    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as preview:
        screen.set_file(path)
    report = preview.args[0]
    assert (report.rows, report.new, report.changed, report.unchanged, report.invalid) == (7, 5, 0, 0, 2)
    counts = {k: label.text() for k, label in screen.view.counts.items()}
    assert counts == {
        "rows": "总行数：7",
        "new": "新增：5",
        "changed": "变更：0",
        "unchanged": "未变：0",
        "invalid": "错误：2",
        "skipped": "跳过：0",
        "warned": "提醒：0",
    }
    errors = screen.view.errors
    assert _column(errors, 0) == ["7", "8"]
    assert "“身份证号”" in errors.item(0, 1).text() and "“成绩”" in errors.item(1, 1).text()
    assert _column(screen.view.changes, 0) == ["2", "3", "4", "5", "6"]
    assert set(_column(screen.view.changes, 1)) == {"新增"}
    assert "成绩：86.5" in screen.view.changes.item(0, 4).text()
    assert _scores(demo_ctx) == before  # a preview writes nothing to the store
    assert screen.commit_button.isEnabled()
    assert not screen.progress.isVisible()
    book = tmp_path / "成绩表_错误行.xlsx"
    assert screen.error_workbook() == book and str(book) in screen.error_label.text()
    assert screen.open_errors_button.isVisible()

    with qtbot.waitSignal(screen.committed, timeout=WAIT) as commit:
        qtbot.mouseClick(screen.commit_button, Qt.MouseButton.LeftButton)
    assert commit.args[0].committed and commit.args[0].new == 5
    assert _scores(demo_ctx) == before + 5
    assert "导入完成：新增 5 条" in screen.message.text() and "2 行有错误，未导入" in screen.message.text()
    assert screen.view.heading.text().startswith("已导入成绩表")
    assert not screen.commit_button.isEnabled()  # the same sheet again would change nothing

    rows = list(openpyxl.load_workbook(book).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-2:] == (ERROR_COLUMN, ROW_COLUMN)
    assert [r[-1] for r in rows[1:]] == [7, 8]

    opened: list[QUrl] = []
    screen.open_url = opened.append
    qtbot.mouseClick(screen.open_errors_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(book))]
    copy = tmp_path / "交回培训机构.xlsx"
    with qtbot.waitSignal(screen.error_book_saved, timeout=WAIT):
        screen.save_error_workbook_to(copy)
    assert copy.read_bytes() == book.read_bytes()

    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as again:
        qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    assert (again.args[0].new, again.args[0].unchanged, again.args[0].invalid) == (0, 5, 2)
    assert screen.message.text() == "没有需要导入的新数据或变更。"


def test_real_score_sheet_shows_skipped_rows_and_warnings(qtbot, screen, demo_ctx, tmp_path):
    header = ["身份证号", "姓名", "工种", "理论成绩", "实操成绩", "考试日期"]
    rng = random.Random(21)
    good, old, absent = (score_row(rng)[0] for _ in range(3))
    rows = [
        [good, "王磊", "01", 86, 90, "2026-11-02"],
        [old, "李静", "01", 80, 80, "2024-11-02"],
        [absent, "赵强", "01", "缺考", "缺考", "2026-11-02"],
        ["合计", None, None, None, None, None],
    ]
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as preview:
        screen.set_file(write_book(tmp_path / "培训机构成绩.xlsx", [header, *rows]))
    report = preview.args[0]
    assert (report.new, report.invalid, report.skipped, report.warned) == (2, 0, 2, 1), report.text()
    assert screen.view.counts["warned"].text() == "提醒：1"
    assert screen.view.counts["skipped"].text() == "跳过：2"
    assert "过期" in screen.view.changes.item(1, 3).text() and screen.view.changes.item(0, 3).text() == ""
    assert _column(screen.view.errors, 0) == ["4", "5"]
    assert screen.view.errors.item(1, 1).text() == "跳过：合计行，不是人员记录"
    screen.grab().save(str(tmp_path / "import_warnings.png"))


def _hold_worker(screen: ImportScreen) -> threading.Event:
    """Keep the database worker busy so the next job waits in the queue until the gate is opened."""
    gate = threading.Event()
    screen._runner.run_db(lambda: gate.wait(10))
    return gate


def test_cancel_during_preview_and_commit_leaves_nothing(qtbot, screen, demo_ctx, tmp_path):
    path = write_book(tmp_path / "s.xlsx", [SCORE_HEADER, *score_rows(1200, seed=3)])
    before = _scores(demo_ctx)
    gate = _hold_worker(screen)
    screen.set_file(path)
    assert screen.progress.isVisible() and not screen.file_button.isEnabled()
    with qtbot.waitSignal(screen.failed, timeout=WAIT) as failed:
        qtbot.mouseClick(screen.progress.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert failed.args[0].code == "IMPORT_CANCELLED"
    assert "导入已取消" in screen.message.text()
    assert screen.report is None and not screen.commit_button.isEnabled()
    assert screen.view.counts["new"].text() == "新增：-"
    assert not screen.findChildren(QMessageBox)  # a cancel the user asked for is not an error box

    with qtbot.waitSignal(screen.previewed, timeout=WAIT):
        screen.preview()
    assert screen.report.new == 1200
    gate = _hold_worker(screen)
    qtbot.mouseClick(screen.commit_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.failed, timeout=WAIT) as failed:
        screen.progress.cancel()
        gate.set()
    assert failed.args[0].code == "IMPORT_CANCELLED"
    assert _scores(demo_ctx) == before
    assert screen.commit_button.isEnabled()  # the preview still stands; the import can be started again


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("身份证号,姓名\n410105198605170017,刘建国\n".encode(), "不是Excel工作簿"),
        (b"", "是空文件"),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 500 + "EncryptionInfo".encode("utf-16-le"),
            "设置了打开密码",
        ),
    ],
    ids=["csv", "empty", "encrypted"],
)
def test_a_bad_file_shows_the_message_and_the_fix(qtbot, screen, tmp_path, content, message):
    path = tmp_path / "成绩.csv"
    path.write_bytes(content)
    with qtbot.waitSignal(screen.failed, timeout=WAIT) as failed:
        screen.set_file(path)
    exc = failed.args[0]
    assert message in screen.message.text() and exc.fix in screen.message.text()
    boxes = [b for b in screen.findChildren(QMessageBox) if b.objectName() == "errorBox"]
    assert boxes and message in boxes[-1].text() and exc.fix in boxes[-1].informativeText()
    assert screen.report is None and not screen.commit_button.isEnabled()
    assert not screen.open_errors_button.isVisible()


def test_a_sheet_with_only_a_header_is_reported(qtbot, screen, tmp_path):
    path = write_book(tmp_path / "空表.xlsx", [SCORE_HEADER])
    with qtbot.waitSignal(screen.failed, timeout=WAIT) as failed:
        screen.set_file(path)
    assert failed.args[0].code == "EXCEL_NO_ROWS"
    assert "没有数据行" in screen.message.text() and "第2行" in screen.message.text()


def test_drop_an_xlsx_on_the_screen_previews_it(qtbot, screen, tmp_path):
    path = write_book(tmp_path / "拖入.xlsx", [SCORE_HEADER, *score_rows(3, seed=5)])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(screen.previewed, timeout=WAIT) as preview:
        screen.dropEvent(drop)
    assert preview.args[0].new == 3 and screen.file_label.text() == str(path)

    two = QMimeData()
    two.setUrls([QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(tmp_path / "b.xlsx"))])
    refused = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        two,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.dragEnterEvent(refused)
    assert not refused.isAccepted()


def test_download_template_of_the_chosen_kind(qtbot, screen, tmp_path):
    screen.set_kind("companies")
    assert screen.kind_combo.currentText() == "企业资质"
    with qtbot.waitSignal(screen.template_saved, timeout=WAIT) as saved:
        screen.save_template_to(tmp_path / "企业资质导入模板.xlsx")
    wb = openpyxl.load_workbook(saved.args[0])
    assert wb.worksheets[0].title == "企业资质"
    assert "统一社会信用代码" in [c.value for c in wb.worksheets[0][1]]
    assert "企业资质导入模板.xlsx" in screen.message.text()


def test_only_an_administrator_sees_the_import_screen(qtbot, demo_ctx, clerk, supervisor, admin):
    for actor in (clerk, supervisor):
        win, runner = make_window(qtbot, demo_ctx, actor)
        register(win, demo_ctx, runner)
        assert "excel_import" not in win.visible_screens() and win.screen("excel_import") is None
        assert "excel_export" in win.visible_screens()
        titles = [win.nav.item(i).text() for i in range(win.nav.count())]
        assert "数据导入" not in titles and "报表导出" in titles
        close_window(win, runner)
    win, runner = make_window(qtbot, demo_ctx, admin)
    register(win, demo_ctx, runner)
    assert isinstance(win.show_screen("excel_import"), ImportScreen)
    assert {"excel_import", "excel_export"} <= set(win.visible_screens())
    close_window(win, runner)
