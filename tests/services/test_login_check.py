"""The login's Argon2id check started at Enter from the SQLite file (docs/DESIGN.md, "Start sequence")."""

from __future__ import annotations

import pytest

from app.bootstrap import DB_NAME
from app.core import authorship
from app.domain.errors import DomainError
from app.models import User
from app.services import users
from app.services.context import Actor, ServiceContext
from app.services.login_check import EarlyCheck


def _accounts(ctx: ServiceContext, admin: Actor) -> None:
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")


def _no_second_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> bool:
        raise AssertionError("the early check's outcome should have been used")

    monkeypatch.setattr(users, "_password_matches", refuse)


def _public_keys(ctx: ServiceContext, username: str) -> list[str]:
    with ctx.store.read() as s:
        user = s.query(User).filter_by(username=username).one()
        return list(user.sign_public_keys or [])


def test_a_login_checked_at_enter_is_not_checked_again_and_its_key_signs(
    ctx: ServiceContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accounts(ctx, admin)
    assert ctx.data_dir is not None
    early = EarlyCheck(ctx.data_dir / DB_NAME, "clerk09", "Secret123")
    _no_second_check(monkeypatch)
    view = users.authenticate(ctx, "clerk09", "Secret123", early=early)
    assert view.username == "clerk09" and view.signer is not None
    opening = view.signer.opening
    assert opening is not None and not opening.done()  # the login did not wait for the author key
    body = b"an outbox entry"
    signature = view.signer.sign(body)  # opens the key now and waits for it
    assert authorship.verify(_public_keys(ctx, "clerk09"), signature, body)


def test_a_wrong_password_checked_at_enter_is_refused_and_counted(
    ctx: ServiceContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accounts(ctx, admin)
    assert ctx.data_dir is not None
    early = EarlyCheck(ctx.data_dir / DB_NAME, "clerk09", "wrong-pass1")
    _no_second_check(monkeypatch)
    with pytest.raises(DomainError) as err:
        users.authenticate(ctx, "clerk09", "wrong-pass1", early=early)
    assert err.value.code == "LOGIN_FAILED" and err.value.message == "用户名或密码错误"
    assert early.key is None  # no key is opened for a wrong password
    with ctx.store.read() as s:
        assert s.query(User).filter_by(username="clerk09").one().failed_logins == 1


def test_a_reset_after_enter_is_checked_again_against_the_new_hash(ctx: ServiceContext, admin: Actor) -> None:
    _accounts(ctx, admin)
    assert ctx.data_dir is not None
    early = EarlyCheck(ctx.data_dir / DB_NAME, "clerk09", "Secret123")
    assert early.outcome(*_hash_and_seal(ctx, "clerk09")) is True
    users.reset_password(ctx, admin, "clerk09", "NewPass123")
    with pytest.raises(DomainError) as err:  # the old password no longer opens the account
        users.authenticate(ctx, "clerk09", "Secret123", early=early)
    assert err.value.code == "LOGIN_FAILED"


def test_without_a_readable_account_the_ordinary_check_runs(ctx: ServiceContext, admin: Actor) -> None:
    _accounts(ctx, admin)
    assert ctx.data_dir is not None
    early = EarlyCheck(ctx.data_dir / "missing.sqlite3", "clerk09", "Secret123")
    assert early.outcome(*_hash_and_seal(ctx, "clerk09")) is None
    view = users.authenticate(ctx, "clerk09", "Secret123", early=early)
    assert view.signer is not None and view.signer.private is not None


def _hash_and_seal(ctx: ServiceContext, username: str) -> tuple[str, str | None]:
    with ctx.store.read() as s:
        user = s.query(User).filter_by(username=username).one()
        return user.password_hash, user.sign_private
