"""登记库范围 is set in 工作站设置: a wrong city code is named at the field; a saved change says the replica reloads."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import settings
from tests.ui.shell_support import close_window, make_window, wait_idle


def test_the_replica_scope_is_set_and_checked_in_workstation_settings(qtbot, demo_ctx, admin):
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_settings")
    wait_idle(qtbot, runner)
    assert screen.replica_cities.text() == ""  # the whole province
    screen.replica_cities.setText("4101,41")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert "登记库范围中的“41”不是地市代码" in screen.message.text()
    assert "例如 4101（郑州市）" in screen.message.text()
    assert "b00020" in screen.replica_cities.styleSheet()
    assert settings.get(demo_ctx, "client")["replica_cities"] == ""
    screen.replica_cities.setText("4103，4101")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert screen.message.text().startswith("已保存")
    assert "登记库范围已更改：下次同步时将重新载入本窗口的登记库" in screen.message.text()
    assert settings.get(demo_ctx, "client")["replica_cities"] == "4101,4103"
    close_window(win, runner)
