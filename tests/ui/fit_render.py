"""`python -m tests.ui.fit_render OUT_DIR`: every main screen and dialog on the screen Qt was started with
(QT_QPA_PLATFORM=offscreen:configfile=… sets its size), saved to PNG, and every clipped widget listed in
OUT_DIR/problems.json. Run in a child process by tests/ui/test_fit_small_screen.py, because the screen's size is
fixed when the QApplication starts."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.domain.workflow import Action
from app.services import intake as intake_service
from app.services.context import ServiceContext
from app.ui.desktop_services import add_back_office_screens
from app.ui.intake.receipt import receipt_view, render_receipt
from app.ui.intake.receipt_dialog import ReceiptDialog
from app.ui.intake.scanning import open_capture
from app.ui.main import create_application
from app.ui.main_window import MainWindow
from app.ui.printing.preview import CertificatePreviewDialog
from app.ui.screen_fit import clipped_widgets, show_main_window
from app.ui.screenshots import ADMIN, CLERK, SUPERVISOR, prepare_demo_store, settle
from app.ui.tasks import TaskRunner


class Checker:
    def __init__(self, out: Path, app: QApplication, runner: TaskRunner) -> None:
        self.out, self.app, self.runner = out, app, runner
        self.problems: dict[str, list[str]] = {}
        self.sizes: dict[str, list[int]] = {}

    def check(self, name: str, widget: QWidget, before: Callable[[], object] | None = None) -> None:
        if before is not None:
            before()
        settle(self.runner, self.app)
        window = widget.window()
        area = QWidget.screen(window).availableGeometry()
        frame = window.frameGeometry()
        found = clipped_widgets(window)
        if not area.contains(window.geometry()):
            found.insert(0, f"窗口 {frame.width()}×{frame.height()} 超出屏幕 {area.width()}×{area.height()}")
        if found:
            self.problems[name] = found
        self.sizes[name] = [window.width(), window.height()]
        window.grab().save(str(self.out / f"{name}.png"))


def _main_window(ctx: ServiceContext, actor, runner: TaskRunner) -> MainWindow:  # noqa: ANN001
    win = MainWindow(ctx, actor, runner, idle_lock_ms=3_600_000)
    add_back_office_screens(win, ctx, runner)
    show_main_window(win)
    return win


def render(out: Path) -> Checker:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    runner = TaskRunner()
    c = Checker(out, app, runner)
    with tempfile.TemporaryDirectory(prefix="counterdesk-fit-") as tmp:
        ctx, demo = prepare_demo_store(Path(tmp), persons=300)
        try:
            _clerk(c, ctx, demo, runner)
            _supervisor(c, ctx, demo, runner)
            _admin(c, ctx, runner)
        finally:
            runner.shutdown()
            ctx.store.dispose()
    (out / "problems.json").write_text(
        json.dumps({"problems": c.problems, "sizes": c.sizes}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return c


def _screens(c: Checker, win: MainWindow, prefix: str) -> None:
    for key in win.visible_screens():
        win.show_screen(key)
        c.check(f"{prefix}_{key}", win)


def _clerk(c: Checker, ctx: ServiceContext, demo, runner: TaskRunner) -> None:  # noqa: ANN001
    win = _main_window(ctx, CLERK, runner)
    _screens(c, win, "clerk")
    win.open_application(demo.received[-1])
    c.check("clerk_detail", win)
    detail = win.detail
    for action in (Action.REFUSE, Action.REQUEST_CORRECTION):
        detail.start_action(action)
        if detail.dialog is not None:
            c.check(f"clerk_dialog_{action.value}", detail.dialog)
            detail.dialog.close()
    intake = win.open_intake()
    c.check("clerk_intake_picker", win)
    intake.choose_item("AG-RENEW")
    for step in range(intake.work.tabs.count()):
        c.check(f"clerk_intake_step{step}", win, lambda s=step: intake.work.go(s))
    view = intake_service.get(ctx, demo.received[-1])
    notice = receipt_view(ctx, CLERK, view, ctx.catalogue.item(view.item_code), {})
    pdf, path = render_receipt(ctx, notice)
    receipt = ReceiptDialog(pdf, path, view.number or "", win)
    receipt.show()
    c.check("clerk_receipt_dialog", receipt)
    receipt.close()
    settle(runner, c.app, extra_ms=900)  # the draft exists before pages are attached to it
    dialog = open_capture(intake, intake.work.materials.item.materials[0].code)
    if dialog is not None:
        c.check("clerk_capture_dialog", dialog)
        dialog.close()
    intake.ask_applicant()  # one monitor: the applicant's pages in a dialog
    if intake.applicant is not None:
        c.check("clerk_applicant_dialog", intake.applicant.window)
        intake.applicant.screen.ask_rating()
        c.check("clerk_applicant_rating", intake.applicant.window)
        intake.applicant.close()
    win.lock()
    c.check("clerk_lock", win.lock_dialog)
    win.lock_dialog.done(0)
    win.shutdown()
    win.close()


def _supervisor(c: Checker, ctx: ServiceContext, demo, runner: TaskRunner) -> None:  # noqa: ANN001
    win = _main_window(ctx, SUPERVISOR, runner)
    _screens(c, win, "supervisor")
    win.open_application(demo.accepted[-1])
    c.check("supervisor_detail", win)
    preview = CertificatePreviewDialog(ctx, SUPERVISOR, runner, "（预览）", win)  # its frame, before loading
    preview.show()
    c.check("supervisor_certificate_preview", preview)
    preview.close()
    win.shutdown()
    win.close()


def _admin(c: Checker, ctx: ServiceContext, runner: TaskRunner) -> None:
    win = _main_window(ctx, ADMIN, runner)
    _screens(c, win, "admin")
    win.shutdown()
    win.close()


def main() -> int:
    checker = render(Path(sys.argv[1]))
    for name, problems in checker.problems.items():
        print(name, *problems, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
