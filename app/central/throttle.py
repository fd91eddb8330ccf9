"""Login throttling with back-off that cannot be turned into a lock-out, and rate-limited audit of refusals.

Three counters of failed logins, each forgotten an hour after its last failure:
- per (account, client address): the first `free_pair` failures are free, then every further attempt from that
  address for that account waits 1 s, 2 s, 4 s ... up to 15 minutes;
- per client address, across accounts: the same, after `free_address` failures (one address trying many
  accounts);
- per account, across addresses: after `free_account` failures (a spread-out attack), every address that has
  already failed for this account waits from its first failure on.
An address with no failure for the account is never held back by the account's counter, so the right password
from the real user's own workstation always gets through: an attacker can slow himself down, not the user.
A held-back attempt is answered 429 with Retry-After before the password is checked (no Argon2 work).

The counters are kept in memory (one central process); a restart forgets them, which costs an attacker nothing
he could not get by waiting, and the table is bounded (oldest entries dropped first).

`AuditGate` keeps unauthenticated noise out of the audit trail: per (action, address) a burst of rows, then at
most `per_minute` a minute; the rows written say how many refusals were left out before them.

`Admission` lets only as many pushes into the database at once as help (docs/DESIGN.md, "Push hot path"): the
others have done their Python work (parsing, validation, digests, signatures) and wait in the process, first come
first served, holding no connection and no lock.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from types import TracebackType

from app.domain.errors import DomainError

Clock = Callable[[], float]
FORGET_AFTER = 3600.0
MAX_WAIT = 900.0
# Pushes of one process in the database at once (see `Admission`); measured with bench.bench_sync burst.
DEFAULT_PUSH_SLOTS = 8


class Throttled(DomainError):
    """429: too many failed logins from here; `retry_after` seconds until the next attempt is heard."""

    status = 429

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        when = f"{seconds} 秒" if seconds < 120 else f"{math.ceil(seconds / 60)} 分钟"
        super().__init__(
            "LOGIN_THROTTLED",
            f"登录失败次数过多，请 {when}后再试",
            field="password",
            fix="请确认用户名和密码（注意大小写）；忘记密码请联系管理员重置。",
        )
        self.retry_after = seconds
        self.headers = {"Retry-After": str(seconds)}


@dataclass
class _Strikes:
    failures: int = 0
    last: float = 0.0


class _Table:
    """Strikes by key, oldest first, bounded."""

    def __init__(self, max_entries: int) -> None:
        self.rows: OrderedDict[Hashable, _Strikes] = OrderedDict()
        self.max_entries = max_entries

    def get(self, key: Hashable, now: float) -> _Strikes:
        row = self.rows.get(key)
        if row is not None and now - row.last > FORGET_AFTER:
            del self.rows[key]
            row = None
        return row or _Strikes()

    def strike(self, key: Hashable, now: float) -> None:
        row = self.get(key, now)
        row.failures += 1
        row.last = now
        self.rows[key] = row
        self.rows.move_to_end(key)
        while len(self.rows) > self.max_entries:
            self.rows.popitem(last=False)

    def clear(self, key: Hashable) -> None:
        self.rows.pop(key, None)


def backoff(failures: int, free: int, base: float = 1.0, cap: float = MAX_WAIT) -> float:
    """Seconds to wait after `failures` failures when the first `free` cost nothing."""
    if failures < max(free, 1):
        return 0.0
    return float(min(cap, base * 2 ** min(failures - free, 30)))


class LoginThrottle:
    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        free_pair: int = 3,
        free_address: int = 20,
        free_account: int = 30,
        base: float = 1.0,
        max_entries: int = 100_000,
    ) -> None:
        self.clock = clock
        self.free_pair, self.free_address, self.free_account = free_pair, free_address, free_account
        self.base = base
        self._pairs = _Table(max_entries)
        self._addresses = _Table(max_entries)
        self._accounts = _Table(max_entries)
        self._lock = threading.Lock()

    @staticmethod
    def _account(username: str) -> str:
        return username.strip().lower()

    def wait(self, username: str, address: str) -> float:
        """Seconds until an attempt for `username` from `address` is heard; 0 now."""
        account = self._account(username)
        now = self.clock()
        with self._lock:
            pair = self._pairs.get((account, address), now)
            addr = self._addresses.get(address, now)
            acct = self._accounts.get(account, now)
            free = self.free_pair if acct.failures < self.free_account else 0
            waits = [
                pair.last + backoff(pair.failures, free, self.base) - now if pair.failures else 0.0,
                addr.last + backoff(addr.failures, self.free_address, self.base) - now,
            ]
        return max(0.0, *waits)

    def check(self, username: str, address: str) -> None:
        """Throttled if the attempt must wait."""
        left = self.wait(username, address)
        if left > 0:
            raise Throttled(left)

    def failed(self, username: str, address: str) -> None:
        account = self._account(username)
        now = self.clock()
        with self._lock:
            self._pairs.strike((account, address), now)
            self._addresses.strike(address, now)
            self._accounts.strike(account, now)

    def succeeded(self, username: str, address: str) -> None:
        """The right password: this address's strikes for this account are forgiven (the others stay)."""
        with self._lock:
            self._pairs.clear((self._account(username), address))


@dataclass
class _Bucket:
    tokens: float
    at: float
    suppressed: int = 0


class AuditGate:
    """Token buckets per key and overall: `admit` says whether to write a row, and how many were left out."""

    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        burst: int = 30,
        per_minute: float = 30.0,
        total_burst: int = 200,
        total_per_minute: float = 120.0,
        max_keys: int = 10_000,
    ) -> None:
        self.clock = clock
        self.burst, self.rate = burst, per_minute / 60.0
        self.total_burst, self.total_rate = total_burst, total_per_minute / 60.0
        self._keys: OrderedDict[Hashable, _Bucket] = OrderedDict()
        self._total = _Bucket(float(total_burst), clock())
        self.max_keys = max_keys
        self._lock = threading.Lock()

    def admit(self, key: Hashable) -> int | None:
        """None: leave this event out (it is counted); else the number left out for `key` since its last row."""
        now = self.clock()
        with self._lock:
            b = self._keys.get(key)
            if b is None:
                b = _Bucket(float(self.burst), now)
                self._keys[key] = b
                while len(self._keys) > self.max_keys:
                    self._keys.popitem(last=False)
            self._keys.move_to_end(key)
            _refill(b, now, self.rate, self.burst)
            _refill(self._total, now, self.total_rate, self.total_burst)
            if b.tokens < 1 or self._total.tokens < 1:
                b.suppressed += 1
                return None
            b.tokens -= 1
            self._total.tokens -= 1
            left_out, b.suppressed = b.suppressed, 0
            return left_out


def _refill(b: _Bucket, now: float, rate: float, cap: int) -> None:
    b.tokens = min(float(cap), b.tokens + (now - b.at) * rate)
    b.at = now


class Admission:
    """At most `limit` holders at once; the others wait their turn in arrival order (a context manager)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._running = 0
        self._queue: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def __enter__(self) -> Admission:
        with self._lock:
            if self._running < self.limit and not self._queue:
                self._running += 1
                return self
            turn = threading.Event()
            self._queue.append(turn)
        turn.wait()  # the slot is handed over by the holder that leaves
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            if self._queue:
                self._queue.popleft().set()
            else:
                self._running -= 1

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._queue)
