"""What the counter checks when someone starts work on it: applications of this counter whose correction deadline
passed become withdrawn, as the correction notice told the applicant (视为撤回). The same runs daily from the
command line (`counterdesk lapse-corrections`) on a workstation left open overnight."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

from app.services import corrections
from app.services.context import Actor, ServiceContext
from app.ui.tasks import TaskRunner


def lapsed_message(numbers: list[str]) -> str:
    shown = "、".join(numbers[:5]) + ("等" if len(numbers) > 5 else "")
    return QCoreApplication.translate(
        "OpenChecks", "{count} 件办件逾期未补正，已按补正告知书视为撤回申请：{numbers}"
    ).format(count=len(numbers), numbers=shown)


def run_open_checks(window: QMainWindow, ctx: ServiceContext, runner: TaskRunner, actor: Actor) -> None:
    """Queue the checks on the database worker; the status bar says what they changed."""

    def done(numbers: list[str]) -> None:
        if not numbers:
            return
        window.statusBar().showMessage(lapsed_message(numbers), 60_000)
        refresh = getattr(window, "refresh_current", None)
        if callable(refresh):
            refresh()

    def failed(exc: BaseException) -> None:
        window.statusBar().showMessage(
            QCoreApplication.translate("OpenChecks", "逾期补正检查未能完成：{error}").format(error=exc),
            30_000,
        )

    runner.run_db(
        lambda: corrections.lapse_overdue(ctx, actor), done, failed, name="open-checks", owner=window
    )
