"""The Argon2id check of a login runs outside the store's write transaction (issue 15: 316-342 ms inside it)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from app.domain.errors import DomainError
from app.services import settings, users
from app.services.context import Actor, ServiceContext


class _GatedHasher:
    """The store's Argon2id hasher, whose `verify` waits for the test's word (PasswordHasher has slots)."""

    def __init__(self, real: Any, in_verify: threading.Event, release: threading.Event) -> None:
        self.real, self.in_verify, self.release = real, in_verify, release

    def verify(self, *args: Any) -> Any:
        self.in_verify.set()
        assert self.release.wait(30), "the test did not release the password check"
        return self.real.verify(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _gated_verify(
    monkeypatch: pytest.MonkeyPatch, in_verify: threading.Event, release: threading.Event
) -> None:
    monkeypatch.setattr(users, "_hasher", _GatedHasher(users._hasher, in_verify, release))


@pytest.mark.parametrize("password", ["Secret123", "wrong-pass1"])
def test_another_write_commits_while_the_password_is_checked(
    ctx: ServiceContext, admin: Actor, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")
    in_verify, release, written = threading.Event(), threading.Event(), threading.Event()
    _gated_verify(monkeypatch, in_verify, release)
    outcome: list[object] = []

    def login() -> None:
        try:
            outcome.append(users.authenticate(ctx, "clerk09", password))
        except DomainError as err:
            outcome.append(err)

    thread = threading.Thread(target=login)
    thread.start()
    assert in_verify.wait(30)
    # While Argon2id runs, another unit of work (a submit, a pulled change) writes and commits.
    settings.put(ctx, "system", "workstation", {"code": "WS-09", "counter_no": "09", "unit_code": "410000"})
    written.set()
    release.set()
    thread.join(30)
    assert written.is_set() and not thread.is_alive()
    if password == "Secret123":
        assert getattr(outcome[0], "username", None) == "clerk09"
    else:
        assert isinstance(outcome[0], DomainError) and outcome[0].code == "LOGIN_FAILED"


def test_a_password_reset_during_the_check_is_honoured(
    ctx: ServiceContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")
    in_verify, release = threading.Event(), threading.Event()
    _gated_verify(monkeypatch, in_verify, release)
    outcome: list[object] = []

    def login() -> None:
        try:
            outcome.append(users.authenticate(ctx, "clerk09", "Secret123"))
        except DomainError as err:
            outcome.append(err)

    thread = threading.Thread(target=login)
    thread.start()
    assert in_verify.wait(30)  # the old password is being checked against the old hash ...
    users.reset_password(ctx, admin, "clerk09", "NewPass123")  # ... when an administrator resets it
    release.set()
    thread.join(30)
    assert not thread.is_alive()
    (result,) = outcome
    assert isinstance(result, DomainError) and result.code == "LOGIN_FAILED"  # checked again, against the new
    assert users.authenticate(ctx, "clerk09", "NewPass123").username == "clerk09"
