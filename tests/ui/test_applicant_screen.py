"""The applicant's screen: with one monitor a dialog (two: full screen on the other); it follows the form with
the ID number and mobile masked, takes the confirmation and the signature, and 好差评 at the end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel

from app.services import intake
from app.ui.applicant.screen import PAGE_RATE, PAGE_SIGN, PAGE_THANKS
from tests.ui.test_intake_flow import open_screen, wait_idle
from tests.ui.test_intake_parts import runner  # noqa: F401  (fixture)

PNG_DIR = Path("/tmp/applicant_png")


def _shot(widget, name: str) -> None:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(PNG_DIR / f"{name}.png"))


def test_confirm_sign_and_rate(qtbot, demo_ctx, clerk, runner):  # noqa: F811
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    form = screen.work.form
    form.editors["id_number"].set_value("41010519860517002X")
    form.editors["name"].set_value("张敏")
    form.editors["mobile"].set_value("13838012345")
    QTest.keyClick(screen, Qt.Key.Key_F6)
    session = screen.applicant
    assert session is not None and isinstance(session.window, QDialog) and session.window.isVisible()
    shown = {w.text() for w in session.screen.findChildren(QLabel)}
    assert "410105********002X" in shown and "138****2345" in shown and "41010519860517002X" not in shown
    _shot(session.window, "01_confirm")
    session.screen.confirm_button.click()
    assert session.screen.pages.currentIndex() == PAGE_SIGN
    session.screen.sign_button.click()  # nothing signed yet: it says so
    assert "签名" in session.screen.sign_error.text()
    pad = session.screen.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(40, 300, 20):
        QTest.mouseMove(pad, QPoint(x, 60 + (x % 40)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 80))
    _shot(session.window, "02_signature")
    session.screen.sign_button.click()
    wait_idle(qtbot, runner)
    stored = intake.get(demo_ctx, screen.uuid).form
    assert stored["applicant_signature"]["png_base64"]
    session.ask_rating(screen.uuid)
    assert session.screen.pages.currentIndex() == PAGE_RATE
    session.screen.choose_rating(1)
    session.screen.rate_button.click()
    assert "原因" in session.screen.rate_error.text()
    _shot(session.window, "03_rating_reason")
    session.screen.reason.setPlainText("等候时间太长")
    session.screen.rate_button.click()
    wait_idle(qtbot, runner)
    assert session.screen.pages.currentIndex() == PAGE_THANKS
    assert intake.get(demo_ctx, screen.uuid).form["evaluation"]["label"] == "非常不满意"
    session.close()
