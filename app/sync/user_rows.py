"""Accounts arriving through the `users` stream: the unit's users as the central store holds them.

A clerk may sit at any counter of the unit and must be able to log in there offline, so every counter keeps the
unit's accounts with their Argon2id hashes (the same as for accounts made locally). An account with a local
change that has not been pushed yet is left alone: the central store's answer to that change arrives later in
the same stream. A hash the central store cannot give ("!" for an account whose password was never set there)
never replaces a usable local one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import User
from app.sync.outbox import has_pending

ROLES = frozenset({"clerk", "supervisor", "admin"})


def _usable(password_hash: object) -> bool:
    return isinstance(password_hash, str) and password_hash.startswith("$argon2")


def apply_user_change(s: Session, change: dict[str, Any], now: datetime) -> None:
    data = change.get("data") or {}
    username = str(change.get("entity_id") or data.get("username") or "")
    role = str(data.get("role") or "")
    if not username or role not in ROLES or has_pending(s, "user", username):
        return
    user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    new_hash = data.get("password_hash")
    if user is None:
        s.add(
            User(
                username=username,
                display_name=str(data.get("display_name") or username),
                role=role,
                unit_code=str(data.get("unit_code") or ""),
                password_hash=new_hash if _usable(new_hash) else "!",
                active=bool(data.get("active", True)),
                must_change_password=bool(data.get("must_change_password", False)),
                failed_logins=0,
                created_at=now,
                updated_at=now,
                sign_public_keys=list(data.get("sign_public_keys") or []),
                sign_private=data.get("sign_private") or None,
            )
        )
        return
    user.display_name = str(data.get("display_name") or user.display_name)
    user.role = role
    user.unit_code = str(data.get("unit_code") or user.unit_code)
    user.active = bool(data.get("active", user.active))
    user.must_change_password = bool(data.get("must_change_password", user.must_change_password))
    if _usable(new_hash) and new_hash != user.password_hash:
        user.password_hash = str(new_hash)
        user.failed_logins = 0
    if data.get("sign_private"):
        # The author key travels with the account, sealed with its password (app/core/authorship.py).
        user.sign_private = str(data["sign_private"])
        user.sign_public_keys = list(data.get("sign_public_keys") or user.sign_public_keys or [])
    user.updated_at = now
