"""扫描材料: capture the pages of one material of one application from a chosen source, and put them right.

Left, the sources (文件导入, 扫描文件夹, 高拍仪, 扫描仪); right, the material's stored pages with their editing keys.
A source that cannot work here says why and offers the others. Captured files are prepared on the io pool and
attached on the database worker in capture order; a refused file is reported with its message and fix while
every page captured before it stays stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.capture.sources import FileImportSource, SaneScannerSource
from app.paths import data_dir as default_data_dir
from app.services import intake, materials
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui.capture.camera_panel import CameraPanel
from app.ui.capture.common import MaterialTarget, alive
from app.ui.capture.file_panel import FilePanel, local_paths
from app.ui.capture.folder_panel import FolderPanel
from app.ui.capture.ingest import IngestQueue
from app.ui.capture.pages_editor import PagesEditor
from app.ui.capture.scanner_panel import ScannerPanel
from app.ui.errors import error_text
from app.ui.screen_fit import fit_dialog
from app.ui.tasks import TaskRunner

FILES, FOLDER, CAMERA, SCANNER = "files", "folder", "camera", "scanner"
MAX_MESSAGES = 6


class CaptureDialog(QDialog):
    """One material of one application. `pages_changed(material_code, count)` after every stored or edited page."""

    pages_changed = Signal(str, int)

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        application_ref: str | int,
        material_code: str,
        parent: QWidget | None = None,
        *,
        folder_interval_ms: int = 1500,
        folder_settle_s: float = 2.0,
        scanner: SaneScannerSource | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture_dialog")
        self.setWindowTitle(self.tr("扫描材料"))
        self.setAcceptDrops(True)
        self.ctx, self.actor, self.runner, self.ref = ctx, actor, runner, application_ref
        self.requested_code = material_code
        self.application: ApplicationView | None = None
        self.targets: list[MaterialTarget] = []
        self.target: MaterialTarget | None = None
        self.messages: list[str] = []
        self._closing = False
        self._closing_result = 0

        self.header = QLabel(self.tr("正在读取办件……"))
        self.header.setObjectName("capture_header")
        self.header.setProperty("data", True)
        self.material_combo = QComboBox()
        self.material_combo.setObjectName("material_choice")
        self.material_combo.setAccessibleName(self.tr("扫描到哪份材料"))
        self.material_combo.setMinimumWidth(360)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        # Alt+M reaches the material list; Ctrl+PgDown / Ctrl+PgUp switch to the next or previous material.
        material_label = QLabel(self.tr("材料(&M)："))
        material_label.setBuddy(self.material_combo)
        top.addWidget(material_label)
        top.addWidget(self.material_combo)
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            switch = QShortcut(QKeySequence(key), self)
            switch.setContext(Qt.ShortcutContext.WindowShortcut)
            switch.activated.connect(lambda s=step: self.step_material(s))

        self.ingest = IngestQueue(ctx, actor, runner, application_ref, self)
        self.files = FilePanel()
        self.folder = FolderPanel(
            ctx,
            actor,
            runner,
            application_ref,
            lambda: self.target,
            ctx.data_dir or default_data_dir(),
            interval_ms=folder_interval_ms,
            settle_s=folder_settle_s,
        )
        self.camera = CameraPanel(runner)
        self.scanner = ScannerPanel(runner, source=scanner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("capture_sources")
        self.panels = {FILES: self.files, FOLDER: self.folder, CAMERA: self.camera, SCANNER: self.scanner}
        self.source_names = {
            FILES: self.tr("文件导入"),
            FOLDER: self.tr("扫描文件夹"),
            CAMERA: self.tr("高拍仪"),
            SCANNER: self.tr("扫描仪"),
        }
        for key, panel in self.panels.items():
            self.tabs.addTab(panel, self.source_names[key])
        self.tabs.setMinimumWidth(400)

        self.editor = PagesEditor(ctx, actor, runner, application_ref)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.progress = QLabel()
        self.progress.setObjectName("capture_progress")
        self.message_label = QLabel()
        self.message_label.setObjectName("capture_messages")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setStyleSheet(
            "#capture_messages { background: #fdecea; color: #8e1c1c; border: 1px solid #f5c2c0;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.message_label.hide()
        self.done_button = QPushButton(self.tr("完成"))
        self.done_button.setObjectName("capture_done")
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        layout.addLayout(bottom)
        fit_dialog(self, 1200, 760)

        self.files.files_chosen.connect(self.import_files)
        self.camera.captured.connect(lambda items: self._submit(items, "camera"))
        self.scanner.captured.connect(lambda items: self._submit(items, "scanner"))
        self.folder.stored.connect(self._stored)
        self.folder.failed.connect(self._failed)
        self.folder.resumed.connect(lambda: self.show_source(FOLDER))
        self.ingest.stored.connect(self._stored)
        self.ingest.failed.connect(self._failed)
        self.ingest.idle.connect(self._idle)
        self.editor.changed.connect(self.pages_changed)
        self.editor.failed.connect(lambda exc: self._failed("", exc))
        self.material_combo.currentIndexChanged.connect(self._material_chosen)
        self.tabs.currentChanged.connect(self._tab_changed)
        for panel in (self.camera, self.scanner):
            panel.notice.switch_requested.connect(self.show_source)
        self.camera.availability_changed.connect(lambda ok, why: self._availability(CAMERA, ok, why))
        self.scanner.availability_changed.connect(lambda ok, why: self._availability(SCANNER, ok, why))
        self._availability(CAMERA, *self.camera.source.available())

        self.capture_keys = []
        for key in ("Space", "F9"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._capture_key)
            self.capture_keys.append(shortcut)
        self._tab_changed(self.tabs.currentIndex())
        self._set_inputs_enabled(False)
        runner.run_db(
            lambda: intake.get(ctx, application_ref),
            alive(self, self._loaded),
            alive(self, self._load_failed),
        )

    # ------------------------------------------------------------------ application and material

    def _loaded(self, view: ApplicationView) -> None:
        self.application = view
        item = self.ctx.catalogue_for(view).item(view.item_code)
        number = view.number or self.tr("草稿")
        self.header.setText(
            self.tr("{number}  {name}  ·  {item}").format(
                number=number, name=view.applicant_name or "", item=item.short_name
            )
        )
        self.targets = [
            MaterialTarget(r.code, r.material.kind, r.material.name)
            for r in item.materials
            if not r.electronic
        ]
        codes = [t.code for t in self.targets]
        self.material_combo.blockSignals(True)
        for target in self.targets:
            self.material_combo.addItem(target.name, target.code)
        self.material_combo.blockSignals(False)
        if self.requested_code not in codes:
            known = next((r for r in item.materials if r.code == self.requested_code), None)
            reason = (
                self.tr("“{name}”由系统电子获取，无需扫描。").format(name=known.material.name)
                if known is not None
                else self.tr("事项“{item}”没有材料“{code}”。").format(
                    item=item.short_name, code=self.requested_code
                )
            )
            self._show_message(reason + self.tr("请在上方选择要扫描的材料。"))
        self.material_combo.setCurrentIndex(
            codes.index(self.requested_code) if self.requested_code in codes else 0
        )
        self._material_chosen(self.material_combo.currentIndex())
        if view.status not in materials.EDITABLE:
            self.editor.set_read_only(True)
            self._show_message(self.tr("办件已受理，材料不能再更改；这里只能查看。"))
            return
        self._set_inputs_enabled(True)

    def _load_failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self.header.setText(message)
        self._show_message(f"{message}\n{self.tr('处理办法：')}{fix}" if fix else message)

    def _material_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.targets):
            return
        self.target = self.targets[row]
        self.setWindowTitle(self.tr("扫描材料 — {name}").format(name=self.target.name))
        guide = self.tr("身份证放在框内") if self.target.is_id_card else ""
        self.camera.set_guide(guide)
        self.editor.set_target(self.target)

    def step_material(self, step: int) -> None:
        count = self.material_combo.count()
        if count and self.material_combo.isEnabled():
            self.material_combo.setCurrentIndex((self.material_combo.currentIndex() + step) % count)

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for panel in self.panels.values():
            panel.setEnabled(enabled)
        self.material_combo.setEnabled(enabled or bool(self.targets))

    # ------------------------------------------------------------------ sources

    def show_source(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.panels[key])

    def _availability(self, key: str, ok: bool, why: str) -> None:
        panel = self.panels[key]
        index = self.tabs.indexOf(panel)
        name = self.source_names[key]
        self.tabs.setTabText(index, name if ok else self.tr("{name}（不可用）").format(name=name))
        self.tabs.setTabToolTip(index, why)
        if ok:
            panel.notice.hide()
            return
        others = [
            (k, self.source_names[k])
            for k in (FILES, FOLDER, CAMERA, SCANNER)
            if k != key and self._usable(k)
        ]
        panel.notice.show_unavailable(name, why, others)

    def _usable(self, key: str) -> bool:
        if key == CAMERA:
            return self.camera.source.available()[0]
        if key == SCANNER:
            return bool(self.scanner.available)
        return True

    def _tab_changed(self, _index: int) -> None:
        on_camera = self.tabs.currentWidget() is self.camera
        self.capture_keys[0].setEnabled(on_camera)  # Space types elsewhere; F9 always means "capture"

    def _capture_key(self) -> None:
        if self.tabs.currentWidget() is not self.camera:
            self.show_source(CAMERA)
        self.camera.capture()

    def import_files(self, paths: list[Path]) -> None:
        """Files picked or dropped: read and split on the io pool, then prepared and attached in order."""
        if self.target is None or self._closing:
            return
        self.show_source(FILES)
        self._progress_text(extra=len(paths))
        self.runner.run_io(
            lambda: list(FileImportSource(paths).capture()),
            alive(self, lambda items: self._submit(items, "file")),
            alive(self, lambda exc: self._failed("", exc)),
        )

    def _submit(self, items: list, source: str) -> None:
        if self.target is None or not items:
            return
        self._clear_messages()
        self.ingest.submit(items, self.target, source)
        self._progress_text()

    # ------------------------------------------------------------------ results

    def _stored(self, code: str, views: list) -> None:
        if self.target is not None and code == self.target.code:
            self.editor.reload(views[-1].id if views else None)
        self._progress_text()

    def _failed(self, name: str, exc: BaseException) -> None:
        message, fix = error_text(exc)
        text = self.tr("“{name}”：{message}").format(name=name, message=message) if name else message
        if fix:
            text += self.tr("（处理办法：{fix}）").format(fix=fix)
        self._show_message(text)
        self._progress_text()

    def _show_message(self, text: str) -> None:
        self.messages = [*self.messages, text][-MAX_MESSAGES:]
        footer = self.tr("之前已保存的页面不受影响。")
        self.message_label.setText("\n".join([*self.messages, footer]))
        self.message_label.show()

    def _clear_messages(self) -> None:
        self.messages = []
        self.message_label.hide()

    def _progress_text(self, extra: int = 0) -> None:
        pending = self.ingest.pending + extra
        self.progress.setText(self.tr("正在处理 {n} 个文件……").format(n=pending) if pending else "")

    def _idle(self) -> None:
        self._progress_text()
        if self._closing:
            self._finish_close()

    # ------------------------------------------------------------------ drag and drop, closing

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if local_paths(event.mimeData()) and self.target is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def done(self, result: int) -> None:
        """Close once every captured page is stored: pages still being processed are never dropped."""
        self.folder.stop()
        self.camera.stop()
        if self.ingest.pending:
            self._closing = True
            self._closing_result = result
            self._set_inputs_enabled(False)
            self.done_button.setEnabled(False)
            self.progress.setText(self.tr("正在保存剩余页面，完成后自动关闭……"))
            return
        super().done(result)

    def _finish_close(self) -> None:
        self._closing = False
        super().done(self._closing_result)
