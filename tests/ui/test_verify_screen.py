"""The verification screen: a scanner types the payload, or an image is opened; the verdict is big and coloured."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services import signing_keys
from app.ui.tasks import TaskRunner
from app.ui.verify import VerifyScreen
from tests.services.test_documents import KEY_ID, PASSPHRASE, Desk
from tests.services.test_verification import approve, flip_one_bit, qr_of
from tests.ui.shell_support import wait_idle

PNG_DIR = Path("/tmp/review_png")


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    d = Desk(ctx, clerk, supervisor, admin)
    signing_keys.create_key(ctx, admin, KEY_ID, PASSPHRASE)
    return d


@pytest.fixture
def screen(qtbot, desk, clerk):
    runner = TaskRunner()
    widget = VerifyScreen(desk.ctx, clerk, runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.focus_first()
    yield widget, runner
    runner.shutdown()


def scan(qtbot, widget: VerifyScreen, runner: TaskRunner, text: str) -> None:
    widget.result = None
    widget.input.clear()
    qtbot.keyClicks(widget.input, text)  # the payload is ASCII, as a keyboard-wedge scanner types it
    qtbot.keyClick(widget.input, Qt.Key.Key_Return)
    expected = "".join(text.split()).upper()
    qtbot.waitUntil(
        lambda: widget.result is not None and widget.result.text.upper() == expected, timeout=10_000
    )
    wait_idle(qtbot, runner)


def test_scanned_genuine_certificate_is_green(qtbot, desk, screen):
    widget, runner = screen
    number = desk.issued("AG")
    scan(qtbot, widget, runner, qr_of(desk, number))
    assert widget.result.ok
    assert widget.headline.text() == "✔ 真证书，现行有效"
    assert "#1b5e20" in widget.headline.styleSheet()
    assert number in widget.details.text()
    assert widget.input.property("scannerPassthrough") is True
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(PNG_DIR / "verify_valid.png"))


def test_tampered_payload_is_red(qtbot, desk, screen):
    widget, runner = screen
    scan(qtbot, widget, runner, flip_one_bit(qr_of(desk, desk.issued("TZ"))))
    assert not widget.result.ok and widget.result.signature == "forged"
    assert "签名无效" in widget.headline.text() and "#b00020" in widget.headline.styleSheet()
    widget.grab().save(str(PNG_DIR / "verify_forged.png"))


def test_superseded_certificate_is_amber_and_image_files_work(qtbot, desk, screen, tmp_path):
    widget, runner = screen
    sc = desk.scenario("AG-CHG-RENAME")
    old = qr_of(desk, sc.certificate_number)
    approve(desk, "AG-CHG-RENAME", sc.form)
    scan(qtbot, widget, runner, old)
    assert widget.result.status == "superseded" and "#8a4b00" in widget.headline.styleSheet()
    assert "旧版" in widget.headline.text()
    widget.grab().save(str(PNG_DIR / "verify_superseded.png"))

    pdf, _ = desk.pdf(desk.issued("JN"))
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", str(tmp_path / "c.pdf"), str(tmp_path / "photo")], check=True
    )
    widget.result = None
    widget.verify_file(next(tmp_path.glob("photo-*.png")))
    qtbot.waitUntil(lambda: widget.result is not None, timeout=10_000)
    assert widget.result.ok and "现行有效" in widget.headline.text()
    widget.result = None
    (tmp_path / "junk.png").write_bytes(b"\x89PNG not really")
    widget.verify_file(tmp_path / "junk.png")
    qtbot.waitUntil(lambda: widget.result is not None, timeout=10_000)
    assert widget.result.signature == "unreadable" and "无法识别" in widget.headline.text()
