"""Both Excel screens inside the main window, rendered offscreen to /tmp/excel_png/ for a person to look at."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.excel import register
from app.ui.fonts import apply_application_font
from tests.excel.helpers import SCORE_HEADER, score_row, score_rows, write_book
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle
from tests.ui.test_translation import _untranslated

PNG_DIR = Path("/tmp/excel_png")
WAIT = 15_000


def grab(widget, name: str, min_size: tuple[int, int] = (900, 600)) -> Path:
    QApplication.processEvents()  # let the layouts settle after the last change
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / name
    assert widget.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() >= min_size[0] and image.height() >= min_size[1]
    return path


def test_render_import_and_export_screens(qtbot, demo_ctx, admin, clerk, tmp_path):
    apply_application_font(QApplication.instance())
    received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, admin)
    win.resize(1280, 800)
    register(win, demo_ctx, runner)

    screen = win.show_screen("excel_import")
    assert _untranslated(screen) == []
    grab(win, "import_empty.png")
    rng = random.Random(2)
    bad_id = score_row(rng)
    bad_id[0] = bad_id[0][:-1] + ("0" if bad_id[0][-1] != "0" else "1")
    bad_many = score_row(rng, score=105)
    bad_many[3], bad_many[6] = "C9", "2026-02-30"
    path = write_book(
        tmp_path / "2026年3月成绩.xlsx", [SCORE_HEADER, *score_rows(30, seed=4), bad_id, bad_many]
    )
    gate = threading.Event()
    runner.run_db(lambda: gate.wait(10))  # hold the worker so the progress bar can be seen
    with qtbot.waitSignal(screen.previewed, timeout=WAIT):
        screen.set_file(path)
        grab(win, "import_progress.png")
        gate.set()
    assert _untranslated(screen) == []
    grab(win, "import_preview.png")
    with qtbot.waitSignal(screen.committed, timeout=WAIT):
        screen.commit()
    grab(win, "import_committed.png")
    not_xlsx = tmp_path / "成绩.csv"
    not_xlsx.write_text("身份证号,姓名\n", encoding="utf-8")
    with qtbot.waitSignal(screen.failed, timeout=WAIT):
        screen.set_file(not_xlsx)
    grab(win, "import_bad_file.png")
    boxes = [b for b in screen.findChildren(QMessageBox) if b.isVisible()]
    assert boxes
    grab(boxes[-1], "import_bad_file_box.png", min_size=(200, 80))
    for box in boxes:
        box.done(0)

    export = win.show_screen("excel_export")
    wait_idle(qtbot, runner)
    assert _untranslated(export) == []
    with qtbot.waitSignal(export.exported, timeout=WAIT):
        export.export_to(tmp_path / export.default_name())
    grab(win, "export_ledger.png")
    export.set_report("applications")
    grab(win, "export_applications.png")
    export.set_report("monthly")
    grab(win, "export_monthly.png")
    close_window(win, runner)
