"""Accounts reach every counter of their unit (the `users` stream), so a clerk can log in offline at any window,
and a password changed at one counter is the password at all of them — with the central store deciding who may
change what."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.central.auth import hash_password
from app.domain.errors import DomainError
from app.models import User
from app.services import users
from app.services.context import Actor
from app.sync.client import SyncClient, Unauthorized
from app.sync.worker import SyncWorker
from tests.sync.helpers import UNIT, Central, counter, outbox_states, worker

ADMIN = Actor("admin", "admin", "管理员", UNIT)
NEW_CLERK = Actor("clerk77", "clerk", "周凯", UNIT)


def _local(ctx, username: str) -> User | None:
    with ctx.store.read() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is not None:
            s.expunge(user)
        return user


def test_new_account_logs_in_offline_at_another_counter_and_its_password_follows(
    central: Central, tmp_path: Path
) -> None:
    admin_desk = counter(tmp_path / "admin-desk", "WS-01")
    other_desk = counter(tmp_path / "other-desk", "WS-02")
    users.create_user(admin_desk, ADMIN, "clerk77", "周凯", "clerk", "Secret123")
    assert worker(admin_desk, central, "admin").run_once().error is None

    # The other counter learns the account through its own clerk's sync, then works without the network.
    assert _local(other_desk, "clerk77") is None
    assert worker(other_desk, central, "clerk01").run_once().error is None
    arrived = _local(other_desk, "clerk77")
    assert arrived is not None and (arrived.display_name, arrived.role) == ("周凯", "clerk")
    view = users.authenticate(other_desk, "clerk77", "Secret123")
    assert view.must_change_password  # the administrator's initial password must be replaced on first login

    # The forced change happens at the other counter and is pushed under the clerk's own session.
    users.change_own_password(other_desk, NEW_CLERK, "Secret123", "Newpass456")
    own = SyncWorker(other_desk, central.url, interval=3600, stock=None)
    own.login("clerk77", "Secret123")  # the central store still knows the old one until this push
    try:
        assert own.run_once().error is None
    finally:
        own.client.close()
    assert all(state == "applied" for _, state, _ in outbox_states(other_desk)), outbox_states(other_desk)

    fresh = SyncClient(central.url)
    fresh.login("clerk77", "Newpass456", "WS-02")
    with pytest.raises(Unauthorized):
        SyncClient(central.url).login("clerk77", "Secret123", "WS-02")
    fresh.close()

    # Back at the first counter, the next sync brings the new password and the end of the forced change.
    assert worker(admin_desk, central, "admin").run_once().error is None
    view = users.authenticate(admin_desk, "clerk77", "Newpass456")
    assert not view.must_change_password
    with pytest.raises(DomainError):
        users.authenticate(admin_desk, "clerk77", "Secret123")


def test_disabling_an_account_reaches_the_other_counters(central: Central, tmp_path: Path) -> None:
    admin_desk = counter(tmp_path / "admin-desk", "WS-01")
    other_desk = counter(tmp_path / "other-desk", "WS-02")
    users.create_user(admin_desk, ADMIN, "clerk78", "孙悦", "clerk", "Secret123")
    assert worker(admin_desk, central, "admin").run_once().error is None
    assert worker(other_desk, central, "clerk01").run_once().error is None
    assert users.authenticate(other_desk, "clerk78", "Secret123")
    users.set_active(admin_desk, ADMIN, "clerk78", False)
    assert worker(admin_desk, central, "admin").run_once().error is None
    assert worker(other_desk, central, "clerk01").run_once().error is None
    with pytest.raises(DomainError):
        users.authenticate(other_desk, "clerk78", "Secret123")


def _user_entry(actor: str, username: str, role: str, password_hash: str | None = None) -> dict:
    return {
        "key": str(uuid.uuid4()),
        "op": "user.update",
        "entity": "user",
        "entity_id": username,
        "actor": actor,
        "payload": {
            "username": username,
            "display_name": username,
            "role": role,
            "unit_code": UNIT,
            "active": True,
            "password_hash": password_hash,
            "must_change_password": False,
        },
    }


def test_a_clerk_changes_only_their_own_password_never_a_role(central: Central) -> None:
    client = central.client("clerk01")
    other_hash = hash_password("Stolen1234")
    [answer] = client.push([_user_entry("clerk01", "clerk02", "clerk", other_hash)])
    assert answer["status"] == "rejected"
    with pytest.raises(Unauthorized):
        SyncClient(central.url).login("clerk02", "Stolen1234", "WS-01")

    own_hash = hash_password("Mine56789")
    [answer] = client.push([_user_entry("clerk01", "clerk01", "admin", own_hash)])
    assert answer["status"] == "applied"  # the password is taken ...
    with central.store.read() as s:
        me = s.execute(select(User).where(User.username == "clerk01")).scalar_one()
        assert me.role == "clerk"  # ... the role the clerk wrote is not
    SyncClient(central.url).login("clerk01", "Mine56789", "WS-01")

    [answer] = client.push([_user_entry("clerk01", "clerk01", "clerk", None)])
    assert answer["status"] == "rejected"
    client.close()
