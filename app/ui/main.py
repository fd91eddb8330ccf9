"""Desktop start-up (`counterdesk` with no command): application, font, translations, local store, login, window.

The login dialog is on screen before the store's modules (SQLAlchemy, the models) are even imported: importing
them, opening and migrating the store and generating first-start data all run on the task runner, and a login
typed meanwhile waits its turn on the database worker, its Argon2id check already running from Enter on. The
central store and the sync worker start after that login's window has its first data (docs/DESIGN.md, "Start
sequence").
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.errors import DomainError
from app.paths import data_dir as resolve_data_dir
from app.services.login_check import EarlyCheck, KeyOpening
from app.ui.errors import show_error
from app.ui.fonts import apply_application_font
from app.ui.i18n import install_translators
from app.ui.login import LoginDialog
from app.ui.tasks import TaskRunner
from app.ui.warmup import TypeWarmup

if TYPE_CHECKING:
    from app.services.context import ServiceContext
    from app.services.users import UserView
    from app.ui.desktop_services import DesktopServices
    from app.ui.main_window import MainWindow

FIRST_RUN_PERSONS = 3000
FIRST_RUN_APPLICATIONS = (
    16  # demo store: received by clerk01 in every common status, so the review queue is not empty
)
_WINDOW_MODULES = (
    "app.ui.main_window",
    "app.ui.screens",
    "app.ui.today",
    "app.ui.open_checks",
    "app.ui.password_dialog",
    "app.ui.screen_fit",
)
Configure = Callable[["MainWindow", "ServiceContext", TaskRunner], None]
DB_NAME = "counterdesk.sqlite3"  # app.bootstrap.DB_NAME, repeated so the first window needs no SQLAlchemy


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with high-DPI scaling, a CJK font that exists here and the translations."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setOrganizationName("HenanJianshe")
    app.setApplicationDisplayName(app.translate("main", "建设从业人员考核窗口受理系统"))
    apply_application_font(app)
    install_translators(app)
    return app


class DesktopSession(QObject):
    """Owns the runner and the store for one run of the desktop client."""

    ready = Signal(object)  # the ServiceContext, once opened and first-start data exists
    main_window_ready = Signal(object)  # the MainWindow, after login
    logged_out = Signal()  # the window closed by 退出登录 / 切换用户; the login window is shown again

    def __init__(
        self,
        data_dir: str | Path | None = None,
        *,
        persons: int = FIRST_RUN_PERSONS,
        configure: Configure | None = None,
        with_central: bool = False,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.data_dir = resolve_data_dir(data_dir)
        self.persons = persons
        self.configure = configure
        self.runner = TaskRunner()
        self.ctx: ServiceContext | None = None
        self.window: MainWindow | None = None
        self.login: LoginDialog | None = None
        self._open_error: BaseException | None = None
        self.with_central = with_central
        self.demo = (
            demo  # an empty store becomes a demo store (make run); otherwise the admin sets a password
        )
        self.first_start_dialog: QDialog | None = None
        self.central: tuple[str, Any, Any] | None = None
        self.services: DesktopServices | None = None
        self._password: str | None = None  # held only between local login and the sync worker's login
        self._early: EarlyCheck | None = None  # the Argon2id check started at Enter
        self._central_state = "off" if not with_central else "waiting"  # waiting → starting → up
        self._unserved: UserView | None = None  # a window opened before the central store was up
        self.password_dialog: QDialog | None = None
        # Qt's Python types, made while the password is typed (app/ui/warmup.py).
        self.warmup = TypeWarmup(self)

    def start(self) -> LoginDialog:
        first_start = not (self.data_dir / DB_NAME).exists()
        self.login = self._new_login()
        if first_start and self.demo:
            self.login.set_preparing(self.tr("首次启动：正在创建演示账号并生成演示数据，约需十几秒，请稍候…"))
        else:
            self.login.set_preparing(self.tr("正在打开本地数据…"))
        self.login.show()
        data_dir, persons, demo = self.data_dir, self.persons, self.demo

        def prepare() -> tuple[ServiceContext, bool]:
            from app.bootstrap import open_context
            from app.services.firstrun import ensure_first_run, is_empty

            ctx = open_context(data_dir)
            # Set here, on the worker: a login queued behind this job runs before the result reaches the UI.
            self.ctx = ctx
            if is_empty(ctx) and not demo:
                return ctx, True  # a real store: the administrator chooses the password first
            ensure_first_run(ctx, with_demo=demo, persons=persons, applications=FIRST_RUN_APPLICATIONS)
            self._after_first_run(ctx)
            return ctx, False

        self.runner.run_db(prepare, self._prepared, self._prepare_failed)
        return self.login

    def _new_login(self, workstation_text: str = "") -> LoginDialog:
        login = LoginDialog(
            self.runner, self._authenticate, workstation_text=workstation_text, begin_check=self._begin_check
        )
        login.logged_in.connect(self._logged_in)
        login.failed.connect(self._schedule_central)
        login.rejected.connect(self._login_cancelled)
        return login

    def _after_first_run(self, ctx: ServiceContext) -> None:
        """On the database worker, once accounts exist."""
        if self.with_central:
            # With a central store, certificate numbers come only from the blocks it leases (never self-granted):
            # settled before anyone logs in, although the store itself may start only after the window.
            ctx.local_number_authority = False
        # Import what opening the main window needs here too, while the clerk is still typing the password: the
        # window, its first screen (今日工作台, every role's) and the checks and actions added as it opens.
        for module in _WINDOW_MODULES:
            importlib.import_module(module)

    def _schedule_central(self) -> None:
        """The central store (embedded or configured) and the sync worker start from the login screen on, so that
        what the previous person left pending is pushed before anyone logs in again. Starting it takes seconds
        (FastAPI, the central migrations, the server's first answer) on the database worker: a login already on
        its way goes first, and the store then starts once the window has shown its first data."""
        if self._central_state != "waiting":
            return
        if self.login is not None and self.login.checking:
            return  # back here once the window has shown its first data, or when the login failed
        self._central_state = "starting"
        assert self.ctx is not None
        ctx = self.ctx

        def start() -> tuple[str, Any, Any]:
            from app.ui.desktop_services import start_central

            # Kept here as well, on the worker: a session shut down meanwhile still stops the embedded server.
            self.central = start_central(ctx)
            return self.central

        self.runner.run_db(start, self._central_started, self._central_failed)

    def _central_started(self, central: tuple[str, Any, Any]) -> None:
        self._central_state = "up"
        self.central = central
        self._start_services()
        if self._unserved is not None and self.window is not None:
            self._serve_window(self._unserved)

    def _central_failed(self, exc: BaseException) -> None:
        # Not retried in this run: the window works offline, without the sync worker.
        self._central_state = "up"
        if self._unserved is not None and self.window is not None:
            self._serve_window(self._unserved)
        parent = self.window if self.window is not None else self.login
        show_error(parent, exc, self.tr("中心库未能启动，本次运行暂不同步"))

    def _prepared(self, result: tuple[ServiceContext, bool]) -> None:
        ctx, needs_admin = result
        self.ctx = ctx
        if needs_admin:
            self._ask_admin_password(ctx)
            return
        if self.login is not None and self.login.isVisible():
            self.login.subtitle.setText(self._workstation_text(ctx))
            self.login.set_preparing("")
        self._schedule_central()
        self.warmup.start()  # the store is open: the GUI thread is idle until the login's check is over
        self.ready.emit(ctx)

    def _start_services(self) -> None:
        """The workstation's sync worker runs from the login screen on: an enrolled workstation pushes what the
        previous person left pending before anyone logs in again (docs/DESIGN.md)."""
        if self.central is not None and self.services is None and self.ctx is not None:
            from app.ui.desktop_services import DesktopServices

            self.services = DesktopServices(self.ctx, self.runner, *self.central)

    def _workstation_text(self, ctx: ServiceContext) -> str:
        ws = ctx.workstation
        return self.tr("{unit} · {counter}号窗口 · 本机离线登录").format(
            unit=ws.unit_name, counter=ws.counter_no
        )

    def _ask_admin_password(self, ctx: ServiceContext) -> None:
        """An empty store that is not a demo: no account exists until the administrator chose a password."""
        from app.ui.first_start import FirstStartDialog

        assert self.login is not None
        self.login.set_preparing(self.tr("首次启动：请先在“首次启动”窗口中设置管理员密码。"))
        self.login.login_button.setEnabled(False)

        def create(password: str) -> str:
            from app.services.firstrun import ADMIN_USERNAME, ensure_first_run

            ensure_first_run(ctx, with_demo=False, admin_password=password)
            self._after_first_run(ctx)
            return ADMIN_USERNAME

        dialog = FirstStartDialog(
            self.runner, create, self.login, location=self.tr("数据目录：{path}").format(path=self.data_dir)
        )
        dialog.created.connect(self._admin_created)
        dialog.rejected.connect(self._first_start_cancelled)
        self.first_start_dialog = dialog
        dialog.open()

    def _admin_created(self, username: str) -> None:
        assert self.login is not None and self.ctx is not None
        self.login.login_button.setEnabled(True)
        self.login.subtitle.setText(self._workstation_text(self.ctx))
        self.login.set_preparing(self.tr("管理员账号已创建，请用刚才设置的密码登录。"))
        self.login.username.setText(username)
        self.login.password.setFocus()
        self._schedule_central()
        self.ready.emit(self.ctx)

    def _first_start_cancelled(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _prepare_failed(self, exc: BaseException) -> None:
        self._open_error = exc
        if self.login is not None:
            self.login.set_preparing("")
            show_error(self.login, exc, self.tr("本地数据无法打开"))

    def _begin_check(self, username: str, password: str) -> None:
        """At Enter, on the GUI thread: the Argon2id check starts from the SQLite file on a thread of its own, while
        the store layer may still be importing and opening on the database worker."""
        path = self.data_dir / DB_NAME
        self._early = EarlyCheck(path, username, password) if path.exists() else None

    def _authenticate(self, username: str, password: str) -> UserView:
        # Runs on the database worker after prepare(), so the store is open unless opening failed.
        if self.ctx is None:
            raise DomainError(
                "STORE_UNAVAILABLE",
                "本地数据库无法打开，暂时不能登录",
                fix=f"请检查数据目录 {self.data_dir} 是否可写、磁盘是否已满，然后重新启动程序。",
            )
        from app.services import users

        early, self._early = self._early, None
        if early is not None and not early.is_for(username, password):
            early = None
        user = users.authenticate(self.ctx, username, password, early=early)
        self._password = password
        return user

    def _logged_in(self, user: UserView) -> None:
        """A new or reset account must choose its own password before the window opens."""
        if not user.must_change_password:
            self._open_window(user)
            return
        from dataclasses import replace

        from app.ui.password_dialog import PasswordChangeDialog

        assert self.ctx is not None
        dialog = PasswordChangeDialog(self.ctx, user, self.runner, forced=True)
        dialog.changed.connect(lambda: self._open_window(replace(user, must_change_password=False)))
        dialog.rejected.connect(self._login_cancelled)
        self.password_dialog = dialog
        dialog.show()

    def _open_window(self, user: UserView) -> None:
        from app.ui.main_window import MainWindow
        from app.ui.open_checks import run_open_checks
        from app.ui.password_dialog import add_password_action
        from app.ui.screen_fit import show_main_window

        assert self.ctx is not None
        self.warmup.stop()  # what is left is made on first use
        self.window = MainWindow(self.ctx, user.actor(), self.runner)
        if self._central_state in ("waiting", "starting"):
            self._unserved = user  # wired once the central store is up (below, after the first data)
        else:
            self._serve_window(user)
        add_password_action(self.window, self.ctx, user, self.runner)
        self.window.logout_requested.connect(self._logged_out)
        if self.configure is not None:
            self.configure(self.window, self.ctx, self.runner)
        show_main_window(self.window)  # maximised on a 1366×768 counter screen
        run_open_checks(self.window, self.ctx, self.runner, user.actor())
        self.main_window_ready.emit(self.window)
        opening = user.signer.opening if user.signer is not None else None
        if isinstance(opening, KeyOpening):
            self._when_idle(opening.start)  # the author key's Argon2id, after the first data (docs/DESIGN.md)
        if self._central_state == "waiting":
            QTimer.singleShot(0, self._schedule_central)  # queued behind the first data's jobs

    def _when_idle(self, action: Callable[[], None]) -> None:
        """`action` once the runner has no job left (the window's first data delivered)."""
        if self.runner.pending == 0:
            QTimer.singleShot(0, action)
            return

        def on_busy(busy: bool) -> None:
            if not busy:
                self.runner.busy_changed.disconnect(on_busy)
                action()

        self.runner.busy_changed.connect(on_busy)

    def _serve_window(self, user: UserView) -> None:
        """The window wired to the workstation's services: back-office screens, sync trigger, the worker's login.

        The password typed at login signs the sync worker in; the central store accepts it until the changed hash
        (if any) has been pushed, and the worker keeps its token after that. The services (sync worker, embedded
        central store, SMS) outlive a log-out: they belong to the workstation, not to the user."""
        from app.ui.desktop_services import configure_session

        assert self.window is not None and self.ctx is not None
        self._unserved = None
        self.services = configure_session(
            self.window, self.ctx, self.runner, user, self._password or "", self.central, self.services
        )
        self._password = None

    def _logged_out(self) -> None:
        """退出登录 / 切换用户: the window closes (its draft was saved) and the login window comes back; the
        program keeps running."""
        window, self.window = self.window, None
        self._unserved, self._password = None, None
        if self.services is not None:
            self.services.logout()
        assert self.ctx is not None
        # The login window first: closing the last window would end the program.
        self.login = self._new_login(self._workstation_text(self.ctx))
        self.login.set_preparing(self.tr("已退出登录。下一位请登录。"))
        self.login.show()
        if window is not None:
            window.shutdown()
            window.hide()
            window.deleteLater()
        self.logged_out.emit()

    def _login_cancelled(self) -> None:
        app = QApplication.instance()
        if app is not None and self.window is None:
            app.quit()

    def shutdown(self) -> None:
        self.warmup.stop()
        if self.window is not None:
            self.window.shutdown()
        self.runner.shutdown(wait=True)  # a central store still starting is up (and stoppable) after this
        if self.services is not None:
            self.services.stop()
        elif self.central is not None and self.central[1] is not None:
            self.central[1].stop()
        if self.ctx is not None:
            self.ctx.store.dispose()


def run_gui(data_dir: str | None = None, *, configure: Configure | None = None, demo: bool = False) -> int:
    """Start the desktop client; returns the process exit code. `configure(window, ctx, runner)` runs once the
    main window exists (the lead wires the sync worker and the verification screen there). With `demo` an empty
    data directory becomes a demo store; without, its first start asks for the administrator's password."""
    app = create_application()
    session = DesktopSession(data_dir, configure=configure, with_central=True, demo=demo)
    session.start()
    try:
        return app.exec()
    finally:
        session.shutdown()
