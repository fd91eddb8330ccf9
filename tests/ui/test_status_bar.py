"""The status bar shows user, unit and counter, online state, changes waiting and the last successful sync."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import OutboxEntry
from app.services import settings
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle


def _pending(ctx) -> int:
    """Every entry waiting on this workstation, whoever made it: the workstation pushes them all."""
    with ctx.store.read() as s:
        return s.execute(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == "pending")
        ).scalar()


def test_status_bar_without_sync_state(qtbot, demo_ctx, clerk):
    received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    bar = win.status
    assert bar.user_label.text() == "用户：张敏（窗口受理员）"
    assert demo_ctx.workstation.unit_name in bar.place_label.text()
    assert "01号窗口" in bar.place_label.text()
    assert "未连接中心" in bar.online_label.text()
    assert bar.pending_label.text() == f"待同步 {_pending(demo_ctx)} 条"
    assert _pending(demo_ctx) > 0
    assert bar.last_sync_label.text() == "上次同步：从未"
    close_window(win, runner)


def test_status_bar_follows_sync_worker_state(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    now = demo_ctx.now()
    last = now.replace(hour=9, minute=41, second=0, microsecond=0)
    settings.put(
        demo_ctx,
        "system",
        "sync_status",
        {"online": True, "last_success_at": last.isoformat(), "last_error": None, "needs_login": False},
    )
    win.status.refresh()
    wait_idle(qtbot, runner)
    assert "在线" in win.status.online_label.text()
    assert win.status.last_sync_label.text() == "上次同步：09:41"
    settings.put(
        demo_ctx,
        "system",
        "sync_status",
        {
            "online": False,
            "last_success_at": last.isoformat(),
            "last_error": "连接超时",
            "needs_login": False,
        },
    )
    win.refresh_current()  # F5 refreshes the status bar as well
    wait_idle(qtbot, runner)
    assert "离线" in win.status.online_label.text()
    assert win.status.online_label.toolTip().startswith("连接超时\n中心服务地址")
    reason = "中心库证书校验失败，连接已中断以保护数据。请管理员在“工作站设置”中指定省中心的CA证书文件。"
    settings.put(
        demo_ctx,
        "system",
        "sync_status",
        {"online": False, "last_error": reason, "needs_login": False, "needs_admin": True},
    )
    win.refresh_current()
    wait_idle(qtbot, runner)
    assert "请联系管理员" in win.status.online_label.text()
    assert win.status.online_label.toolTip().startswith(reason)
    close_window(win, runner)


def test_settings_change_shows_new_counter(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    settings.put(demo_ctx, admin, "workstation", {**settings.get(demo_ctx, "workstation"), "counter_no": "7"})
    win.settings_changed()
    wait_idle(qtbot, runner)
    assert "07号窗口" in win.status.place_label.text()
    close_window(win, runner)


def test_offline_tooltip_names_the_address_and_the_fix(qtbot, demo_ctx, clerk):
    from app.services.central_address import explain_transport_error

    class ConnectError(Exception):
        pass

    message, needs_admin = explain_transport_error(ConnectError("[Errno 111] Connection refused"))
    assert not needs_admin
    client = {**settings.get(demo_ctx, "client"), "central_url": "https://zx.hnjs.gov.cn"}
    settings.put(demo_ctx, "system", "client", client)
    settings.put(
        demo_ctx,
        "system",
        "sync_status",
        {"online": False, "last_error": message, "needs_login": False, "last_success_at": None},
    )
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.status.refresh()
    wait_idle(qtbot, runner)
    tip = win.status.online_label.toolTip()
    assert "https://zx.hnjs.gov.cn" in tip  # the address it tried
    assert "工作站设置" in tip and "网络" in tip  # and what to do
    close_window(win, runner)
