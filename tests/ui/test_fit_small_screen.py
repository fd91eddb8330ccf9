"""1366×768, the commonest counter screen: every main screen and dialog fits, nothing is clipped or off screen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialog, QMainWindow

from app.ui import screen_fit
from app.ui.intake.receipt_dialog import ReceiptDialog

ROOT = Path(__file__).resolve().parents[2]


def test_every_screen_and_dialog_fits_1366x768(tmp_path):
    """Renders in a child process whose (offscreen) screen is 1366×768; PNGs land in tmp_path to look at."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests/ui/screen_1366.json'}"
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_render", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((tmp_path / "problems.json").read_text(encoding="utf-8"))
    assert report["problems"] == {}
    # Every main screen of every role and the dialogs were rendered (a silent skip would hide a clipped one).
    for name in (
        "clerk_detail",
        "clerk_intake_step2",
        "clerk_receipt_dialog",
        "supervisor_review",
        "supervisor_certificate_preview",
        "admin_admin_settings",
        "clerk_capture_dialog",
    ):
        assert (tmp_path / f"{name}.png").is_file(), name
    assert report["sizes"]["clerk_detail"][1] <= 768


def test_main_window_opens_maximised_on_a_small_screen(qtbot, monkeypatch):
    monkeypatch.setattr(screen_fit, "available_area", lambda _w=None: QRect(0, 0, 1366, 728))
    small = QMainWindow()
    qtbot.addWidget(small)
    screen_fit.show_main_window(small)
    assert small.isMaximized()
    monkeypatch.setattr(screen_fit, "available_area", lambda _w=None: QRect(0, 0, 1920, 1040))
    roomy = QMainWindow()
    qtbot.addWidget(roomy)
    screen_fit.show_main_window(roomy)
    assert not roomy.isMaximized() and roomy.width() == 1280


def test_dialogs_never_ask_for_more_than_the_screen(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(screen_fit, "available_area", lambda _w=None: QRect(0, 0, 1366, 728))
    receipt = ReceiptDialog(b"", tmp_path / "r.pdf", "410000", None)
    qtbot.addWidget(receipt)
    assert receipt.height() <= 728 - screen_fit.FRAME_H and receipt.maximumHeight() <= 728
    plain = QDialog()
    qtbot.addWidget(plain)
    screen_fit.fit_dialog(plain, 980, 820)
    assert (plain.width(), plain.height()) == (980, 728 - screen_fit.FRAME_H)
