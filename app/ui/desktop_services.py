"""What runs beside the window for one signed-in session: the central store (embedded on loopback unless a
central address is configured), the sync worker, SMS sending, and the screens that need them."""

from __future__ import annotations

import logging
import ssl
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from app.domain.errors import DomainError
from app.services import settings
from app.services.central_address import tls_verify
from app.services.context import ServiceContext
from app.services.users import UserView
from app.ui.main_window import MainWindow
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.sync.worker import SyncWorker

log = logging.getLogger(__name__)
SMS_INTERVAL_MS = 60_000


def start_central(ctx: ServiceContext) -> tuple[str, Any, ssl.SSLContext | bool]:
    """The central store's address, starting the embedded one when none is configured.

    Runs on the database worker right after first start, so the local accounts exist to be copied and the server
    is up by the time the clerk has typed the password. Returns (url, embedded server or None, TLS verification):
    a missing CA file falls back to the system's trust store, and the status bar then names the certificate
    problem and its fix."""
    client = settings.get(ctx, "client")
    url = str(client.get("central_url") or "").strip()
    try:
        verify = tls_verify(str(client.get("central_ca_file") or ""))
    except DomainError as err:
        log.warning("central CA file unusable: %s", err.message)
        verify = True
    embedded = None
    if not url:
        from app.central.embedded import start_embedded

        embedded = start_embedded(Path(ctx.data_dir or "."))
        embedded.copy_accounts()
        url = embedded.url
        from app.sync import enrolment

        if enrolment.credential(ctx, url) is None:
            # The single-machine setup enrols its workstation with its own embedded store at first start.
            ws = ctx.workstation
            credential = embedded.enrol(ws.code, ws.unit_name, ws.counter_no, ws.unit_code)
            enrolment.save(ctx, "system", ws.code, credential, enrolment.EMBEDDED)
    # With a central store, certificate numbers come only from the blocks it leases (never self-granted).
    ctx.local_number_authority = False
    return url, embedded, verify


class DesktopServices(QObject):
    """Owns the sync worker and the periodic jobs of one session; stopped when the window closes."""

    def __init__(
        self, ctx: ServiceContext, runner: TaskRunner, url: str, embedded: Any, verify: ssl.SSLContext | bool
    ) -> None:
        super().__init__()
        from app.services import materials
        from app.sync.worker import SyncWorker

        self.ctx, self.runner, self.url, self.embedded = ctx, runner, url, embedded
        self.worker = SyncWorker(
            ctx, url, blob_reader=lambda sha: materials.read_page(ctx, sha), verify=verify
        ).start()
        self.sms_timer = QTimer(self)
        self.sms_timer.setInterval(SMS_INTERVAL_MS)
        self.sms_timer.timeout.connect(self.send_sms)
        self.sms_timer.start()

    def sign_in(self, username: str, password: str, role: str | None = None) -> None:
        """Log the worker in to the central store in the background; the password is not kept. An enrolled
        workstation needs no user login to sync: the worker only learns who is here."""
        if self.worker.workstation_credential:
            self.worker.set_user(username, role)
            self.worker.sync_now()
        else:
            self.worker.login(username, password)

    def logout(self) -> None:
        """退出登录: the user's central session ends; the worker itself keeps running for the workstation."""
        self.worker.logout()

    def send_sms(self) -> None:
        from app.services import sms_gateway

        ctx = self.ctx
        self.runner.run_io(
            lambda: sms_gateway.send_pending(ctx, sms_gateway.gateway_from_settings(ctx)),
            None,
            lambda exc: log.warning("SMS sending failed: %s", exc),
            name="sms",
        )

    def stop(self) -> None:
        self.sms_timer.stop()
        self.worker.stop()
        if self.embedded is not None:
            self.embedded.stop()


def add_back_office_screens(
    window: MainWindow, ctx: ServiceContext, runner: TaskRunner, worker: SyncWorker | None = None
) -> None:
    """Review (supervisors and admins) and certificate verification (everyone); scans of a certificate QR code
    anywhere in the window open the verification screen.

    The screens' modules are imported when a screen is first shown: they pull in reportlab and the printing
    package, which the window's start must not wait for."""
    actor = window.actor

    # Pages scanned at another counter arrive as rows through sync; their bytes are fetched from the central
    # store the first time a page is opened, then kept (encrypted where personal) in the local material store.
    def review_screen() -> QWidget:
        from app.sync.blobs_fetch import make_page_loader, session_clients
        from app.ui.review.screen import ReviewScreen

        loader = make_page_loader(ctx, session_clients(worker))
        return ReviewScreen(ctx, actor, runner, blob_loader=loader)

    def verify_screen() -> QWidget:
        from app.ui.verify.screen import VerifyScreen

        return VerifyScreen(ctx, actor, runner)

    def calendar_screen() -> QWidget:
        from app.sync.blobs_fetch import session_clients
        from app.sync.calendar_client import submit_year
        from app.ui.admin_calendar import AdminCalendarScreen

        clients = session_clients(worker)

        def submit(days: Any, notice: str | None) -> dict[str, Any]:
            answer = submit_year(clients(), days, notice)
            if worker is not None:
                worker.sync_now()  # bring the year back through the feed at once
            return answer

        return AdminCalendarScreen(ctx, actor, runner, submit if worker is not None else None)

    def catalogue_screen() -> QWidget:
        from app.sync.blobs_fetch import session_clients
        from app.sync.catalogue_client import call_central, put_item
        from app.ui.admin_catalogue import AdminCatalogueScreen, ItemEdit

        clients = session_clients(worker)

        def submit(edit: ItemEdit) -> dict[str, Any]:
            answer = call_central(
                clients(),
                lambda c: put_item(
                    c,
                    edit.base_version,
                    edit.item_code,
                    edit.conditions,
                    edit.materials,
                    edit.limits,
                    edit.note,
                ),
            )
            if worker is not None:
                worker.sync_now()  # bring the new version back through the feed at once
            return answer

        return AdminCatalogueScreen(ctx, actor, runner, submit if worker is not None else None)

    def register_screen() -> QWidget:
        from app.sync.blobs_fetch import session_clients
        from app.sync.register_client import CentralSender
        from app.ui.excel.register_screen import RegisterImportScreen

        clients = session_clients(worker)

        def sender() -> Any:
            client = clients()
            return CentralSender(client) if client is not None else None

        return RegisterImportScreen(ctx, actor, runner, sender if worker is not None else None)

    window.add_screen("review", window.tr("审核发证"), review_screen, roles=("supervisor", "admin"))
    window.add_screen("register_import", window.tr("证书库导入"), register_screen, roles=("admin",))
    window.add_screen("admin_calendar", window.tr("节假日设置"), calendar_screen, roles=("admin",))
    window.add_screen("admin_catalogue", window.tr("事项目录"), catalogue_screen, roles=("admin",))
    window.add_screen("verify", window.tr("证书核验"), verify_screen)

    def verify(text: str) -> None:
        screen = window.screen("verify")
        if screen is not None:
            window.show_screen("verify")
            screen.verify_text(text)  # type: ignore[attr-defined]

    def forget_signers() -> None:
        if "app.ui.printing.signer" in sys.modules:  # nothing was unlocked if printing was never opened
            sys.modules["app.ui.printing.signer"].forget_signers()

    window.certificate_scanned.connect(verify)
    window.locked.connect(forget_signers)
    window.logout_requested.connect(forget_signers)  # the next user never signs with this one's unlocked key


def configure_session(
    window: MainWindow,
    ctx: ServiceContext,
    runner: TaskRunner,
    user: UserView,
    password: str,
    central: tuple[str, Any, ssl.SSLContext | bool] | None,
    services: DesktopServices | None = None,
) -> DesktopServices | None:
    """The window of one signed-in user, wired to the workstation's services (created on the first login and
    kept across 退出登录 / 切换用户)."""
    if services is None and central is not None:
        services = DesktopServices(ctx, runner, *central)
    add_back_office_screens(window, ctx, runner, services.worker if services else None)
    if services is None:
        return None
    window.set_sync_trigger(services.worker.sync_now)
    services.sign_in(user.username, password, user.role)
    return services
