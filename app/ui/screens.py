"""The screens this package ships, registered on the main window; other packages register theirs the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.domain.workflow import Role

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

ADMIN_ONLY = (Role.ADMIN.value,)


def register_builtin_screens(win: MainWindow) -> None:
    """Each screen's module is imported when the screen is first shown: a clerk's start never pays for the
    administrators' screens (their settings pull in the card reader and the signing code)."""
    ctx, actor, runner = win.ctx, win.actor, win.runner

    def today() -> QWidget:
        from app.ui.today import TodayScreen

        screen = TodayScreen(ctx, actor, runner, win)
        screen.status_requested.connect(lambda status: _list_by_status(win, status))
        return screen

    win.add_screen("today", QCoreApplication.translate("screens", "今日工作台"), today)

    def applications() -> QWidget:
        from app.ui.applications import ApplicationsScreen

        return ApplicationsScreen(ctx, actor, runner, win)

    def admin_users() -> QWidget:
        from app.ui.admin_users import AdminUsersScreen

        return AdminUsersScreen(ctx, actor, runner, win)

    def admin_settings() -> QWidget:
        from app.ui.admin_settings import AdminSettingsScreen

        return AdminSettingsScreen(ctx, actor, runner, win)

    win.add_screen("applications", QCoreApplication.translate("screens", "办件查询"), applications)
    win.add_screen(
        "admin_users", QCoreApplication.translate("screens", "用户管理"), admin_users, roles=ADMIN_ONLY
    )
    win.add_screen(
        "admin_settings",
        QCoreApplication.translate("screens", "工作站设置"),
        admin_settings,
        roles=ADMIN_ONLY,
    )
    from app.ui.excel import register as register_excel

    register_excel(win, ctx, runner)
    register_keys_screen(win)


def register_keys_screen(win: MainWindow) -> bool:
    """签章密钥 (administrators only); returns whether this user sees it. The screen's module pulls in the
    signing code (cryptography), imported when the screen is first shown."""
    ctx, actor, runner = win.ctx, win.actor, win.runner

    def keys_screen() -> QWidget:
        from app.ui.admin_keys import AdminKeysScreen

        return AdminKeysScreen(ctx, actor, runner, win)

    return win.add_screen(
        "admin_keys", QCoreApplication.translate("screens", "签章密钥"), keys_screen, roles=ADMIN_ONLY
    )


def _list_by_status(win: MainWindow, status: str) -> None:
    screen = win.show_screen("applications")
    if screen is not None and hasattr(screen, "set_status"):
        screen.set_status(status)
