"""The intake screen's 扫描… button opens the capture dialog; what it stores shows in the checklist."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import materials
from app.ui.capture import CaptureDialog
from tests.ui.test_capture_dialog import scan_file
from tests.ui.test_intake_flow import open_screen
from tests.ui.test_intake_parts import runner  # noqa: F401  (fixture)


def test_scan_button_opens_capture_and_updates_checklist(qtbot, demo_ctx, clerk, runner, tmp_path):  # noqa: F811
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    page = screen.work.materials
    screen.work.tabs.setCurrentWidget(page)
    page.scan_buttons["id_card_front"].click()
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, CaptureDialog)
            for w in QApplication.topLevelWidgets() + screen.findChildren(CaptureDialog)
        ),
        timeout=5000,
    )
    dialog = screen.findChildren(CaptureDialog)[0]
    qtbot.waitUntil(lambda: dialog.target is not None, timeout=10000)
    dialog.import_files([scan_file(tmp_path, "身份证正面.jpg")])
    qtbot.waitUntil(lambda: page.states["id_card_front"] == "scanned", timeout=20000)
    qtbot.waitUntil(lambda: runner.pending == 0 and dialog.ingest.pending == 0, timeout=20000)
    stored = materials.pages_of(demo_ctx, screen.uuid)
    assert [p.material_code for p in stored] == ["id_card_front"]
    assert stored[0].encrypted
    dialog.close()


def test_scan_by_keyboard_and_the_step_title_and_rules_follow(qtbot, demo_ctx, clerk, runner, tmp_path):  # noqa: F811
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    page = screen.work.materials
    screen.work.go(1)  # ③ 收取材料
    row = next(i for i, r in enumerate(page.item.materials) if r.code == "id_card_front")
    page.table.setCurrentCell(row, 0)
    QTest.keyClick(page.table, Qt.Key.Key_F9)  # no mouse: F9 scans the chosen material
    qtbot.waitUntil(lambda: bool(screen.findChildren(CaptureDialog)), timeout=5000)
    dialog = screen.findChildren(CaptureDialog)[0]
    qtbot.waitUntil(lambda: dialog.target is not None, timeout=10000)
    assert dialog.target.code == "id_card_front"
    QTest.keyClick(dialog, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next material
    assert dialog.target.code != "id_card_front"
    QTest.keyClick(dialog, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert dialog.target.code == "id_card_front"
    dialog.import_files([scan_file(tmp_path, "身份证正面.jpg")])
    qtbot.waitUntil(lambda: runner.pending == 0 and dialog.ingest.pending == 0, timeout=20000)
    dialog.close()
    # Without changing the tab: the title counts the scan and the rule panel no longer asks for it.
    have, _need = page.received_count()
    assert have == 1
    qtbot.waitUntil(lambda: "收取材料 1/" in screen.work.tabs.tabText(1), timeout=5000)
    qtbot.waitUntil(
        lambda: all("居民身份证（人像面）" not in f.message for f in screen.work.rules.failures), timeout=5000
    )
