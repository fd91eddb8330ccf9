"""Helpers of the sync tests: a central service in a thread, counters (local stores) and their workers."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from app.bootstrap import DB_NAME, open_context
from app.central import auth
from app.central.api import create_app
from app.central.models import IssuingUnit
from app.central.sequencer import settle
from app.central.server import ServerThread
from app.central.store import open_store
from app.models import OutboxEntry, User, Workstation
from app.models.db import Store
from app.services import intake, settings
from app.services.context import Actor, ServiceContext
from app.sync.client import SyncClient
from app.sync.worker import SyncWorker
from tests.conftest import TEST_ISSUER_USCC
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock
from tests.store_templates import fresh_local_store

UNIT = "410000"
PASSWORDS = {
    "admin": "Admin1234",
    "clerk01": "Clerk1234",
    "clerk02": "Clerk1234",
    "sup01": "Super1234",
    "sup02": "Super1234",
}
ROLES = {
    "admin": "admin",
    "clerk01": "clerk",
    "clerk02": "clerk",
    "sup01": "supervisor",
    "sup02": "supervisor",
}
CLERK = Actor("clerk01", "clerk", "张敏")
CLERK2 = Actor("clerk02", "clerk", "王磊")
SUPERVISOR = Actor("sup01", "supervisor", "李静")
WORKSTATIONS = {"WS-01": "01", "WS-02": "02", "WS-03": "03"}


@cache
def _hash(password: str) -> str:
    # Argon2 is slow on purpose; one hash per password per test session keeps the suite fast.
    return auth.hash_password(password)


def seed_accounts(store: Store, unit: str = UNIT) -> None:
    now = auth.utcnow()
    with store.write() as s:
        for username, role in ROLES.items():
            s.add(
                User(
                    username=username,
                    display_name=username,
                    role=role,
                    unit_code=unit,
                    password_hash=_hash(PASSWORDS[username]),
                    active=True,
                    must_change_password=False,
                    created_at=now,
                    updated_at=now,
                )
            )
        # The unit's issuing authority, entered centrally by its administrator (app/central/units.py).
        s.add(IssuingUnit(unit_code=unit, issuer_uscc=TEST_ISSUER_USCC, updated_by="admin", updated_at=now))
        for code, counter in WORKSTATIONS.items():
            s.add(
                Workstation(
                    code=code, name=f"窗口{counter}", unit_code=unit, counter_no=counter, created_at=now
                )
            )


@dataclass
class Central:
    url: str
    db_url: str
    store: Store
    server: ServerThread

    def token(self, username: str, *, ttl: timedelta = timedelta(hours=1), workstation: str = "WS-01") -> str:
        """A token issued straight into the store (skips Argon2); a negative ttl gives an expired one."""
        with self.store.write() as s:
            token, _ = auth.issue_token(s, username, workstation, ttl)
        return token

    def client(self, username: str | None = None, workstation: str = "WS-01") -> SyncClient:
        return SyncClient(self.url, token=self.token(username, workstation=workstation) if username else None)

    def stop(self) -> None:
        self.server.stop()
        self.store.dispose()


def start_central(db_url: str) -> Central:
    store = open_store(db_url)
    seed_accounts(store)
    server = ServerThread(lambda: create_app(store)).start()
    server.wait_ready()
    return Central(server.url, db_url, store, server)


def counter(root: Path, ws_code: str = "WS-01") -> ServiceContext:
    """A counter's local store (a fresh one, or one `clone` put there), set up as workstation `ws_code`. A fresh
    one is a copy of an empty store migrated once per session (tests/store_templates.py)."""
    if not (root / DB_NAME).exists():
        fresh_local_store(root)
    ctx = open_context(root)
    fixed_clock(ctx)
    settings.put(
        ctx,
        "system",
        "workstation",
        {
            "code": ws_code,
            "counter_no": WORKSTATIONS[ws_code],
            "unit_code": UNIT,
            "issuer_uscc": TEST_ISSUER_USCC,
        },
    )
    return ctx


def worker(ctx: ServiceContext, central: Central, username: str, **kwargs: Any) -> SyncWorker:
    """A worker signed in with a directly issued token (no background thread unless started)."""
    kwargs.setdefault("interval", 3600)
    kwargs.setdefault("stock", None)
    w = SyncWorker(ctx, central.url, **kwargs)
    w.set_session(central.token(username, workstation=ctx.workstation.code), username, ROLES[username])
    return w


def submitted(ctx: ServiceContext, actor: Actor, form: dict[str, Any], item_code: str) -> str:
    """Draft and submit an application as a clerk would; returns its UUID."""
    draft = intake.create_draft(
        ctx,
        actor,
        item_code,
        form,
        conditions=all_conditions(ctx, item_code),
        material_states=all_materials(ctx, item_code),
    )
    return intake.submit(ctx, actor, draft.uuid).uuid


def eligible(ctx: ServiceContext, item_code: str = "TZ-FIRST", seed: int = 7) -> dict[str, Any]:
    return Builder(ctx, seed=seed).scenario(item_code).form


def eligible_forms(
    ctx: ServiceContext, n: int, item_code: str = "TZ-FIRST", seed: int = 7
) -> list[dict[str, Any]]:
    """`n` eligible applicants with distinct ID numbers (the builder may draw the same number twice)."""
    builder = Builder(ctx, seed=seed)
    forms: dict[str, dict[str, Any]] = {}
    while len(forms) < n:
        form = builder.scenario(item_code).form
        forms.setdefault(form["id_number"], form)
    return list(forms.values())


def clone(ctx: ServiceContext, root: Path) -> Path:
    """Copy a counter's store with SQLite's backup API (a file copy could miss the WAL)."""
    root.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(str(Path(str(ctx.data_dir)) / DB_NAME))
    dst = sqlite3.connect(str(root / DB_NAME))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return root


def outbox_states(ctx: ServiceContext) -> list[tuple[str, str, str | None]]:
    with ctx.store.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                select(OutboxEntry.op, OutboxEntry.state, OutboxEntry.result_code).order_by(OutboxEntry.id)
            )
        ]


def central_count(central: Central, model: Any, *where: Any) -> int:
    """Rows of a central table, after the sequencer has numbered and chained everything pushed so far (a push is
    answered before its background sequencer run)."""
    settle(central.store.engine)
    with central.store.read() as s:
        return int(s.execute(select(func.count()).select_from(model).where(*where)).scalar() or 0)


@dataclass
class CentralProcesses:
    """Several `counterdesk-central serve` processes on one database, as a province runs them."""

    urls: list[str]
    db_url: str
    store: Store
    procs: list[subprocess.Popen[bytes]]

    def token(self, username: str, *, workstation: str = "WS-01") -> str:
        with self.store.write() as s:
            token, _ = auth.issue_token(s, username, workstation, timedelta(hours=1))
        return token

    def at(self, i: int) -> Central:
        """Process i seen as a `Central` (its url, the shared store) for the helpers that take one."""
        return Central(self.urls[i], self.db_url, self.store, None)  # type: ignore[arg-type]

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.wait(30)
        self.store.dispose()


def start_central_processes(db_url: str, n: int, *, workers: int = 1) -> CentralProcesses:
    """Migrate and seed once (`counterdesk-central migrate` does the same), then start `n` server processes."""
    store = open_store(db_url)
    seed_accounts(store)
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for _ in range(n):
            probe = socket.socket()
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            probe.close()
            args = ["serve", "--db", db_url, "--port", str(port), "--workers", str(workers)]
            procs.append(subprocess.Popen([sys.executable, "-m", "app.central", *args]))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs, strict=True):
            _wait_healthy(url, proc)
    except BaseException:
        for proc in procs:
            proc.kill()
        store.dispose()
        raise
    return CentralProcesses(urls, db_url, store, procs)


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"central process exited with {proc.returncode}")
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)  # waiting for a process to listen, not timing anything
    raise TimeoutError(f"central process at {url} did not start")


def set_passwords_centrally(central: Central) -> None:
    """The administrator sets each account's password centrally (POST /admin/users); each account gets its author
    key there, sealed with that password, and the key reaches the unit's counters with the account."""
    import httpx

    token = central.token("admin")
    # Each call hashes a password and seals a key (two Argon2id runs of 64 MiB): on a loaded machine that takes
    # longer than httpx's 5 s default, which is not what these tests are about.
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=central.url, headers=headers, timeout=120) as http:
        for username, role in ROLES.items():
            body = {
                "username": username,
                "display_name": username,
                "role": role,
                "password": PASSWORDS[username],
            }
            assert http.post("/admin/users", json=body).status_code == 200


def stock_numbers(ctx: ServiceContext, w: SyncWorker) -> int:
    """An enrolled workstation prints only from blocks the central store leased to it (as the desktop does once
    enrolled): no local grants, a small block of each serial key leased now. Returns how many were leased."""
    from app.sync import numbers

    ctx.local_number_authority = False
    return numbers.restock(ctx, w.client, ctx.today().year, numbers.StockPolicy(low_water=1, block_size=5))
