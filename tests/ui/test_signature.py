"""现场签名 for a transfer out (issue 10, item 6): drawn on the pad, stored as a PNG material of the application,
required by the rules instead of a 是/否 box, and printed on the transfer-out form."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.printing import render_form
from app.services import documents, materials
from app.ui.intake.workspace import STEP_MATERIALS
from app.ui.signature_dialog import SignatureDialog, SignaturePad
from app.ui.tasks import TaskRunner
from tests.ui.test_intake_flow import open_screen

PNG_DIR = Path("/tmp/i10b_png")


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


def _mouse(pad: SignaturePad, kind: QMouseEvent.Type, x: float, y: float) -> None:
    held = (
        Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    )
    point = QPointF(x, y)
    event = QMouseEvent(
        kind, point, pad.mapToGlobal(point), Qt.MouseButton.LeftButton, held, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(pad, event)


def draw(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    """One stroke with the mouse (a pen without tablet support arrives the same way)."""
    _mouse(pad, QMouseEvent.Type.MouseButtonPress, *points[0])
    for x, y in points[1:]:
        _mouse(pad, QMouseEvent.Type.MouseMove, x, y)
    _mouse(pad, QMouseEvent.Type.MouseButtonRelease, *points[-1])


def zigzag(x0: float, y0: float, n: int = 12) -> list[tuple[float, float]]:
    return [(x0 + i * 14, y0 + (30 if i % 2 else 0)) for i in range(n)]


def test_signature_pad_undo_clear_and_refuses_an_empty_signature(qtbot):
    dialog = SignatureDialog("刘建国")
    qtbot.addWidget(dialog)
    dialog.show()
    got: list[bytes] = []
    dialog.signed.connect(got.append)
    dialog.confirm()
    assert "还没有签名" in dialog.error.text() and not got
    draw(dialog.pad, zigzag(40, 100))
    draw(dialog.pad, zigzag(260, 90))
    assert len(dialog.pad.strokes) == 2
    dialog.undo_button.click()
    assert len(dialog.pad.strokes) == 1
    dialog.clear_button.click()
    assert dialog.pad.strokes == []
    draw(dialog.pad, zigzag(60, 110, 30))
    PNG_DIR.mkdir(exist_ok=True)
    dialog.grab().save(str(PNG_DIR / "signature_dialog.png"))
    dialog.confirm()
    assert len(got) == 1 and got[0].startswith(b"\x89PNG")
    with Image.open(io.BytesIO(got[0])) as img:
        dark = sum(img.convert("L").histogram()[:128])
    assert dark > 100  # the strokes are in the image


def test_transfer_out_signature_is_stored_required_and_printed(qtbot, demo_ctx, clerk, runner, tmp_path):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-CHG-TRANSFER-OUT")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10_000)
    work = screen.work
    panel = work.rules
    qtbot.waitUntil(lambda: any(f.rule == "ONSITE_SIGNATURE" for f in panel.failures), timeout=10_000)
    work.go(STEP_MATERIALS)
    button = work.materials.scan_buttons["onsite_signature"]
    assert button.text() == "签名…"
    work.materials.collect_all_and_advance()  # 必交材料全部已收取 does not make up a signature
    assert work.materials.states["onsite_signature"] == "missing"
    table = work.materials.table
    row = next(i for i, r in enumerate(work.item.materials) if r.code == "onsite_signature")
    table.setCurrentCell(row, 0)
    QTest.keyClick(table, Qt.Key.Key_Space)  # Space on the signature row opens the pad, never "paper"
    assert work.materials.states["onsite_signature"] == "missing"
    dialog = screen.findChild(SignatureDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=10_000)
    draw(dialog.pad, zigzag(40, 100, 30))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: work.materials.states["onsite_signature"] == "scanned", timeout=10_000)
    pages = [p for p in materials.pages_of(demo_ctx, screen.uuid) if p.material_code == "onsite_signature"]
    assert len(pages) == 1 and pages[0].mime == "image/png" and pages[0].encrypted
    assert materials.read_page(demo_ctx, pages[0].sha256).startswith(b"\x89PNG")
    screen._evaluate()
    qtbot.waitUntil(
        lambda: (
            "检查中" not in panel.title.text()
            and not any(f.rule == "ONSITE_SIGNATURE" for f in panel.failures)
        ),
        timeout=10_000,
    )
    # The transfer-out form prints the signature beside 申请人（签字）.
    work.form.set_values({"name": "刘建国", "destination_province": "湖北省"})
    screen.save_now(explicit=True)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    loader = documents.loader_of(lambda sha: materials.read_page(demo_ctx, sha))
    view = documents.form_view(demo_ctx, screen.uuid, photo_loader=loader)
    assert view.signature_png == materials.read_page(demo_ctx, pages[0].sha256)
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(render_form(view))
    out = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in out.splitlines()[2:] if line.strip()]) >= 1
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(PNG_DIR / "form")], check=True
    )
