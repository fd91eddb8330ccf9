"""Twelve keys: a standard 安管 renewal from choosing the item to the printed receipt, on the real main window,
with the simulated ID card reader and the scanner's folder, no mouse, every key press counted.

Beyond the twelve: the scans themselves (the card laid on the reader and read with F4, the page the scanner
writes into its folder), as the issue counts them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.capture.idcard_reader import SamSerialReader
from app.services import intake, lookup, materials
from app.ui.capture import CaptureDialog
from app.ui.capture.common import save_settings
from app.ui.capture.folder_panel import SETTING_AUTO, SETTING_KEY
from tests.capture.conftest import document_scene, jpeg_bytes
from tests.capture.sam_simulator import CARD, Behaviour, SimulatedReader
from tests.ui.shell_support import close_window, make_window, wait_idle
from tests.ui.test_intake_flow import Input, printer_pdf, renewal_candidate, shot  # noqa: F401  (fixture)


def test_a_renewal_in_twelve_keys(qtbot, demo_ctx, clerk, printer_pdf, tmp_path):  # noqa: F811
    idn, number = renewal_candidate(demo_ctx)
    person = lookup.extract(demo_ctx, idn).person
    card = {**CARD, "id_number": idn, "name": person.name, "birth": idn[6:14], "valid_to": "20400101"}
    reader_device = SimulatedReader(Behaviour(card_values=card))
    scans = tmp_path / "scanner-out"
    scans.mkdir()
    # Set up once at this workstation (not counted): the scanner's folder, left watching last time.
    save_settings(demo_ctx.data_dir, {SETTING_KEY: str(scans), SETTING_AUTO: True})
    # Keys go to the active window: a window an earlier test left open (a modal one above all) must not take them.
    for leftover in QApplication.topLevelWidgets():
        if leftover.isVisible():
            leftover.close()
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    kb = Input(qtbot)
    try:
        kb.key(Qt.Key.Key_F2)  # 1: 新建申请, the caret in the item search
        screen = win.intake
        kb.type("agyx")  # 2-5: pinyin initials of 安管人员延续
        kb.key(Qt.Key.Key_Return)  # 6: pick it
        qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
        screen.card_reader = SamSerialReader(reader_device.path, decoder=None, timeout_s=2.0)
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # 7: every approval condition
        page = screen.work.materials
        assert QApplication.focusWidget() is page.table
        code = page.item.materials[page.table.currentRow()].code
        kb.key(Qt.Key.Key_F9)  # 8: scan the chosen material; the folder is watched at once
        qtbot.waitUntil(lambda: bool(screen.findChildren(CaptureDialog)), timeout=5000)
        dialog = screen.findChildren(CaptureDialog)[0]
        qtbot.waitUntil(lambda: dialog.folder.watching, timeout=10000)
        (scans / "scan0001.jpg").write_bytes(jpeg_bytes(document_scene((1200, 1600), seed=3)))  # the scanner
        qtbot.waitUntil(lambda: page.states[code] == "scanned", timeout=20000)
        wait_idle(qtbot, runner)
        shot(dialog, "12keys_capture")
        kb.key(Qt.Key.Key_Escape)  # 9: close the scan dialog
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=5000)
        kb.key(
            Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
        )  # 10: the other paper materials, to the form
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F4)  # the card on the reader: read (a scan)
        form = screen.work.form
        qtbot.waitUntil(lambda: form.values()["certificate_number"] == number, timeout=15000)
        qtbot.waitUntil(lambda: "✔" in screen.work.rules.title.text(), timeout=15000)
        shot(screen, "12keys_form")
        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 11: submit
        qtbot.waitUntil(lambda: screen.receipt is not None and screen.receipt.isVisible(), timeout=20000)
        receipt = screen.receipt
        receipt.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is receipt.print_button, timeout=5000)
        uuid = screen.uuid
        kb.key(Qt.Key.Key_Return)  # 12: print the receipt
        qtbot.waitUntil(lambda: receipt.printed, timeout=20000)
    finally:
        kb.remove()
        reader_device.close()
    assert kb.clicks == 0
    assert kb.keys == 12, kb.keys
    print(f"\nAG renewal on the main window: {kb.keys} keys beyond the scans, {kb.clicks} clicks")
    wait_idle(qtbot, runner)
    view = intake.get(demo_ctx, uuid)
    assert view.status == "received" and view.certificate_number == number
    assert view.form["id_card"]["valid_to"] == "2040-01-01"
    assert [p.material_code for p in materials.pages_of(demo_ctx, uuid)] == [code]
    assert printer_pdf.is_file()
    close_window(win, runner)
