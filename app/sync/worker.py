"""SyncWorker: a plain background thread that pushes the outbox, pulls the feed and keeps number blocks stocked.

The caller (the UI) never waits on it: `login`, `logout` and `sync_now` only leave a note and wake the thread.
An enrolled workstation syncs with its own credential (app/sync/enrolment.py): every pending entry goes, in
order, whoever made it and whoever is logged in, also while nobody is (the login screen). Without an enrolment a
user's session pushes that user's own entries, as before. Each round: log in if asked, push (blobs first), pull
every stream, and on a back-office workstation restock number blocks and report unused ranges. While the central
store is unreachable it backs off exponentially with jitter; a 401 sets "needs_login" and waits for a login.
The global state is written to the local settings table under "sync_status" after every round.
"""

from __future__ import annotations

import contextlib
import logging
import random
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.services.context import Actor, ServiceContext
from app.services.outbox import pushed_by
from app.sync import numbers, outbox, pull, status
from app.sync.client import Refused, SyncClient, Unauthorized, Unavailable

log = logging.getLogger(__name__)
BlobReader = Callable[[str], bytes]
BACK_OFFICE = ("supervisor", "admin")


def backoff_delay(failures: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential back-off with ±50 % jitter, so that many counters coming back online do not retry in step."""
    if failures <= 0:
        return 0.0
    return float(min(cap, base * 2 ** (failures - 1)) * rng.uniform(0.5, 1.5))


def sniff_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"%PDF"):
        return "application/pdf"
    return "application/octet-stream"


@dataclass
class RoundResult:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    leased: int = 0
    error: str | None = None


class SyncWorker:
    def __init__(
        self,
        ctx: ServiceContext,
        base_url: str,
        *,
        blob_reader: BlobReader | None = None,
        interval: float = 15.0,
        batch_size: int = 100,
        page_size: int = 500,
        backoff_base: float = 1.0,
        backoff_cap: float = 300.0,
        streams: tuple[str, ...] = pull.STREAMS,
        stock: numbers.StockPolicy | None = numbers.StockPolicy(),
        timeout: float = 30.0,
        listener: Callable[[dict[str, Any]], None] | None = None,
        seed: int | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.ctx = ctx
        self.client = SyncClient(base_url, timeout=timeout, verify=verify)
        self.blob_reader = blob_reader
        self.interval = interval
        self.batch_size = batch_size
        self.page_size = page_size
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.streams = streams
        self.stock = stock
        self.listener = listener
        self.failures = 0
        self._rng = random.Random(seed)
        self._lock = threading.Lock()  # one round at a time
        self._notes = threading.Lock()  # guards the login/logout notes below
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._credentials: tuple[str, str] | None = None
        self._logout_requested = False
        self.username: str | None = None
        self.role: str | None = None
        self._state = {**status.initial(), **status.read(ctx.store)}
        self.workstation_credential: str | None = None
        self.use_workstation_credential()

    # --- what the UI calls; none of these touches the network ---

    def use_workstation_credential(self) -> bool:
        """Sync as the enrolled workstation from now on, if it is enrolled; True if it is."""
        from app.sync import enrolment

        found = enrolment.credential(self.ctx, self.client.base_url)
        with self._notes:
            self.workstation_credential = found
            if found:
                self.client.token = found
        return found is not None

    def login(self, username: str, password: str) -> None:
        """Ask for a central login with these credentials on the next round (held in memory until then)."""
        with self._notes:
            self._credentials = (username, password)
            self._logout_requested = False
        self.sync_now()

    def set_session(self, token: str, username: str, role: str) -> None:
        """Use a token obtained elsewhere (e.g. the login screen called the central store itself)."""
        with self._notes:
            self.username, self.role = username, role
            if not self.workstation_credential:
                self.client.token = token

    def set_user(self, username: str | None, role: str | None) -> None:
        """Who is at this workstation now (an enrolled workstation keeps number blocks for a back office)."""
        with self._notes:
            self.username, self.role = username, role

    def logout(self) -> None:
        with self._notes:
            self._credentials = None
            self._logout_requested = True
        self.sync_now()

    def sync_now(self) -> None:
        """ "立即同步": run a round now instead of at the next interval."""
        self._wake.set()

    def status(self) -> dict[str, Any]:
        return {**self._state, "pending": outbox.pending_count(self.ctx.store)}

    def start(self) -> SyncWorker:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="sync-worker", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.client.close()

    # --- the thread ---

    def next_delay(self) -> float:
        if self.failures:
            return backoff_delay(self.failures, self.backoff_base, self.backoff_cap, self._rng)
        return self.interval

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # a bug must not kill the worker silently; the next round tries again
                log.exception("sync round failed")
            self._wake.wait(self.next_delay())
            self._wake.clear()

    def run_once(self) -> RoundResult:
        """One full round, synchronously (the thread calls this; tests may too)."""
        with self._lock:
            result = RoundResult()
            now = self.ctx.now()
            state = dict(self._state)
            try:
                self._session_notes()
                if not self.client.token:
                    state["needs_login"] = self.username is not None or state.get("needs_login", False)
                    return result
                result.pushed = self.push_all(now)
                result.pulled = self.pull_all(now)
                if self.stock is not None and self.role in BACK_OFFICE:
                    result.leased = numbers.restock(self.ctx, self.client, now.year, self.stock)
                    numbers.report(self.ctx, self.client)
                self.failures = 0
                state.update(
                    online=True,
                    last_success_at=now.isoformat(),
                    last_error=None,
                    needs_login=False,
                    needs_admin=False,
                )
            except Unauthorized as err:
                if self.workstation_credential:
                    # Revoked or re-enrolled elsewhere: only an administrator can cure it.
                    state.update(online=True, needs_login=False, last_error=err.message, needs_admin=True)
                else:
                    self.client.token = None
                    state.update(online=True, needs_login=True, last_error=err.message, needs_admin=False)
                result.error = err.message
            except Unavailable as err:
                self.failures += 1
                state.update(online=False, last_error=str(err), needs_admin=err.needs_admin)
                result.error = str(err)
            except Refused as err:
                self.failures = 0
                state.update(online=True, last_error=err.message, needs_admin=False)
                result.error = err.message
            finally:
                self._state = state
                status.write(self.ctx.store, state, now)
                if self.listener is not None:
                    self.listener(self.status())
            return result

    def _session_notes(self) -> None:
        with self._notes:
            creds, self._credentials = self._credentials, None
            logout, self._logout_requested = self._logout_requested, False
        if not self.workstation_credential:
            self.use_workstation_credential()  # enrolled meanwhile (工作站设置)
        if self.workstation_credential:
            # The workstation syncs on its own credential; a person logging in or out changes nothing here.
            if creds is not None:
                self.username = creds[0]
            if logout:
                self.username = self.role = None
            self.client.token = self.workstation_credential
            return
        if logout and self.client.token:
            with contextlib.suppress(Unauthorized, Refused):
                self.client.logout()
            self.client.token = None
            self.username = self.role = None
        if creds is not None:
            session = self.client.login(creds[0], creds[1], self.ctx.workstation.code)
            self.username, self.role = session.username, session.role

    def _actors(self) -> list[str] | None:
        if self.workstation_credential:
            return None  # everyone's entries: each carries its author's signature
        assert self.username is not None
        # A token pushes only its own user's changes; an administrator also sends the system's (e.g. expiry).
        return pushed_by(Actor(self.username, self.role or "clerk"))

    def _upload_blobs(self, batch: list[dict[str, Any]]) -> None:
        hashes = sorted({h for e in batch for h in e["blobs"]})
        if not hashes or self.blob_reader is None:
            return
        for sha in self.client.missing_blobs(hashes):
            try:
                data = self.blob_reader(sha)
            except (OSError, KeyError) as err:
                log.warning("material %s cannot be read: %s", sha, err)
                continue  # the record citing it is answered "retry" until the file turns up
            self.client.put_blob(sha, data, sniff_type(data))

    def push_all(self, now: datetime) -> dict[str, int]:
        totals = {"applied": 0, "duplicate": 0, "rejected": 0, "retry": 0}
        while True:
            batch = outbox.next_batch(self.ctx.store, self._actors(), self.batch_size)
            if not batch:
                return totals
            self._upload_blobs(batch)
            try:
                answers = self.client.push(batch)
            except Refused as err:
                invalid = err.invalid_entries()
                if err.status != 422 or not invalid:
                    raise
                outbox.mark_invalid(self.ctx.store, {batch[i]["key"]: f for i, f in invalid.items()}, now)
                continue
            counts = outbox.apply_answers(self.ctx.store, answers, now)
            for k, v in counts.items():
                totals[k] += v
            if counts["retry"]:
                return totals  # something is missing centrally; keep the order and try next round

    def _first_load(self) -> None:
        """A new counter loads its registry replica as a bulk snapshot, then follows the feed (resumed if cut)."""
        from app.sync import snapshot

        cities = snapshot.configured_cities(self.ctx.store)
        if "registry" not in self.streams or not snapshot.needs_snapshot(self.ctx.store, cities):
            return

        def progress(kind: str, done: int, total: int) -> None:
            self._state["first_load"] = {"kind": kind, "done": done, "total": total}
            if self.listener is not None:
                self.listener(self.status())

        snapshot.load_snapshot(
            self.ctx.store,
            snapshot.ClientSource(self.client, cities),
            now=self.ctx.now,
            progress=progress,
            cities=cities,
        )
        self._state.pop("first_load", None)

    def pull_all(self, now: datetime) -> dict[str, int]:
        from app.sync.snapshot import configured_cities

        self._first_load()
        cities = configured_cities(self.ctx.store)
        pulled: dict[str, int] = {}
        for stream in self.streams:
            cursor = pull.cursor_of(self.ctx.store, stream)
            refetched = False
            pulled[stream] = 0
            while True:
                page = self.client.pull(stream, cursor, self.page_size, cities)
                if page.get("refetch"):
                    if refetched:
                        break
                    refetched = True
                    pull.reset_cursor(self.ctx.store, stream, now)
                    cursor = 0
                    continue
                pull.apply_page(self.ctx.store, stream, page["changes"], int(page["next_cursor"]), now)
                pulled[stream] += len(page["changes"])
                cursor = int(page["next_cursor"])
                if not page["has_more"]:
                    break
        return pulled
