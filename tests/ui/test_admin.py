"""Administration: users and this workstation's settings, for administrators only; every change audited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import AuditEvent
from app.services import settings, users
from tests.ui.shell_support import close_window, make_window, wait_idle


def test_admin_screens_only_for_admins(qtbot, demo_ctx, clerk, supervisor, admin):
    for actor, expected in ((clerk, False), (supervisor, False), (admin, True)):
        win, runner = make_window(qtbot, demo_ctx, actor)
        visible = win.visible_screens()
        assert ("admin_users" in visible) is expected
        assert ("admin_settings" in visible) is expected
        assert (win.show_screen("admin_users") is not None) is expected
        close_window(win, runner)


def test_admin_creates_user_who_can_then_log_in(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_users")
    wait_idle(qtbot, runner)
    assert {u.username for u in screen.users} >= {"admin", "clerk01", "sup01"}
    screen.create_user()
    dialog = screen.dialog
    dialog.username.setText("liuyang03")
    dialog.display_name.setText("刘洋")
    dialog.password.setText("short")
    dialog.again.setText("short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    # The service refuses a weak password: the dialog comes back with the reason and everything typed.
    assert dialog.isVisible()
    assert "密码至少8位" in dialog.error.text()
    assert dialog.display_name.text() == "刘洋"
    dialog.password.setText("Window2026")
    dialog.again.setText("Window2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "liuyang03" in {u.username for u in screen.users}
    assert "已创建用户 liuyang03" in screen.message.text()
    user = users.authenticate(demo_ctx, "liuyang03", "Window2026")
    assert (user.display_name, user.role) == ("刘洋", "clerk")
    close_window(win, runner)


def test_disable_reset_and_change_role(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_users")
    wait_idle(qtbot, runner)
    row = [u.username for u in screen.users].index("clerk02")
    screen.table.selectRow(row)
    assert screen.toggle_button.text() == "停用"
    qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert not next(u for u in screen.users if u.username == "clerk02").active
    screen.table.selectRow([u.username for u in screen.users].index("clerk02"))
    assert screen.toggle_button.text() == "启用"
    qtbot.mouseClick(screen.toggle_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    screen.table.selectRow([u.username for u in screen.users].index("clerk02"))
    screen.reset_password()
    screen.dialog.password.setText("Reset2026x")
    screen.dialog.again.setText("Reset2026x")
    screen.dialog.accept()
    wait_idle(qtbot, runner)
    assert users.authenticate(demo_ctx, "clerk02", "Reset2026x").must_change_password
    screen.table.selectRow([u.username for u in screen.users].index("clerk02"))
    screen.change_role()
    screen.dialog.role.setCurrentIndex(screen.dialog.role.findData("supervisor"))
    screen.dialog.accept()
    wait_idle(qtbot, runner)
    assert next(u for u in screen.users if u.username == "clerk02").role == "supervisor"
    with demo_ctx.store.read() as s:
        actions = (
            s.execute(select(AuditEvent.action).where(AuditEvent.entity_id == "clerk02")).scalars().all()
        )
    assert {"user.disable", "user.enable", "user.reset_password", "user.set_role"} <= set(actions)
    close_window(win, runner)


def test_workstation_settings_saved_and_checked(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_settings")
    wait_idle(qtbot, runner)
    assert screen.unit_code.text() == "410000"
    screen.unit_code.setText("4101")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "单位代码须为6位" in screen.message.text()
    assert "b00020" in screen.unit_code.styleSheet()
    screen.unit_code.setText("410102")
    screen.unit_name.setText("郑州市中原区政务服务中心住建窗口")
    screen.counter_no.setText("3")
    screen.idle_lock_minutes.setValue(5)
    # A central address on another machine in clear text is refused, and nothing of the form is saved.
    screen.central_url.setText("http://10.1.2.3:8765")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert (
        "必须以 https:// 开头" in screen.message.text() and "https://10.1.2.3:8765" in screen.message.text()
    )
    assert "b00020" in screen.central_url.styleSheet()
    assert settings.get(demo_ctx, "workstation")["unit_code"] == "410000"
    screen.central_url.setText("https://10.1.2.3:8443")
    screen.central_ca_file.setText("/nonexistent/province-ca.pem")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "找不到中心库CA证书文件" in screen.message.text()
    assert "b00020" in screen.central_ca_file.styleSheet()
    screen.central_ca_file.clear()
    # The certificate QR's verification address must be a web address (issue 12).
    screen.verify_base_url.setText("zs.hnjs.gov.cn")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "核验地址" in screen.message.text() and "b00020" in screen.verify_base_url.styleSheet()
    screen.verify_base_url.setText("https://zs.hnjs.gov.cn/")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert screen.message.text().startswith("已保存")
    assert settings.get(demo_ctx, "client")["verify_base_url"] == "https://zs.hnjs.gov.cn"
    ws, client = settings.get(demo_ctx, "workstation"), settings.get(demo_ctx, "client")
    assert (ws["unit_code"], ws["counter_no"]) == ("410102", "03")
    assert (client["central_url"], client["idle_lock_minutes"]) == ("https://10.1.2.3:8443", 5)
    assert "03号窗口" in win.status.place_label.text()
    assert win.idle.timeout_ms == 5 * 60 * 1000
    close_window(win, runner)


def test_issuing_unit_code_is_set_and_checked_in_workstation_settings(qtbot, demo_ctx, admin):
    """The USCC inside e-certificate identifiers is configuration (issue 10, item 7): the demo store has the demo
    configuration's, the administrator sets the unit's own, and a wrong check character is refused."""
    from app.services.firstrun import demo_config

    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_settings")
    wait_idle(qtbot, runner)
    assert screen.issuer_uscc.text() == demo_config().workstation["issuer_uscc"]
    screen.issuer_uscc.setText("91410100MA44G6XK1A")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "统一社会信用代码不正确" in screen.message.text() and "b00020" in screen.issuer_uscc.styleSheet()
    screen.issuer_uscc.setText("91410100ma44g6xk1g")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert screen.message.text().startswith("已保存")
    assert settings.get(demo_ctx, "workstation")["issuer_uscc"] == "91410100MA44G6XK1G"
    assert demo_ctx.workstation.issuer_uscc == "91410100MA44G6XK1G"


def test_the_id_card_reader_is_chosen_in_workstation_settings(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_settings")
    wait_idle(qtbot, runner)
    box = screen.hardware
    assert box.reader_kind.currentData() == "none" and not box.port.isEnabled()
    box.reader_kind.setCurrentIndex(box.reader_kind.findData("sam_serial"))
    box.port.setCurrentText("")
    screen.save()
    wait_idle(qtbot, runner)
    assert "读卡器端口" in screen.message.text() and "b00020" in box.port.styleSheet()
    box.port.setCurrentText("/dev/ttyUSB0")
    screen.save()
    wait_idle(qtbot, runner)
    client = settings.get(demo_ctx, "client")
    assert (client["idcard_reader"], client["idcard_port"]) == ("sam_serial", "/dev/ttyUSB0")
    close_window(win, runner)
