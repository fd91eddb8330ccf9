"""PageViewer, the read-only viewer the supervisor's review reuses: pages of several materials, loaded through
the runner from a loader; a page whose file is not on this machine says so."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from app.services import materials
from app.ui.capture import CaptureDialog, PageViewer
from tests.capture.conftest import document_scene, jpeg_bytes
from tests.ui import test_capture_dialog as base
from tests.ui.test_capture_dialog import open_dialog, shot, wait_idle

# The dialog tests' fixtures, shared.
runner, draft, _cjk_font = base.runner, base.draft, base._cjk_font

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_page_viewer_shows_pages_of_several_materials_read_only(qtbot, ctx, clerk, runner, draft):
    for code, kind, seed in (("id_card_front", "id_card_front", 1), ("employment_proof", "document", 2)):
        data = jpeg_bytes(document_scene((1400, 1000), seed=seed))
        materials.attach(ctx, clerk, draft.uuid, code, materials.prepare(kind, f"{seed}.jpg", data))
    pages = materials.pages_of(ctx, draft.uuid)
    calls: list[str] = []

    def load(sha256: str) -> bytes:
        calls.append(sha256)
        return materials.read_page(ctx, sha256)

    names = {r.code: r.material.name for r in ctx.catalogue.item(draft.item_code).materials}
    viewer = PageViewer(runner, load, pages, material_names=names)
    qtbot.addWidget(viewer)
    viewer.resize(900, 600)
    viewer.show()
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: viewer.canvas.image is not None, timeout=10000)
    qtbot.waitUntil(lambda: all(viewer.thumbnails.has_thumbnail(p.sha256) for p in pages), timeout=10000)
    assert set(calls) == {p.sha256 for p in pages}
    assert "居民身份证（人像面）" in viewer.thumbnails.item(0).text()
    assert not viewer.thumbnails.dragEnabled() or viewer.thumbnails.dragDropMode().name == "NoDragDrop"
    assert not viewer.canvas.editable
    viewer.thumbnails.setFocus()
    QTest.keyClick(viewer.thumbnails, Qt.Key.Key_PageDown)
    assert viewer.current_page().material_code == "employment_proof"
    # Dragging on a read-only page selects nothing.
    surface = viewer.canvas.surface
    QTest.mousePress(
        surface, Qt.MouseButton.LeftButton, pos=surface.rect().topLeft() + surface.rect().center() / 2
    )
    QTest.mouseMove(surface, surface.rect().center())
    QTest.mouseRelease(surface, Qt.MouseButton.LeftButton, pos=surface.rect().center())
    assert viewer.canvas.selection is None
    wait_idle(qtbot, runner)
    shot(viewer, "08_page_viewer")


def test_page_not_on_this_machine_is_explained(qtbot, ctx, clerk, runner, draft):
    data = jpeg_bytes(document_scene((1400, 1000), seed=7))
    materials.attach(ctx, clerk, draft.uuid, "employment_proof", materials.prepare("document", "a.jpg", data))
    viewer = PageViewer(runner, lambda sha: None, materials.pages_of(ctx, draft.uuid))
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitUntil(lambda: "不在本机" in viewer.canvas.message, timeout=10000)
    assert viewer.canvas.image is None


def test_every_visible_text_of_the_dialog_is_chinese(qtbot, ctx, clerk, runner, draft):
    dialog: CaptureDialog = open_dialog(qtbot, ctx, clerk, runner, draft.uuid, "employment_proof")
    bad = []
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton) and not widget.property("data"):
            text = widget.text().replace("&", "").strip()
            if text and not CJK.search(text) and not re.fullmatch(r"[\d%×. ]+", text):
                bad.append(f"{type(widget).__name__} {widget.objectName()!r}: {text!r}")
    assert bad == []
    for index in range(dialog.tabs.count()):
        assert CJK.search(dialog.tabs.tabText(index))
