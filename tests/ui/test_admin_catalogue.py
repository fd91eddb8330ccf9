"""业务事项目录: the administrator edits an item's conditions and material list (add, reorder, remove), the edit is
checked with the loader's own validation before it goes to the central store, and offline nothing typed is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox

from app.domain.catalogue_versions import document_text, shipped_document, text_sha256
from app.domain.errors import DomainError
from app.models.catalogue import store_version
from app.services.catalogue import catalogue_changed
from app.ui.admin_catalogue import AdminCatalogueScreen, ItemEdit
from app.ui.tasks import TaskRunner
from tests.ui.shell_support import wait_idle

ITEM = "TZ-FIRST"


def _screen(qtbot, ctx, admin, submit, size=(1100, 700)):
    runner = TaskRunner()
    screen = AdminCatalogueScreen(ctx, admin, runner, submit)
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    wait_idle(qtbot, runner)
    screen.family.setCurrentIndex(screen.family.findData("TZ"))
    screen.item.setCurrentIndex(screen.item.findData(ITEM))
    return screen, runner


def _names(screen: AdminCatalogueScreen) -> list[str]:
    return [line.name for line in screen.lines()]


def _fill_row(screen: AdminCatalogueScreen, row: int, code: str, name: str) -> None:
    screen.table.item(row, 0).setText(code)
    screen.table.item(row, 1).setText(name)


def test_an_added_material_is_checked_reordered_and_published(qtbot, ctx, admin, tmp_path: Path) -> None:
    sent: list[ItemEdit] = []

    def submit(edit: ItemEdit) -> dict[str, Any]:
        sent.append(edit)
        return {"version": edit.base_version + 1}

    screen, runner = _screen(qtbot, ctx, admin, submit)
    item = ctx.catalogue.item(ITEM)
    assert screen.version.text() == "当前：第1版"
    assert screen.conditions.toPlainText().splitlines() == list(item.conditions)
    assert _names(screen) == [r.material.name for r in item.materials]
    assert screen.history.item(0, 0).text() == "第1版" and screen.history.item(0, 4).text() == "程序随附"

    screen.add_row()
    last = screen.table.rowCount() - 1
    _fill_row(screen, last, "Safety-Pledge", "安全生产承诺书（本人签字）")
    screen.publish()
    assert f"第{last + 1}行 编码" in screen.error.text()
    assert "应为小写字母开头的字母、数字或下划线" in screen.error.text() and sent == []

    _fill_row(screen, last, "safety_pledge", "安全生产承诺书（本人签字）")
    screen.table.setCurrentCell(last, 1)
    screen.move_row(-1)  # one place up
    names = _names(screen)
    assert names[-2] == "安全生产承诺书（本人签字）" and screen.table.currentRow() == last - 1
    screen.note.setText("测试通知")
    with qtbot.waitSignal(screen.published, timeout=5000):
        screen.publish()
    edit = sent[0]
    assert (edit.base_version, edit.item_code, edit.note, edit.limits) == (1, ITEM, "测试通知", None)
    assert [m.name for m in edit.materials] == names
    pledge = edit.materials[-2]
    assert (pledge.ref, pledge.kind, pledge.source, pledge.required) == (
        "safety_pledge",
        "document",
        "paper",
        True,
    )
    assert "已发布为第2版" in screen.message.text() and screen.error.text() == ""
    screen.grab().save(str(tmp_path / "admin_catalogue.png"))
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_a_wrong_limit_or_a_duplicate_is_refused_naming_the_field(qtbot, ctx, admin) -> None:
    screen, runner = _screen(qtbot, ctx, admin, lambda edit: {"version": 2})
    screen.limit_edits["tz_max_age"].setValue(16)
    screen.publish()
    assert "限制 字段 tz_max_age" in screen.error.text() and "最高年龄必须大于最低年龄" in screen.error.text()
    screen.limit_edits["tz_max_age"].setValue(60)

    screen.add_row()
    first = screen.lines()[0]
    _fill_row(screen, screen.table.rowCount() - 1, first.ref, first.name)
    assert screen.check() is None
    assert f"事项 {ITEM} 字段 materials" in screen.error.text() and "列了两次" in screen.error.text()
    screen.table.setCurrentCell(screen.table.rowCount() - 1, 0)
    screen.remove_row()
    screen.limit_edits["tz_max_age"].setValue(55)
    edit = screen.check()
    assert edit is not None and edit.limits is not None and edit.limits["tz_max_age"] == 55
    assert screen.message.text() == "检查通过：可以发布。"
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_offline_the_screen_says_so_and_keeps_what_was_typed(qtbot, ctx, admin) -> None:
    def unreachable(edit: ItemEdit) -> dict[str, Any]:
        raise DomainError(
            "CENTRAL_UNAVAILABLE",
            "无法连接中心库：连接超时",
            fix="请检查网络后重试；已填写的内容仍在屏幕上。",
        )

    screen, runner = _screen(qtbot, ctx, admin, unreachable)
    screen.conditions.setPlainText(screen.conditions.toPlainText() + "\n测试新增条件")
    with qtbot.waitSignal(screen.failed, timeout=5000):
        screen.publish()
    assert "无法连接中心库" in screen.error.text() and "已填写的内容仍在屏幕上" in screen.error.text()
    assert screen.conditions.toPlainText().endswith("测试新增条件")
    assert screen.publish_button.isEnabled()
    wait_idle(qtbot, runner)
    runner.shutdown()

    signed_out, runner = _screen(qtbot, ctx, admin, None)
    assert not signed_out.publish_button.isEnabled()
    assert "未连接中心库" in signed_out.message.text()
    wait_idle(qtbot, runner)
    runner.shutdown()


def test_a_received_version_becomes_current_and_is_listed(qtbot, ctx, admin) -> None:
    document = shipped_document()
    for it in document["items"]:
        if it["code"] == ITEM:
            it["materials"] = it["materials"][:-1]
    text = document_text({**document, "version": 2})
    with ctx.store.write() as s:
        store_version(
            s,
            {
                "version": 2,
                "document": text,
                "sha256": text_sha256(text),
                "note": "测试通知",
                "summary": f"事项 {ITEM} 的受理条件、材料清单",
                "published_by": "admin",
                "published_at": "2026-12-02T10:00:00",
            },
        )
    catalogue_changed()
    screen, runner = _screen(qtbot, ctx, admin, None)
    assert screen.version.text() == "当前：第2版（admin，2026-12-02 10:00）"
    assert screen.table.rowCount() == len(ctx.shipped_catalogue.item(ITEM).materials) - 1
    assert [screen.history.item(r, 0).text() for r in range(screen.history.rowCount())] == ["第2版", "第1版"]
    assert screen.history.item(0, 2).text() == "测试通知"
    kind = screen.table.cellWidget(0, 2)
    required = screen.table.cellWidget(0, 4)
    assert isinstance(kind, QComboBox) and isinstance(required, QCheckBox)
    wait_idle(qtbot, runner)
    runner.shutdown()
