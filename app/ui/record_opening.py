"""The main window's ways to an application: its detail view (by uuid, or by a scanned application number), the
applications list's search (F3, a scanned ID number), the intake screen (F2, one at a time) and what each kind of
scanned code opens.

Mixed into MainWindow (app.ui.main_window); it uses the window's context, actor, runner, stack and history."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.workflow import Role
from app.services import search
from app.ui.scanner import CodeKind

COUNTER_ROLES = frozenset({Role.CLERK.value, Role.ADMIN.value})


class RecordOpening:
    def open_application(self, uuid: str) -> None:
        from app.ui.application_detail import ApplicationDetail

        if self.detail is None:
            self.detail = ApplicationDetail(self.ctx, self.actor, self.runner, self)
            self._wire(self.detail)
            self.detail.closed.connect(self.go_back)
            self.stack.addWidget(self.detail)
        self.detail.load(uuid)
        self._show_widget(self.detail)
        self.application_opened.emit(uuid)

    def open_application_number(self, number: str) -> None:
        ctx = self.ctx

        def find() -> str | None:
            rows = search.page(ctx, search.Filters(text=number), offset=0, limit=5)
            return next((r["uuid"] for r in rows if r["number"] == number), None)

        def done(uuid: str | None) -> None:
            if uuid:
                self.open_application(uuid)
            else:
                self.statusBar().showMessage(self.tr("未找到办件 {number}").format(number=number), 8000)

        self.runner.run_db(find, done, name="scan.application")

    def show_applications(self, text: str = "") -> None:
        widget = self.show_screen("applications")
        if widget is not None and hasattr(widget, "search_for"):
            widget.search_for(text)

    def focus_search(self) -> None:
        widget = self.show_screen("applications")
        if widget is not None and hasattr(widget, "focus_search"):
            widget.focus_search()

    def intake_available(self) -> bool:
        try:
            importlib.import_module("app.ui.intake.screen")
        except ModuleNotFoundError as exc:
            if exc.name in ("app.ui.intake", "app.ui.intake.screen"):
                return False
            raise
        return True

    def open_intake(self, item_code: str | None = None, draft_uuid: str | None = None) -> QWidget | None:
        """F2: the intake screen; one at a time, so an open one is shown again rather than replaced."""
        if self.actor.role not in COUNTER_ROLES:
            return None
        if self.intake is not None and draft_uuid is None:
            self._show_widget(self.intake)
            return self.intake
        if not self.intake_available():
            QMessageBox.information(
                self, self.tr("新建申请"), self.tr("本机尚未安装新建申请模块，请联系管理员升级程序。")
            )
            return None
        if self.intake is not None:
            self._close_intake()
        screen_cls = importlib.import_module("app.ui.intake.screen").IntakeScreen
        widget = screen_cls(
            self.ctx, self.actor, self.runner, self, item_code=item_code, draft_uuid=draft_uuid
        )
        # In the form a scanned ID or certificate number is input for 提取, not a record to open.
        widget.setProperty("scannerPassthrough", True)
        widget.finished.connect(self._intake_finished)
        widget.cancelled.connect(self._intake_cancelled)
        self.intake = widget
        self.stack.addWidget(widget)
        self._show_widget(widget)
        return widget

    def _close_intake(self) -> None:
        widget, self.intake = self.intake, None
        if widget is not None:
            self._history = [w for w in self._history if w is not widget]
            self.stack.removeWidget(widget)
            widget.deleteLater()

    def _intake_finished(self, uuid: str) -> None:
        self._close_intake()
        self.open_application(uuid)

    def _intake_cancelled(self) -> None:
        self._close_intake()
        self.go_back()

    def handle_scan(self, kind: str, code: str) -> None:
        if self.lock_dialog is not None and self.lock_dialog.isVisible():
            return
        if kind == CodeKind.APPLICATION.value:
            self.open_application_number(code)
        elif kind == CodeKind.ID_NUMBER.value:
            self.show_applications(code.upper())
        elif kind == CodeKind.CERTIFICATE.value:
            self.certificate_scanned.emit(code)
