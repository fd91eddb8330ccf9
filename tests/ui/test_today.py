"""Today: counts by status, due lists, corrections, and rejected changes with an acknowledge button."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from app.models import Application, AuditEvent, OutboxEntry
from app.services import intake
from app.services.demo_workload import add_demo_applications
from tests.ui.shell_support import close_window, make_window, wait_idle


def test_today_counts_and_lists(qtbot, demo_ctx, clerk, supervisor):
    demo = add_demo_applications(demo_ctx, clerk, supervisor, count=16)
    assert demo.received and demo.corrections and demo.accepted
    with demo_ctx.store.write() as s:
        s.execute(
            update(Application)
            .where(Application.uuid == demo.received[0])
            .values(due_on=demo_ctx.today() - timedelta(days=1))
        )
    win, runner = make_window(qtbot, demo_ctx, clerk)
    today = win.current_screen()
    assert today.objectName() == "todayScreen"
    expected = {
        "received": len(demo.received),
        "accepted": len(demo.accepted),
        "correction_requested": len(demo.corrections),
        "refused": len(demo.refused),
        "draft": len(demo.drafts),
    }
    for status, n in expected.items():
        assert today.tiles[status].text().split("\n")[0] == str(n), status
    assert today.tiles["withdrawn"].text() == "0\n已撤回"
    assert [r["uuid"] for r in today.overdue.rows] == [demo.received[0]]
    assert today.tabs.tabText(0) == "已超期（1）"
    assert {r["uuid"] for r in today.corrections.rows} == set(demo.corrections)
    assert today.tabs.tabText(2) == f"退回补正（{len(demo.corrections)}）"
    # Enter on a row opens the application.
    today.tabs.setCurrentIndex(0)
    today.overdue.setFocus()
    today.overdue.setCurrentCell(0, 0)
    with qtbot.waitSignal(today.open_requested) as opened:
        qtbot.keyClick(today.overdue, Qt.Key.Key_Return)
    assert opened.args == [demo.received[0]]
    wait_idle(qtbot, runner)
    assert win.current_screen() is win.detail
    close_window(win, runner)


def test_rejected_change_needs_attention_until_acknowledged(qtbot, demo_ctx, clerk):
    demo = add_demo_applications(demo_ctx, clerk, count=3)
    ref = demo.received[0]
    with demo_ctx.store.write() as s:
        entry = s.execute(select(OutboxEntry).where(OutboxEntry.entity_id == ref)).scalars().first()
        entry.state, entry.result_code = "rejected", "OPEN_APPLICATION_EXISTS"
        entry.result_message = "您尚有未办结的申请事项，请等待办结后再进行申报"
        outbox_id = entry.id
    win, runner = make_window(qtbot, demo_ctx, clerk)
    today = win.current_screen()
    assert today.tabs.tabText(3) == "需要处理（1）"
    row = today.attention.rows[0]
    assert row["entity_id"] == ref
    assert today.attention.item(0, 1).text() == "您尚有未办结的申请事项，请等待办结后再进行申报"
    assert "撤回" in today.attention.item(0, 2).text()  # what to do about it
    assert "需处理 1 条" in win.status.pending_label.text()
    today.tabs.setCurrentIndex(3)
    today.attention.setCurrentCell(0, 0)
    qtbot.mouseClick(today.ack_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert today.attention.rows == []
    assert today.tabs.tabText(3) == "需要处理（0）"
    with demo_ctx.store.read() as s:
        assert s.get(OutboxEntry, outbox_id).acknowledged
        actions = s.execute(select(AuditEvent.action).where(AuditEvent.entity_id == ref)).scalars().all()
    assert "outbox.acknowledge" in actions
    close_window(win, runner)


def test_tile_opens_list_filtered_by_status(qtbot, demo_ctx, clerk):
    demo = add_demo_applications(demo_ctx, clerk, count=6)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    today = win.current_screen()
    qtbot.mouseClick(today.tiles["received"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    screen = win.current_screen()
    assert screen.objectName() == "applicationsScreen"
    assert screen.model.rowCount() == len(demo.received)
    assert {screen.model.row(i)["status"] for i in range(screen.model.rowCount())} == {"received"}
    assert intake.get(demo_ctx, demo.received[0]).status == "received"
    close_window(win, runner)
