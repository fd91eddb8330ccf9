"""The main window (主窗口): navigation, the screen registry, shortcuts, scanner input, idle lock, status bar.

Other packages add screens with `add_screen(key, title, factory, shortcut, roles)`; a screen is any QWidget and
may offer `refresh()` (F5), `activated()` (each time it is shown), `focus_first()`, a signal `open_requested(str)` (open an application by uuid) and a
signal `edit_requested(str)` (continue an application in the intake screen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.domain.workflow import Role
from app.services import settings, users
from app.services.context import Actor, ServiceContext
from app.ui.errors import show_error
from app.ui.lock import IdleWatcher, LockDialog
from app.ui.record_opening import COUNTER_ROLES, RecordOpening
from app.ui.scanner import ScannerFilter
from app.ui.status_bar import SyncStatusBar
from app.ui.tasks import TaskRunner

ALL_ROLES = frozenset(r.value for r in Role)


@dataclass
class ScreenSpec:
    key: str
    title: str
    factory: Callable[[], QWidget]
    shortcut: str | None
    roles: frozenset[str]
    widget: QWidget | None = None
    item: QListWidgetItem | None = None


def _tip(text: str, shortcut: str | QKeySequence | None) -> str:
    if not shortcut:
        return text
    seq = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    return f"{text}（{seq.toString(QKeySequence.SequenceFormat.NativeText)}）"


class MainWindow(RecordOpening, QMainWindow):
    certificate_scanned = Signal(
        str
    )  # a certificate QR payload or number: the lead wires the verification screen
    application_opened = Signal(str)
    locked = Signal()  # the idle lock or Ctrl+L: unlocked signing keys are forgotten
    # 退出登录 / 切换用户, once the open draft is saved: the session closes this window and shows the login window
    logout_requested = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        idle_lock_ms: int | None = None,
        builtin_screens: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx, self.actor, self.runner = ctx, actor, runner
        self._screens: dict[str, ScreenSpec] = {}
        self._sync_trigger: Callable[[], object] | None = None
        self._history: list[QWidget] = []
        self.detail: QWidget | None = None
        self.intake: QWidget | None = None
        self.lock_dialog: LockDialog | None = None
        self._logging_out = False
        self.setWindowTitle(self.tr("建设从业人员考核窗口受理系统"))
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(168)
        self.nav.setStyleSheet("QListWidget { font-size: 11.5pt; } QListWidget::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.status = SyncStatusBar(ctx, actor, runner, self)
        self.setStatusBar(self.status)
        self._build_actions()
        self.scanner = ScannerFilter(self)
        self.scanner.scanned.connect(self.handle_scan)
        self.idle = IdleWatcher(idle_lock_ms or 10 * 60 * 1000, self)
        self.idle.idle.connect(self.lock)
        runner.error.connect(lambda exc: show_error(self, exc))
        if idle_lock_ms is None:
            runner.run_db(lambda: settings.get(ctx, "client"), self._apply_client_settings, lambda _e: None)
        if builtin_screens:
            from app.ui.screens import register_builtin_screens

            register_builtin_screens(self)
        self.status.refresh()
        self.resize(1280, 800)
        # Last: every event of the application passes these two filters, and building the screens above sends
        # thousands (nothing a person typed or scanned is among them).
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
            app.installEventFilter(self.idle)

    # -- actions and shortcuts -------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.setToolTip(_tip(text, shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        can_intake = self.actor.role in COUNTER_ROLES
        self.new_action = self._action(self.tr("新建申请"), "F2", lambda: self.open_intake(), "actionNew")
        self.new_action.setVisible(can_intake)
        self.new_action.setEnabled(can_intake)
        self.search_action = self._action(self.tr("查询办件"), "F3", self.focus_search, "actionSearch")
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh_current, "actionRefresh")
        self.sync_action = self._action(self.tr("立即同步"), "Ctrl+Shift+S", self.sync_now, "actionSync")
        self.sync_action.setEnabled(False)
        self.lock_action = self._action(self.tr("锁定"), "Ctrl+L", self.lock, "actionLock")
        self.logout_action = self._action(
            self.tr("退出登录"), "Ctrl+Shift+Q", self.request_logout, "actionLogout"
        )
        self.switch_user_action = self._action(
            self.tr("切换用户"), "Ctrl+Shift+U", self.request_logout, "actionSwitchUser"
        )
        self.back_action = self._action(self.tr("返回"), "Alt+Left", self.go_back, "actionBack")
        bar = QToolBar(self.tr("常用操作"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.search_action, self.refresh_action, self.sync_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.back_action)
        bar.addAction(self.lock_action)
        self.addToolBar(bar)
        # Menu letters keep clear of the action buttons' Alt letters (受理 Alt+A, 撤回 Alt+W …).
        menu = self.menuBar().addMenu(self.tr("办件(&J)"))
        for action in (self.new_action, self.search_action, self.refresh_action, self.sync_action):
            menu.addAction(action)
        self.screen_menu = self.menuBar().addMenu(self.tr("窗口(&V)"))
        account = self.menuBar().addMenu(self.tr("账户(&U)"))
        account.addAction(self.lock_action)
        account.addAction(self.switch_user_action)
        account.addAction(self.logout_action)

    # -- screen registry ----------------------------------------------------------------------------------

    def add_screen(
        self,
        key: str,
        title: str,
        widget_factory: Callable[[], QWidget],
        shortcut: str | None = None,
        roles: Iterable[str] | None = None,
    ) -> bool:
        """Register a screen; it appears only for the given roles (all by default) and is built on first show.

        Without a shortcut the first nine visible screens get Ctrl+1 … Ctrl+9 in order. Returns whether the
        screen is visible to the signed-in user."""
        if key in self._screens:  # registered already (e.g. by the built-in list): one entry per screen
            return self.actor.role in self._screens[key].roles
        spec = ScreenSpec(key, title, widget_factory, shortcut, frozenset(roles) if roles else ALL_ROLES)
        self._screens[key] = spec
        if self.actor.role not in spec.roles:
            return False
        position = self.nav.count() + 1
        if spec.shortcut is None and position <= 9:
            spec.shortcut = f"Ctrl+{position}"
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(_tip(title, spec.shortcut))
        spec.item = item
        self.nav.addItem(item)
        action = self._action(
            title, spec.shortcut, lambda _c=False, k=key: self.show_screen(k), f"screen_{key}"
        )
        self.screen_menu.addAction(action)
        if self.nav.count() == 1:
            self.nav.setCurrentItem(item)
        return True

    def screen(self, key: str) -> QWidget | None:
        """The screen's widget, built if needed; None when the user's role may not see it."""
        spec = self._screens.get(key)
        if spec is None or self.actor.role not in spec.roles:
            return None
        if spec.widget is None:
            spec.widget = spec.factory()
            self._wire(spec.widget)
            self.stack.addWidget(spec.widget)
        return spec.widget

    def visible_screens(self) -> list[str]:
        return [k for k, s in self._screens.items() if self.actor.role in s.roles]

    def show_screen(self, key: str) -> QWidget | None:
        spec = self._screens.get(key)
        widget = self.screen(key)
        if widget is None or spec is None:
            return None
        if spec.item is not None and self.nav.currentItem() is not spec.item:
            self.nav.setCurrentItem(spec.item)  # re-enters through _nav_changed
            return widget
        self._show_widget(widget)
        return widget

    def _nav_changed(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        widget = self.screen(key)
        if widget is not None:
            self._show_widget(widget)

    def _show_widget(self, widget: QWidget) -> None:
        current = self.stack.currentWidget()
        if current is not None and current is not widget:
            self._history = [w for w in self._history if w is not widget][-20:] + [current]
        self.stack.setCurrentWidget(widget)
        self._sync_nav(widget)
        activated = getattr(widget, "activated", None)
        if callable(activated):
            activated()
        focus = getattr(widget, "focus_first", None)
        if callable(focus):
            focus()

    def _wire(self, widget: QWidget) -> None:
        for signal, slot in (
            ("open_requested", self.open_application),
            ("edit_requested", lambda uuid: self.open_intake(draft_uuid=uuid)),
            ("search_requested", self.show_applications),
        ):
            sig = getattr(widget, signal, None)
            if sig is not None and hasattr(sig, "connect"):
                sig.connect(slot)

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def go_back(self) -> None:
        while self._history:
            widget = self._history.pop()
            if self.stack.indexOf(widget) >= 0:
                self.stack.setCurrentWidget(widget)
                self._sync_nav(widget)
                activated = getattr(widget, "activated", None)
                if callable(activated):
                    activated()
                return

    def _sync_nav(self, widget: QWidget) -> None:
        """The side menu marks the screen on show, and nothing for a view it does not list (新建申请, a record):
        a stale mark would also make a click on that entry do nothing, since it is already the current one."""
        item = next(
            (s.item for s in self._screens.values() if s.widget is widget and s.item is not None), None
        )
        if self.nav.currentItem() is item:
            return
        self.nav.blockSignals(True)
        if item is None:
            self.nav.setCurrentRow(-1)
        else:
            self.nav.setCurrentItem(item)
        self.nav.blockSignals(False)

    # -- sync, refresh, lock ------------------------------------------------------------------------------

    def set_sync_trigger(self, trigger: Callable[[], object] | None) -> None:
        """The lead's sync worker: called on the UI thread by 立即同步 (Ctrl+Shift+S); it must not block."""
        self._sync_trigger = trigger
        self.sync_action.setEnabled(trigger is not None)

    def sync_now(self) -> None:
        if self._sync_trigger is not None:
            self._sync_trigger()
            self.statusBar().showMessage(self.tr("正在同步…"), 3000)
            self.status.refresh()

    def refresh_current(self) -> None:
        widget = self.stack.currentWidget()
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()
        self.status.refresh()

    def _apply_client_settings(self, values: dict[str, object]) -> None:
        minutes = int(values.get("idle_lock_minutes", 10) or 10)  # type: ignore[call-overload]
        self.idle.set_timeout_ms(max(1, minutes) * 60 * 1000)

    def settings_changed(self) -> None:
        """Called by the settings screen after a save: new workstation text and idle time apply at once."""
        self.status.show_workstation()
        ctx = self.ctx
        self.runner.run_db(lambda: settings.get(ctx, "client"), self._apply_client_settings, lambda _e: None)

    def lock(self) -> None:
        if self.lock_dialog is not None and self.lock_dialog.isVisible():
            return
        ctx = self.ctx
        self.scanner.flush()
        self.lock_dialog = LockDialog(
            self.actor, self.runner, lambda u, p: users.authenticate(ctx, u, p), self
        )
        self.lock_dialog.unlocked.connect(self._unlocked)
        self.lock_dialog.switch_user_requested.connect(self.request_logout)
        self.lock_dialog.cover()
        self.locked.emit()

    def is_locked(self) -> bool:
        return self.lock_dialog is not None and self.lock_dialog.isVisible()

    def _unlocked(self) -> None:
        self.idle.reset()

    def request_logout(self) -> None:
        """退出登录 / 切换用户: the open intake draft is saved to the store first (its journal already holds every
        keystroke), then `logout_requested` fires once that save has run on the database worker."""
        if self._logging_out:
            return
        self._logging_out = True
        self.scanner.flush()
        save = getattr(self.intake, "save_now", None)
        if callable(save):
            save(explicit=True)
        self.statusBar().showMessage(self.tr("正在保存草稿并退出登录…"))
        # The database worker runs jobs in order: this one runs after the draft's save.
        self.runner.run_db(lambda: None, lambda _r: self.logout_requested.emit(), self._logout_failed)

    def _logout_failed(self, exc: BaseException) -> None:
        self._logging_out = False
        show_error(self, exc, self.tr("退出登录失败"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._warn_unsynced():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def _warn_unsynced(self) -> bool:
        """Closing with entries not yet at the central store asks first (a session with a sync worker only)."""
        from app.ui.close_warning import ask_before_closing

        return ask_before_closing(self, self._sync_trigger)

    def shutdown(self) -> None:
        """Stop timers and event filters; the runner belongs to the caller."""
        self.setProperty("closeConfirmed", True)  # stopped: a later close has nothing left to warn about
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle)
        self.idle.stop()
        self.status.stop()
