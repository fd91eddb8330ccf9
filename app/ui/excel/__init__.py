"""Excel in and out from the window: reference-data imports (数据导入, administrators) and ledgers and reports
(报表导出, everyone at or behind the counter)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.domain.workflow import Role
from app.services.context import ServiceContext
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

IMPORT_ROLES = (Role.ADMIN.value,)
EXPORT_ROLES = (Role.CLERK.value, Role.SUPERVISOR.value, Role.ADMIN.value)


def register(window: MainWindow, ctx: ServiceContext, runner: TaskRunner) -> None:
    """Add 数据导入 (admin only) and 报表导出 (clerk, supervisor, admin) to the window's screens."""
    from app.ui.excel.export_screen import ExportScreen
    from app.ui.excel.import_screen import ImportScreen

    actor = window.actor
    window.add_screen(
        "excel_import",
        QCoreApplication.translate("excel", "数据导入"),
        lambda: ImportScreen(ctx, actor, runner, window),
        roles=IMPORT_ROLES,
    )
    window.add_screen(
        "excel_export",
        QCoreApplication.translate("excel", "报表导出"),
        lambda: ExportScreen(ctx, actor, runner, window),
        roles=EXPORT_ROLES,
    )


__all__ = ["EXPORT_ROLES", "IMPORT_ROLES", "register"]
