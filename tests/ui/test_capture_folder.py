"""扫描文件夹: the scanner drops files into a folder; the dialog, watching it, attaches each complete file to the
material chosen at that moment, logs it, and remembers the folder for this workstation."""

from __future__ import annotations

from app.capture.watched_folder import FAILED_DIR, IMPORTED_DIR
from app.ui.capture.common import SETTINGS_FILE, load_settings
from tests.capture.conftest import document_scene, jpeg_bytes
from tests.ui import test_capture_dialog as base
from tests.ui.test_capture_dialog import open_dialog, shot, stored, wait_idle

# The dialog tests' fixtures, shared.
runner, draft, _cjk_font = base.runner, base.draft, base._cjk_font


def test_watched_folder_picks_up_dropped_files_into_the_chosen_material(
    qtbot, ctx, clerk, runner, draft, tmp_path
):
    inbox = tmp_path / "扫描仪"
    inbox.mkdir()
    dialog = open_dialog(
        qtbot, ctx, clerk, runner, draft.uuid, "employment_proof", folder_interval_ms=50, folder_settle_s=0.05
    )
    dialog.show_source("folder")
    panel = dialog.folder
    panel.path_edit.setText(str(inbox))
    panel.toggle_button.click()
    qtbot.waitUntil(lambda: panel.watching, timeout=5000)
    assert panel.toggle_button.text() == "停止监视"

    # A scanner writing the file: a half-written JPEG first, completed a moment later.
    data = jpeg_bytes(document_scene((1400, 1000), seed=3))
    target = inbox / "scan0001.jpg"
    target.write_bytes(data[: len(data) // 2])
    qtbot.wait(300)
    assert stored(ctx, draft.uuid, "employment_proof") == []  # not taken while incomplete
    with target.open("ab") as fh:
        fh.write(data[len(data) // 2 :])
    qtbot.waitUntil(lambda: len(stored(ctx, draft.uuid, "employment_proof")) == 1, timeout=10000)
    qtbot.waitUntil(lambda: (inbox / IMPORTED_DIR / "scan0001.jpg").exists(), timeout=5000)
    qtbot.waitUntil(lambda: dialog.editor.thumbnails.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: any("已导入 scan0001.jpg" in line for line in panel.log_lines()), timeout=5000)

    # The clerk switches material; the next scan goes there. A broken file is logged and parked with a note.
    dialog.material_combo.setCurrentIndex(dialog.material_combo.findData("other_province_cert"))
    (inbox / "scan0002.jpg").write_bytes(jpeg_bytes(document_scene((1400, 1000), seed=4)))
    broken = jpeg_bytes(document_scene((1400, 1000), seed=6))
    (inbox / "scan0003.jpg").write_bytes(broken[:300] + b"\xff\xd9")  # ends like a JPEG, pixels missing
    qtbot.waitUntil(lambda: len(stored(ctx, draft.uuid, "other_province_cert")) == 1, timeout=10000)
    qtbot.waitUntil(lambda: (inbox / FAILED_DIR / "scan0003.jpg.txt").exists(), timeout=10000)
    qtbot.waitUntil(lambda: any("导入失败 scan0003.jpg" in line for line in panel.log_lines()), timeout=5000)
    assert "scan0003.jpg" in dialog.message_label.text()
    assert len(stored(ctx, draft.uuid, "employment_proof")) == 1
    wait_idle(qtbot, runner)
    shot(dialog, "07_watched_folder")

    panel.toggle_button.click()
    assert not panel.watching and not panel.timer.isActive()
    (inbox / "scan0004.jpg").write_bytes(jpeg_bytes(document_scene((1400, 1000), seed=5)))
    qtbot.wait(300)
    assert (inbox / "scan0004.jpg").exists()  # nobody watches: the file stays
    # The folder is remembered for this workstation.
    assert load_settings(ctx.data_dir)["scan_folder"] == str(inbox)
    assert (ctx.data_dir / SETTINGS_FILE).exists()
    dialog.accept()

    again = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    qtbot.waitUntil(lambda: again.folder.path_edit.text() == str(inbox), timeout=5000)


def test_missing_folder_is_reported_and_not_watched(qtbot, ctx, clerk, runner, draft, tmp_path):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    dialog.show_source("folder")
    dialog.folder.start(tmp_path / "网络共享" / "不存在")
    wait_idle(qtbot, runner)
    assert not dialog.folder.watching
    assert "文件夹不存在" in dialog.folder.status.text()
    assert any("无法监视" in line for line in dialog.folder.log_lines())
