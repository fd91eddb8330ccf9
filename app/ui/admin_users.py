"""Users (用户管理, administrators only): list, create, disable/enable, reset password, change role.

Every change goes through app.services.users, which audits it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services import users
from app.services.context import Actor, ServiceContext
from app.services.users import UserView
from app.ui.dialog_parts import shortcut_button
from app.ui.errors import error_text, show_error
from app.ui.labels import role_name
from app.ui.row_table import RowTable
from app.ui.tasks import TaskRunner
from app.ui.user_dialogs import CreateUserDialog, FormDialog, ResetPasswordDialog, RoleDialog


class AdminUsersScreen(QWidget):
    loaded = Signal()
    changed = Signal(object)  # the UserView after a change

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminUsersScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.users: list[UserView] = []
        self.dialog: FormDialog | None = None
        title = QLabel(self.tr("用户管理"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.table = RowTable(
            [
                (self.tr("用户名"), lambda r: r["username"]),
                (self.tr("姓名"), lambda r: r["display_name"]),
                (self.tr("角色"), lambda r: role_name(r["role"])),
                (self.tr("单位代码"), lambda r: r["unit_code"]),
                (self.tr("状态"), lambda r: self.tr("启用") if r["active"] else self.tr("已停用")),
                (self.tr("密码"), lambda r: self.tr("待本人修改") if r["must_change_password"] else ""),
            ],
            key_field="username",
        )
        self.table.setObjectName("usersTable")
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self.new_button = shortcut_button(self.tr("新建用户"), "Ctrl+N", self.create_user, "newUserButton")
        self.toggle_button = shortcut_button(self.tr("停用"), "Ctrl+E", self.toggle_active, "toggleButton")
        self.reset_button = shortcut_button(self.tr("重置密码"), "Ctrl+R", self.reset_password, "resetButton")
        self.role_button = shortcut_button(self.tr("修改角色"), "Ctrl+G", self.change_role, "roleButton")
        self.table.activated_key.connect(lambda _u: self.change_role())
        self.message = QLabel("")
        self.message.setObjectName("usersMessage")
        buttons = QHBoxLayout()
        for b in (self.new_button, self.toggle_button, self.reset_button, self.role_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def activated(self) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.table.setFocus()

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run_db(
            lambda: users.list_users(ctx), self._apply, lambda e: show_error(self, e), name="users.list"
        )

    def _apply(self, rows: list[UserView]) -> None:
        self.users = rows
        current = self.table.current_row_data()
        self.table.set_rows([vars(u) | {"uuid": u.username} for u in rows])
        if current:
            for i, u in enumerate(rows):
                if u.username == current["username"]:
                    self.table.selectRow(i)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> UserView | None:
        row = self.table.current_row_data()
        if row is None:
            return None
        return next((u for u in self.users if u.username == row["username"]), None)

    def _update_buttons(self) -> None:
        user = self.selected()
        for b in (self.toggle_button, self.reset_button, self.role_button):
            b.setEnabled(user is not None)
        if user is not None:
            self.toggle_button.setText(self.tr("停用") if user.active else self.tr("启用"))
            self.toggle_button.setToolTip(self.toggle_button.text() + "（Ctrl+E）")

    def _run(self, call: Callable[[], UserView], done_text: str, dialog: FormDialog | None = None) -> None:
        def ok(user: UserView) -> None:
            self.message.setText(done_text.format(user=user.username))
            self.changed.emit(user)
            self.refresh()

        def failed(exc: BaseException) -> None:
            if dialog is None:
                show_error(self, exc)
                return
            message, fix = error_text(exc)
            dialog.fail(message + ("\n" + fix if fix else ""))
            dialog.open()  # the same dialog again, with everything typed

        self._runner.run_db(call, ok, failed)

    def create_user(self) -> None:
        dialog = CreateUserDialog(self)
        ctx, actor = self._ctx, self._actor

        def submit() -> None:
            username, name, role, password = dialog.values()
            self._run(
                lambda: users.create_user(ctx, actor, username, name, role, password),
                self.tr("已创建用户 {user}"),
                dialog,
            )

        dialog.accepted.connect(submit)
        self.dialog = dialog
        dialog.open()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        ctx, actor, active = self._ctx, self._actor, not user.active
        text = self.tr("已启用 {user}") if active else self.tr("已停用 {user}")
        self._run(lambda: users.set_active(ctx, actor, user.username, active), text)

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = ResetPasswordDialog(user.username, self)
        ctx, actor = self._ctx, self._actor
        dialog.accepted.connect(
            lambda: self._run(
                lambda: users.reset_password(ctx, actor, user.username, dialog.password.text()),
                self.tr("已重置 {user} 的密码"),
                dialog,
            )
        )
        self.dialog = dialog
        dialog.open()

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = RoleDialog(user.username, user.role, self)
        ctx, actor = self._ctx, self._actor
        dialog.accepted.connect(
            lambda: self._run(
                lambda: users.set_role(ctx, actor, user.username, dialog.role.currentData()),
                self.tr("已修改 {user} 的角色"),
                dialog,
            )
        )
        self.dialog = dialog
        dialog.open()
