"""A login's Argon2id check, started the moment Enter is pressed (docs/DESIGN.md, "Start sequence").

At a cold start the store layer (SQLAlchemy, the models, the migrations check) is still being imported and opened
when a clerk who typed quickly presses Enter. The password check does not need it: `EarlyCheck` reads the
account's Argon2id hash and sealed author key straight from the SQLite file (stdlib sqlite3, read-only) and
verifies on a thread of its own, so the third of a second Argon2id takes overlaps the imports. `users.authenticate`
uses the outcome only if the hash and sealed key it reads in its own transaction are the ones checked here;
otherwise it checks again. After a match the author key opens with its own Argon2id derivation once the window
has its first data (`KeyOpening`): the login does not wait for it, the first signature does.

This module imports no SQLAlchemy (it is imported before the store layer); argon2 and the key code are imported
on the check's thread.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

_ACCOUNT_SQL = "SELECT password_hash, sign_private FROM users WHERE username = ?"


def password_matches(password_hash: str, password: str, hasher: PasswordHasher | None = None) -> bool:
    """The Argon2id check at the cost the stored hash carries (RFC 9106 second recommended setting)."""
    import argon2
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool((hasher or argon2.PasswordHasher()).verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def open_key(sealed: str | None, password: str) -> Ed25519PrivateKey | None:
    """The author key sealed with this password, or None (no key, or sealed with an older password)."""
    if not sealed:
        return None
    from app.core import authorship

    try:
        return authorship.unseal(sealed, password)
    except authorship.SealError:
        return None  # the sealed key belongs to an older password; a new one is made at the next change


def _read_account(db_path: Path, username: str) -> tuple[str, str | None] | None:
    try:
        db = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        row = db.execute(_ACCOUNT_SQL, (username,)).fetchone()
    except sqlite3.Error:  # an older file without these columns: the ordinary check runs after migrating
        return None
    finally:
        db.close()
    if row is None or not isinstance(row[0], str):
        return None
    return row[0], row[1]


class KeyOpening(Future["Ed25519PrivateKey | None"]):
    """The author key of a login whose password matched, opened with its own Argon2id derivation on a thread of
    its own once `start()` is called (the desktop session calls it when the window has shown its first data), or
    at the latest when the key is first needed: `result()` starts it. The password is kept until then only."""

    def __init__(self, sealed: str | None, password: str) -> None:
        super().__init__()
        self._sealed, self._password = sealed, password
        self._start_lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._open, name="author-key", daemon=True).start()

    def _open(self) -> None:
        try:
            self.set_result(open_key(self._sealed, self._password))
        except BaseException as exc:  # delivered to whoever waits for the key
            self.set_exception(exc)
        finally:
            self._password = ""

    def result(self, timeout: float | None = None) -> Ed25519PrivateKey | None:
        self.start()
        return super().result(timeout)


class EarlyCheck:
    """The password check of one login attempt, running on a thread of its own from the moment it is made."""

    def __init__(self, db_path: Path, username: str, password: str) -> None:
        self.username, self._password = username.strip(), password
        self._checked: tuple[str, str | None] | None = None
        self._matches = False
        self._done = threading.Event()  # set once the password check is over
        # The author key, once the password matched (None: it did not match, or the account has no key).
        self.key: KeyOpening | None = None
        self._thread = threading.Thread(target=self._run, args=(db_path,), name="login-check", daemon=True)
        self._thread.start()

    def is_for(self, username: str, password: str) -> bool:
        return self.username == username.strip() and self._password == password

    def _run(self, db_path: Path) -> None:
        try:
            account = _read_account(db_path, self.username)
            if account is None:
                return
            self._matches = password_matches(account[0], self._password)
            self._checked = account
            if self._matches and account[1]:
                self.key = KeyOpening(account[1], self._password)
        finally:
            self._done.set()

    def outcome(self, password_hash: str, sealed: str | None) -> bool | None:
        """Whether the password matched, once the check is done; None when it checked another hash or sealed key
        than these (changed meanwhile) or could not read the account: the caller then checks itself."""
        self._done.wait()
        if self._checked != (password_hash, sealed):
            return None
        return self._matches
