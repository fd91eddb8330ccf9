"""The pages of one material, editable (页面整理): reorder (drag, Ctrl+Up/Down), delete (Del, confirmed), rotate
(R clockwise, Shift+R anticlockwise), crop (draw a rubber band on the zoomed page, Enter), zoom (+/-, Ctrl+wheel).
For ID cards, G takes the card-shaped guide frame as the crop. Every edit is one materials-service call on the
database worker; the strip is then reloaded from the store, so what is shown is what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QToolButton, QWidget

from app.services import materials
from app.services.context import Actor, ServiceContext
from app.services.materials import PageView
from app.ui.capture.common import MaterialTarget, alive
from app.ui.capture.page_viewer import PageViewer
from app.ui.tasks import TaskRunner

WINDOW = Qt.ShortcutContext.WindowShortcut


class PagesEditor(PageViewer):
    changed = Signal(str, int)  # material code, how many pages it has now
    failed = Signal(object)  # an exception from an edit, for the dialog's message area

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        ref: str | int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            runner,
            lambda sha: materials.read_page(ctx, sha),
            parent=parent,
            editable=True,
            shortcut_context=WINDOW,
        )
        self.setObjectName("pages_editor")
        self.ctx, self.actor, self.ref = ctx, actor, ref
        self.target: MaterialTarget | None = None
        self.read_only = False
        self.confirm_box: QMessageBox | None = None
        self._pages_task = f"material-pages-{id(self)}"

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("up", self.tr("上移"), self.tr("把这一页往前移（Ctrl+↑）"), lambda: self.move_current(-1)),
            ("down", self.tr("下移"), self.tr("把这一页往后移（Ctrl+↓）"), lambda: self.move_current(1)),
            (
                "rotate_right",
                self.tr("向右旋转"),
                self.tr("顺时针旋转 90°（R）"),
                lambda: self.rotate_current(90),
            ),
            (
                "rotate_left",
                self.tr("向左旋转"),
                self.tr("逆时针旋转 90°（Shift+R）"),
                lambda: self.rotate_current(270),
            ),
            (
                "guide",
                self.tr("按证件框选取"),
                self.tr("用证件框作为裁剪范围（G）"),
                self.canvas.select_guide,
            ),
            ("crop", self.tr("裁剪"), self.tr("裁掉框选范围以外的部分（Enter）"), self.crop_current),
            ("delete", self.tr("删除"), self.tr("删除这一页（Del）"), self.ask_delete),
        ):
            button = QToolButton()
            button.setObjectName(f"page_{key}")
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            tools.addWidget(button)
            self.buttons[key] = button
        tools.addStretch(1)
        self.layout().insertLayout(0, tools)

        keys: list[tuple[str, Callable[[], None]]] = [
            ("Ctrl+Up", lambda: self.move_current(-1)),
            ("Ctrl+Down", lambda: self.move_current(1)),
            ("R", lambda: self.rotate_current(90)),
            ("Shift+R", lambda: self.rotate_current(270)),
            ("Del", self.ask_delete),
            ("G", self.canvas.select_guide),
        ]
        for key, slot in keys:
            self.add_shortcut(key, slot, WINDOW)
        # Enter crops only while there is a selection, so it never swallows Enter elsewhere in the dialog.
        self.crop_keys = [self.add_shortcut(k, self.crop_current, WINDOW) for k in ("Return", "Enter")]
        self.canvas.selection_changed.connect(self._selection_changed)
        self.thumbnails.moved.connect(self.move_to)
        self.current_changed.connect(lambda _page: self._update_buttons())
        self._selection_changed(False)

    # ------------------------------------------------------------------ loading

    def set_target(self, target: MaterialTarget) -> None:
        """Show (and edit) the pages of this material."""
        self.target = target
        self.canvas.set_guide(self.tr("身份证放在框内") if target.is_id_card else "")
        self.buttons["guide"].setVisible(target.is_id_card)
        self.set_pages([])
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.canvas.editable = not read_only
        self._update_buttons()

    def reload(self, current_id: int | None = None) -> None:
        if self.target is None:
            return
        ctx, ref, code = self.ctx, self.ref, self.target.code
        self.runner.run_db(
            lambda: [p for p in materials.pages_of(ctx, ref) if p.material_code == code],
            alive(self, lambda pages: self._loaded(code, pages, current_id)),
            alive(self, self.failed.emit),
            name=self._pages_task,
        )

    def _loaded(self, code: str, pages: list[PageView], current_id: int | None) -> None:
        if self.target is None or self.target.code != code:
            return  # the clerk switched material meanwhile
        self.set_pages(pages, current_id)
        self._update_buttons()
        self.changed.emit(code, len(pages))

    def _update_buttons(self) -> None:
        has = self.current_page() is not None and not self.read_only
        row, count = self.thumbnails.currentRow(), self.thumbnails.count()
        for key in ("rotate_right", "rotate_left", "delete", "guide"):
            self.buttons[key].setEnabled(has)
        self.buttons["up"].setEnabled(has and row > 0)
        self.buttons["down"].setEnabled(has and row < count - 1)
        self.thumbnails.setDragEnabled(not self.read_only)

    def _selection_changed(self, selected: bool) -> None:
        enabled = selected and not self.read_only
        self.buttons["crop"].setEnabled(enabled)
        for shortcut in self.crop_keys:
            shortcut.setEnabled(enabled)

    # ------------------------------------------------------------------ edits

    def _edit(self, fn: Callable[[], Any], current_id: int | None) -> None:
        self.runner.run_db(
            fn,
            alive(self, lambda _result: self.reload(current_id)),
            alive(self, lambda exc: (self.failed.emit(exc), self.reload(current_id))),
        )

    def move_current(self, step: int) -> None:
        page = self.current_page()
        if page is None or self.read_only:
            return
        row = self.thumbnails.currentRow() + step
        if 0 <= row < self.thumbnails.count():
            self.move_to(page.id, row + 1)

    def move_to(self, page_id: int, position: int) -> None:
        """Put the page at this 1-based position among the material's pages."""
        if self.read_only:
            self.reload(page_id)
            return
        ctx, actor = self.ctx, self.actor
        self._edit(lambda: materials.move_page(ctx, actor, page_id, position), page_id)

    def rotate_current(self, degrees: int) -> None:
        page = self.current_page()
        if page is None or self.read_only:
            return
        ctx, actor = self.ctx, self.actor
        self._edit(lambda: materials.rotate_page(ctx, actor, page.id, degrees), page.id)

    def crop_current(self) -> None:
        page, box = self.current_page(), self.canvas.crop_box()
        if page is None or box is None or self.read_only:
            return
        self.canvas.set_selection(None)
        ctx, actor = self.ctx, self.actor
        self._edit(lambda: materials.crop_page(ctx, actor, page.id, box), page.id)

    def ask_delete(self) -> None:
        """Del: confirm first; the page is removed from the application only after 删除 is pressed."""
        page = self.current_page()
        if page is None or self.read_only:
            return
        row = self.thumbnails.currentRow()
        box = QMessageBox(self)
        box.setObjectName("confirm_delete")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("删除页面"))
        box.setText(self.tr("删除第 {n} 页？").format(n=row + 1))
        box.setInformativeText(self.tr("删除后该页不再属于本办件的材料，需要时请重新扫描。"))
        delete = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(delete)
        box.buttonClicked.connect(lambda button: self._confirmed(page, row) if button is delete else None)
        self.confirm_box = box
        box.open()

    def _confirmed(self, page: PageView, row: int) -> None:
        ids = self.thumbnails.page_ids()
        # Afterwards show the page that took its place (or the new last one).
        following = ids[row + 1] if row + 1 < len(ids) else (ids[row - 1] if row > 0 else None)
        ctx, actor = self.ctx, self.actor
        self._edit(lambda: materials.delete_page(ctx, actor, page.id), following)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape and self.canvas.selection is not None:
            self.canvas.set_selection(None)
            return
        super().keyPressEvent(event)
