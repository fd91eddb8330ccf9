"""证书库导入 screen: check without sending, send with progress, cancel between batches (gated, not timed)."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.domain.identifiers import resident_id_check_char
from app.services import register_import
from app.ui.excel.register_screen import RegisterImportScreen
from app.ui.tasks import TaskRunner
from tests.excel.helpers import write_book
from tests.ui.shell_support import wait_idle

HEADER = ["证书编号", "类别", "姓名", "身份证号", "状态", "发证日期", "有效期至"]


def _id(n: int) -> str:
    first17 = f"41010519800101{n:03d}"
    return first17 + resident_id_check_char(first17)


def _export(path: Path, n: int) -> Path:
    rows = [
        [f"豫建安C2（2020）{i:07d}", "C2", "刘建国", _id(i), "正常", date(2024, 1, 10), date(2027, 1, 9)]
        for i in range(1, n + 1)
    ]
    return write_book(path, [HEADER, *rows])


class GatedSender:
    """Holds its first batch until the test opens the gate."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.batches: list[list[dict[str, Any]]] = []

    def missing_photos(self, shas: list[str]) -> list[str]:
        return shas

    def put_photo(self, sha256: str, data: bytes) -> None:
        raise AssertionError("no photos in this test")

    def send(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        self.batches.append(rows)
        if len(self.batches) == 1:
            self.entered.set()
            self.release.wait(10)
        return {"new": len(rows)}


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown()


def test_check_then_import_and_cancel_between_batches(
    qtbot, ctx, admin, runner, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(register_import, "BATCH", 2)
    sender = GatedSender()
    screen = RegisterImportScreen(ctx, admin, runner, lambda: sender)
    qtbot.addWidget(screen)
    screen.resize(900, 600)
    screen.show()
    screen.set_file(_export(tmp_path / "证书库.xlsx", 6))
    with qtbot.waitSignal(screen.finished, timeout=10_000) as checked:
        qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert (checked.args[0].valid, checked.args[0].sent) == (6, 0) and sender.batches == []
    assert "检查完成：可导入 6 条" in screen.message.text()

    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    assert sender.entered.wait(10)
    assert screen.progress.isVisible() and not screen.import_button.isEnabled()
    with qtbot.waitSignal(screen.finished, timeout=10_000) as done:
        qtbot.mouseClick(screen.progress.cancel_button, Qt.MouseButton.LeftButton)
        sender.release.set()
    report = done.args[0]
    assert report.cancelled and report.sent == 2 and len(sender.batches) == 1
    assert "已取消：已导入 2 条" in screen.message.text()
    screen.grab().save(str(tmp_path / "register_import.png"))
    wait_idle(qtbot, runner)


def test_without_a_central_session_only_checking_is_offered(qtbot, ctx, admin, runner, tmp_path) -> None:
    screen = RegisterImportScreen(ctx, admin, runner, None)
    qtbot.addWidget(screen)
    screen.set_file(_export(tmp_path / "e.xlsx", 1))
    assert screen.check_button.isEnabled() and not screen.import_button.isEnabled()
    assert "未连接中心库" in screen.message.text()
