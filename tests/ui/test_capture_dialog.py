"""扫描材料 dialog, driven like a clerk would: files (JPEG, PDF, a corrupt one), a camera-less machine, a frame from
the document camera, and the page edits — each checked against the real material store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services import intake, materials
from app.ui.capture import CaptureDialog
from app.ui.tasks import TaskRunner
from tests.capture.conftest import bilevel_png, document_scene, jpeg_bytes, pdf_bytes
from tests.services.scenarios import Builder, all_conditions, fixed_clock

PNG_DIR = Path("/tmp/capture_png")
ITEM = "AG-CHG-TRANSFER-IN"


@pytest.fixture
def runner():
    r = TaskRunner()
    unhandled: list[BaseException] = []
    r.error.connect(unhandled.append)  # every background failure must reach the screen that asked
    yield r
    r.shutdown(wait=True)
    assert unhandled == []


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


@pytest.fixture
def draft(ctx, clerk):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario(ITEM)
    return intake.create_draft(
        ctx, clerk, sc.item_code, sc.form, conditions=all_conditions(ctx, sc.item_code)
    )


def wait_idle(qtbot, runner: TaskRunner, dialog: CaptureDialog | None = None) -> None:
    qtbot.waitUntil(
        lambda: runner.pending == 0 and (dialog is None or dialog.ingest.pending == 0), timeout=20000
    )
    for _ in range(3):
        QApplication.processEvents()


def open_dialog(qtbot, ctx, clerk, runner, ref, code, **kwargs) -> CaptureDialog:
    dialog = CaptureDialog(ctx, clerk, runner, ref, code, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.target is not None, timeout=10000)
    wait_idle(qtbot, runner, dialog)
    return dialog


def shot(widget: QWidget, name: str) -> Path:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / f"{name}.png"
    for _ in range(3):
        QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path


def stored(ctx, ref, code) -> list[materials.PageView]:
    return [p for p in materials.pages_of(ctx, ref) if p.material_code == code]


def scan_file(tmp_path: Path, name: str, *, seed: int = 1, size=(1500, 1100)) -> Path:
    path = tmp_path / name
    path.write_bytes(jpeg_bytes(document_scene(size, seed=seed)))
    return path


def test_file_import_jpeg_and_pdf_then_a_corrupt_file_keeps_what_was_stored(
    qtbot, ctx, clerk, runner, draft, tmp_path
):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    assert dialog.material_combo.currentData() == "employment_proof"
    assert "劳动合同" in dialog.windowTitle()
    changes: list[tuple[str, int]] = []
    dialog.pages_changed.connect(lambda code, n: changes.append((code, n)))

    pdf = tmp_path / "社保记录.pdf"
    pdf.write_bytes(pdf_bytes(2))
    dialog.import_files([scan_file(tmp_path, "合同.jpg"), pdf])
    wait_idle(qtbot, runner, dialog)
    pages = stored(ctx, draft.uuid, "employment_proof")
    assert len(pages) == 3 and [p.position for p in pages] == [1, 2, 3]
    assert dialog.editor.thumbnails.count() == 3
    assert changes[-1] == ("employment_proof", 3)
    assert intake.get(ctx, draft.uuid).material_states["employment_proof"] == "scanned"
    assert dialog.message_label.isHidden()

    corrupt = tmp_path / "坏文件.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)  # a JPEG header and nothing after it
    empty = tmp_path / "空文件.png"
    empty.write_bytes(b"")
    dialog.import_files([corrupt, empty, scan_file(tmp_path, "合同第2页.jpg", seed=2)])
    wait_idle(qtbot, runner, dialog)
    assert dialog.message_label.isVisible()
    text = dialog.message_label.text()
    assert "坏文件.jpg" in text and "空文件.png" in text and "处理办法" in text
    assert "之前已保存的页面不受影响" in text
    pages = stored(ctx, draft.uuid, "employment_proof")
    assert len(pages) == 4  # the three from before plus the good file after the bad ones
    assert dialog.editor.thumbnails.count() == 4
    qtbot.waitUntil(
        lambda: all(dialog.editor.thumbnails.has_thumbnail(p.sha256) for p in pages), timeout=10000
    )
    wait_idle(qtbot, runner, dialog)
    shot(dialog, "01_files_with_error")


def test_oversized_file_and_decompression_bomb_are_refused(qtbot, ctx, clerk, runner, draft, tmp_path):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    huge = tmp_path / "扫描件.pdf"
    with huge.open("wb") as fh:  # 500 MB, sparse: nothing is really written
        fh.truncate(500 * 1024 * 1024)
    bomb = tmp_path / "炸弹.png"
    bomb.write_bytes(bilevel_png(20_000, 20_000))  # 400 megapixels in a few kilobytes
    dialog.import_files([huge, bomb])
    wait_idle(qtbot, runner, dialog)
    text = dialog.message_label.text()
    assert "扫描件.pdf" in text and "炸弹.png" in text
    assert text.count("处理办法") == 2
    assert stored(ctx, draft.uuid, "employment_proof") == []


def test_closing_while_pages_are_processed_waits_for_them(qtbot, ctx, clerk, runner, draft, tmp_path):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    frames = [jpeg_bytes(document_scene((1500, 1100), seed=s)) for s in (11, 12, 13)]
    for frame in frames:
        dialog.camera.accept_jpeg(frame)
    assert dialog.ingest.pending == 3
    dialog.accept()
    assert dialog.isVisible()  # still saving: the pages are never dropped
    assert not dialog.done_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(stored(ctx, draft.uuid, "employment_proof")) == 3


def test_files_dropped_on_the_dialog_are_imported(qtbot, ctx, clerk, runner, draft, tmp_path):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "other_province_cert")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan_file(tmp_path, f"证书{i}.jpg", seed=i))) for i in (1, 2)])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(10, 10), *args)
    dialog.files.dragEnterEvent(enter)
    assert enter.isAccepted()
    # Offscreen there is no drag in progress for Qt to route a drop: deliver it the way Qt would.
    dialog.files.dropEvent(QDropEvent(QPointF(10, 10), *args))
    wait_idle(qtbot, runner, dialog)
    assert len(stored(ctx, draft.uuid, "other_province_cert")) == 2


def test_camera_less_machine_shows_the_camera_unavailable_and_offers_the_others(
    qtbot, ctx, clerk, runner, draft
):
    from PySide6.QtMultimedia import QMediaDevices

    assert QMediaDevices.videoInputs() == []  # this machine has no camera
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "id_card_front")
    camera_index = dialog.tabs.indexOf(dialog.camera)
    assert "不可用" in dialog.tabs.tabText(camera_index)
    dialog.show_source("camera")
    wait_idle(qtbot, runner, dialog)
    notice = dialog.camera.notice
    assert notice.isVisible()
    assert "没有检测到高拍仪" in notice.reason.text()
    assert not dialog.camera.capture_button.isEnabled()
    # Space and F9 on a camera-less machine say so and do not crash.
    QTest.keyClick(dialog, Qt.Key.Key_F9)
    assert "没有检测到高拍仪" in dialog.camera.status.text()
    assert dialog.camera.preview.guide_label  # ID card: the preview draws the guide frame over a live picture
    shot(dialog, "02_camera_unavailable_id_card")
    live = QImage()
    assert live.loadFromData(jpeg_bytes(document_scene((1280, 960), seed=8)))
    dialog.camera.preview.show_frame(live)  # what the video sink shows once a camera runs
    shot(dialog.camera.preview, "02b_camera_preview_guide")
    switch = notice.findChild(QWidget, "switch_files")
    QTest.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert dialog.tabs.currentWidget() is dialog.files
    # The scanner (no SANE here) says why too, once its check has run.
    qtbot.waitUntil(lambda: dialog.scanner.available is not None, timeout=10000)
    assert dialog.scanner.available is False
    assert "不可用" in dialog.tabs.tabText(dialog.tabs.indexOf(dialog.scanner))
    assert dialog.scanner.status.text()


def test_a_frame_from_the_document_camera_attaches_an_id_card_page(qtbot, ctx, clerk, runner, draft):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "id_card_front")
    frame = QImage()
    assert frame.loadFromData(jpeg_bytes(document_scene((1600, 1200), seed=5)))
    # The slot QImageCapture.imageCaptured is connected to.
    dialog.camera.on_image_captured(1, frame)
    wait_idle(qtbot, runner, dialog)
    [page] = stored(ctx, draft.uuid, "id_card_front")
    assert page.encrypted  # personal data is encrypted at rest
    with materials.store(ctx).path_of(page.sha256).open("rb") as fh:
        assert fh.read(3) != b"\xff\xd8\xff"
    assert Image.open(io.BytesIO(materials.read_page(ctx, page.sha256))).format == "JPEG"
    with ctx.store.read() as s:
        from app.models import MaterialPage

        assert s.get(MaterialPage, page.id).source == "camera"
    # A second frame, as JPEG bytes straight from a camera driver.
    dialog.camera.accept_jpeg(jpeg_bytes(document_scene((1600, 1200), seed=6)))
    wait_idle(qtbot, runner, dialog)
    assert len(stored(ctx, draft.uuid, "id_card_front")) == 2
    assert dialog.editor.canvas.guide_label  # and the guide frame on the zoomed page
    # Bytes that are not a JPEG are refused with a message, nothing stored.
    dialog.camera.accept_jpeg(b"not a picture at all")
    wait_idle(qtbot, runner, dialog)
    assert "不是 JPEG" in dialog.message_label.text()
    assert len(stored(ctx, draft.uuid, "id_card_front")) == 2
    qtbot.waitUntil(lambda: dialog.editor.canvas.image is not None, timeout=10000)
    shot(dialog, "03_camera_frames_id_card")


def _attach_three(ctx, clerk, ref) -> list[materials.PageView]:
    views = []
    for seed, size in ((1, (1500, 1100)), (2, (1100, 1500)), (3, (1500, 1100))):
        data = jpeg_bytes(document_scene(size, seed=seed))
        views += materials.attach(
            ctx, clerk, ref, "other_province_cert", materials.prepare("certificate", f"{seed}.jpg", data)
        )
    return views


def test_reorder_rotate_crop_and_delete_from_the_keyboard(qtbot, ctx, clerk, runner, draft):
    a, b, c = _attach_three(ctx, clerk, draft.uuid)
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "other_province_cert")
    editor = dialog.editor
    assert editor.thumbnails.page_ids() == [a.id, b.id, c.id]
    editor.thumbnails.setFocus()

    # Ctrl+Down moves the first page down one place.
    editor.select_page(a.id)
    QTest.keyClick(editor.thumbnails, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner, dialog)
    assert [p.id for p in stored(ctx, draft.uuid, "other_province_cert")] == [b.id, a.id, c.id]
    assert editor.thumbnails.page_ids() == [b.id, a.id, c.id]
    assert editor.current_page().id == a.id

    # R turns it clockwise, Shift+R back.
    QTest.keyClick(editor.thumbnails, Qt.Key.Key_R)
    wait_idle(qtbot, runner, dialog)
    turned = next(p for p in stored(ctx, draft.uuid, "other_province_cert") if p.id == a.id)
    assert (turned.width, turned.height) == (a.height, a.width)
    QTest.keyClick(editor.thumbnails, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, runner, dialog)
    back = next(p for p in stored(ctx, draft.uuid, "other_province_cert") if p.id == a.id)
    assert (back.width, back.height) == (a.width, a.height)

    # Crop: a rubber band drawn on the zoomed page, then Enter.
    qtbot.waitUntil(lambda: editor.canvas.image is not None, timeout=10000)
    surface = editor.canvas.surface
    start = QPoint(round(surface.width() * 0.25), round(surface.height() * 0.25))
    end = QPoint(round(surface.width() * 0.75), round(surface.height() * 0.75))
    QTest.mousePress(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(surface, end)
    QTest.mouseRelease(surface, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert editor.buttons["crop"].isEnabled()
    shot(dialog, "04_crop_selection")
    QTest.keyClick(editor.canvas, Qt.Key.Key_Return)
    wait_idle(qtbot, runner, dialog)
    cropped = next(p for p in stored(ctx, draft.uuid, "other_province_cert") if p.id == a.id)
    assert abs(cropped.width - a.width / 2) <= 4 and abs(cropped.height - a.height / 2) <= 4
    assert dialog.isVisible()  # Enter cropped; it did not close the dialog

    # Del asks first; 取消 keeps the page, 删除 removes it.
    QTest.keyClick(editor.thumbnails, Qt.Key.Key_Delete)
    box = editor.confirm_box
    assert box is not None and box.isVisible()
    shot(box, "05_confirm_delete")
    cancel = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, dialog)
    assert len(stored(ctx, draft.uuid, "other_province_cert")) == 3
    QTest.keyClick(editor.thumbnails, Qt.Key.Key_Delete)
    box = editor.confirm_box
    delete = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    QTest.mouseClick(delete, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner, dialog)
    assert [p.id for p in stored(ctx, draft.uuid, "other_province_cert")] == [b.id, c.id]
    assert editor.thumbnails.page_ids() == [b.id, c.id]
    assert editor.current_page().id == c.id  # the page that took its place


def test_dragging_a_thumbnail_reorders_the_store(qtbot, ctx, clerk, runner, draft):
    a, b, c = _attach_three(ctx, clerk, draft.uuid)
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "other_province_cert")
    # What a finished drag-and-drop reports: page c dropped in first place.
    dialog.editor.thumbnails.moved.emit(c.id, 1)
    wait_idle(qtbot, runner, dialog)
    assert [p.id for p in stored(ctx, draft.uuid, "other_province_cert")] == [c.id, a.id, b.id]
    assert dialog.editor.thumbnails.page_ids() == [c.id, a.id, b.id]


def test_zoom_keys_and_ctrl_wheel(qtbot, ctx, clerk, runner, draft):
    _attach_three(ctx, clerk, draft.uuid)
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "other_province_cert")
    canvas = dialog.editor.canvas
    qtbot.waitUntil(lambda: canvas.image is not None, timeout=10000)
    fitted = canvas.zoom
    dialog.editor.thumbnails.setFocus()
    QTest.keyClick(dialog.editor.thumbnails, Qt.Key.Key_Plus)
    assert canvas.zoom == pytest.approx(fitted * 1.25)
    QTest.keyClick(dialog.editor.thumbnails, Qt.Key.Key_Minus)
    QTest.keyClick(dialog.editor.thumbnails, Qt.Key.Key_Minus)
    assert canvas.zoom == pytest.approx(fitted / 1.25)
    QTest.keyClick(dialog.editor.thumbnails, Qt.Key.Key_0)
    assert canvas.zoom == pytest.approx(fitted)
    from PySide6.QtGui import QWheelEvent

    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(50, 50),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.surface, wheel)  # ignored by the page, handled by the scroll area
    assert canvas.zoom == pytest.approx(fitted * 1.25**2)


def test_switching_material_and_the_id_card_guide_crop(qtbot, ctx, clerk, runner, draft):
    data = jpeg_bytes(document_scene((1600, 1200), seed=9))
    [page] = materials.attach(
        ctx, clerk, draft.uuid, "id_card_back", materials.prepare("id_card_back", "背面.jpg", data)
    )
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    assert dialog.editor.thumbnails.count() == 0
    dialog.material_combo.setCurrentIndex(dialog.material_combo.findData("id_card_back"))
    wait_idle(qtbot, runner, dialog)
    assert dialog.editor.thumbnails.page_ids() == [page.id]
    qtbot.waitUntil(lambda: dialog.editor.canvas.image is not None, timeout=10000)
    QTest.keyClick(dialog.editor.thumbnails, Qt.Key.Key_G)
    box = dialog.editor.canvas.crop_box()
    assert box is not None
    ratio = (box[2] - box[0]) / (box[3] - box[1])
    assert ratio == pytest.approx(85.6 / 54, rel=0.02)
    shot(dialog, "06_id_card_guide_selected")
    QTest.keyClick(dialog.editor.canvas, Qt.Key.Key_Enter)
    wait_idle(qtbot, runner, dialog)
    [after] = stored(ctx, draft.uuid, "id_card_back")
    assert after.width / after.height == pytest.approx(85.6 / 54, rel=0.02)


def test_an_electronic_material_is_explained_and_another_offered(qtbot, ctx, clerk, runner, draft):
    dialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "company_record")
    assert "电子获取" in dialog.message_label.text()
    assert dialog.material_combo.findData("company_record") == -1
    assert dialog.target is not None and dialog.target.code == dialog.material_combo.currentData()
