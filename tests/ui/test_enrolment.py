"""登记本工作站 from 工作站设置 against a real central store: the administrator's password is used once, the
credential is kept, and the screen says where and when the workstation was enrolled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.services import settings
from tests.sync.helpers import PASSWORDS, start_central
from tests.ui.shell_support import close_window, make_window, wait_idle


def test_the_administrator_enrols_the_workstation_from_its_settings(
    qtbot, demo_ctx, admin, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("COUNTERDESK_CENTRAL_KEY_FILE", str(tmp_path / "central.key"))
    central = start_central(str(tmp_path / "central.sqlite3"))
    try:
        settings.put(demo_ctx, admin, "client", {"central_url": central.url})
        win, runner = make_window(qtbot, demo_ctx, admin)
        screen = win.show_screen("admin_settings")
        wait_idle(qtbot, runner)
        box = screen.enrolment
        assert "尚未在中心登记" in box.status.text()
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        assert "请输入管理员密码" in box.message.text()
        box.password.setText("wrong-password1")
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.button.isEnabled() and "正在" not in box.message.text(), timeout=30_000)
        assert "用户名或密码错误" in box.message.text()
        assert not settings.get(demo_ctx, "enrolment").get("credential")
        box.password.setText(PASSWORDS["admin"])
        qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.message.text().startswith("登记成功"), timeout=30_000)
        assert box.password.text() == ""
        saved = settings.get(demo_ctx, "enrolment")
        assert saved["credential"].startswith("ws1.WS-01.") and saved["central_url"] == central.url
        assert "已于" in box.status.text() and central.url in box.status.text()
        screen.resize(1366, 768)
        screen.grab().save(str(tmp_path / "enrolment.png"))
        close_window(win, runner)
    finally:
        central.stop()
