"""Excel in and out from the window: reference-data imports (数据导入, administrators) and ledgers and reports
(报表导出, everyone at or behind the counter)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.domain.workflow import Role
from app.services.context import ServiceContext
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

IMPORT_ROLES = (Role.ADMIN.value,)
EXPORT_ROLES = (Role.CLERK.value, Role.SUPERVISOR.value, Role.ADMIN.value)


def register(window: MainWindow, ctx: ServiceContext, runner: TaskRunner) -> None:
    """Add 数据导入 (admin only) and 报表导出 (clerk, supervisor, admin) to the window's screens.

    The screens' modules import openpyxl, which the window's start must not wait for: they are imported when a
    screen is first shown."""
    actor = window.actor

    def import_screen() -> QWidget:
        from app.ui.excel.import_screen import ImportScreen

        return ImportScreen(ctx, actor, runner, window)

    def export_screen() -> QWidget:
        from app.ui.excel.export_screen import ExportScreen

        return ExportScreen(ctx, actor, runner, window)

    window.add_screen(
        "excel_import", QCoreApplication.translate("excel", "数据导入"), import_screen, roles=IMPORT_ROLES
    )
    window.add_screen(
        "excel_export", QCoreApplication.translate("excel", "报表导出"), export_screen, roles=EXPORT_ROLES
    )


__all__ = ["EXPORT_ROLES", "IMPORT_ROLES", "register"]
