"""Helpers for the shell's UI tests: a main window on a real store, typing Chinese, waiting for the runner."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.services import intake
from app.services.context import Actor, ServiceContext
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner
from tests.services.scenarios import Builder, all_conditions, all_materials


def make_window(qtbot, ctx: ServiceContext, actor: Actor, **kwargs) -> tuple[MainWindow, TaskRunner]:
    runner = TaskRunner()
    kwargs.setdefault("idle_lock_ms", 3_600_000)
    win = MainWindow(ctx, actor, runner, **kwargs)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    wait_idle(qtbot, runner)
    return win, runner


def close_window(win: MainWindow, runner: TaskRunner) -> None:
    win.shutdown()
    runner.shutdown()


def wait_idle(qtbot, runner: TaskRunner, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=timeout)
    qtbot.wait(10)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=timeout)


def post_text(widget: QWidget, text: str) -> None:
    """One key press per character (qtbot.keyClicks aborts on Chinese); delivered on the next event loop turn."""
    for ch in text:
        QApplication.postEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))


def post_enter(widget: QWidget) -> None:
    QApplication.postEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    )


def received_application(ctx: ServiceContext, clerk: Actor, item_code: str = "AG-REISSUE", *, seed: int = 7):
    """A fully eligible application, submitted (收件), made through the services."""
    builder = Builder(ctx, seed=seed)
    builder.serial = 1000 + seed * 100  # certificate numbers differ between builders of one store
    sc = builder.scenario(item_code)
    draft = intake.create_draft(
        ctx,
        clerk,
        item_code,
        sc.form,
        conditions=all_conditions(ctx, item_code),
        material_states=all_materials(ctx, item_code),
    )
    return intake.submit(ctx, clerk, draft.uuid)
