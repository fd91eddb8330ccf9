"""Login throttling without lock-out and rate-limited audit of refusals (issue 11, item 7).

The service runs with a throttle and an audit gate on a clock the test moves: no sleeping, no timed assertions.
A second client address is had by binding the client's socket to 127.0.0.2 (all of 127/8 is loopback).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from app.central.api import create_app
from app.central.sequencer import settle
from app.central.server import ServerThread
from app.central.throttle import AuditGate, LoginThrottle, backoff
from app.models import AuditEvent
from tests.sync.helpers import PASSWORDS, Central, central_count


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def guarded(central: Central) -> Iterator[tuple[str, Clock]]:
    """The central store served again with a throttle and an audit gate on a test clock."""
    clock = Clock()
    server = ServerThread(
        lambda: create_app(
            central.store, throttle=LoginThrottle(clock=clock), audit_gate=AuditGate(clock=clock)
        )
    ).start()
    server.wait_ready()
    yield server.url, clock
    server.stop()


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=30)


def _login(http: httpx.Client, url: str, username: str, password: str) -> httpx.Response:
    return http.post(url + "/auth/login", json={"username": username, "password": password})


def test_wrong_passwords_never_lock_the_real_user_out(guarded: tuple[str, Clock]) -> None:
    url, clock = guarded
    attacker, user = _client("127.0.0.2"), _client("127.0.0.1")
    statuses = [_login(attacker, url, "sup01", f"guess{i}").status_code for i in range(12)]
    # Three free tries, then the attacker has to wait (429) and his guesses are not even checked.
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses[3:]) == {429}
    held = _login(attacker, url, "sup01", PASSWORDS["sup01"])
    assert held.status_code == 429
    assert int(held.headers["Retry-After"]) >= 1
    assert held.json()["detail"]["code"] == "LOGIN_THROTTLED"
    assert "后再试" in held.json()["detail"]["message"]
    # The supervisor at her own workstation logs in at once.
    assert _login(user, url, "sup01", PASSWORDS["sup01"]).status_code == 200
    # After the wait the attacker's address is heard again (a wait, never a lock).
    clock.now += int(held.headers["Retry-After"])
    assert _login(attacker, url, "sup01", PASSWORDS["sup01"]).status_code == 200


def test_a_spread_out_attack_slows_the_attackers_not_a_clean_address() -> None:
    clock = Clock()
    throttle = LoginThrottle(clock=clock, free_account=30)
    for i in range(40):  # forty addresses, one guess each
        throttle.failed("sup01", f"10.0.0.{i}")
    assert throttle.wait("sup01", "10.0.0.1") > 0  # an address that failed waits from its first failure
    assert throttle.wait("sup01", "10.9.9.9") == 0  # the user's clean address does not
    assert throttle.wait("sup02", "10.0.0.1") == 0  # other accounts are untouched
    for i in range(25):  # one address trying many accounts is held back by its own counter
        throttle.failed(f"user{i}", "10.2.2.2")
    assert throttle.wait("anyone", "10.2.2.2") > 0


def test_back_off_doubles_up_to_a_cap() -> None:
    assert [backoff(n, 3) for n in range(1, 8)] == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert backoff(60, 3) == 900.0


def test_unauthenticated_requests_are_audited_at_a_bounded_rate(
    central: Central, guarded: tuple[str, Clock]
) -> None:
    url, clock = guarded
    http = _client("127.0.0.1")
    for _ in range(100):
        assert http.get(url + "/auth/me").status_code == 401
    rows = central_count(central, AuditEvent, AuditEvent.action == "central.unauthorized")
    assert rows == 30  # the burst; the other 70 are counted, not written
    clock.now += 60
    assert http.get(url + "/auth/me").status_code == 401
    settle(central.store.engine)  # the refusal's audit event is chained by the background sequencer
    with central.store.read() as s:
        last = s.execute(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "central.unauthorized")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).scalar_one()
    assert last["left_out"] == 70
    # Failed logins likewise: after 20 failures this address is held back (429), and that too is audited
    # only up to the burst.
    answers = [_login(http, url, f"nobody{i}", "x").status_code for i in range(70)]
    assert answers == [401] * 20 + [429] * 50
    assert central_count(central, AuditEvent, AuditEvent.action == "central.login_refused") == 20
    assert central_count(central, AuditEvent, AuditEvent.action == "central.login_throttled") == 30
