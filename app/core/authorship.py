"""Proof of who made an outbox entry, that a workstation's own credential cannot forge (docs/DESIGN.md).

Every account has an Ed25519 key pair. The private key is kept sealed with a key derived from the account's
password (Argon2id at the RFC 9106 second recommended setting, AES-GCM), so it travels with the account to every
counter of the unit and opens only at that person's login. Each entry is signed when it is written, with the
author's key; the central store checks the signature against the public keys it holds for the author, whichever
workstation pushes the entry. A stolen workstation credential can replay nothing new and sign nothing.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable
from concurrent.futures import Future
from functools import lru_cache
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

_SEAL_PREFIX = "ed25519-argon2id-aesgcm-v1$"
_AAD = b"counterdesk author key"
MAX_KEYS = 8  # public keys kept per account: entries signed before a reset still verify


class SealError(ValueError):
    """The sealed key does not open with this password (or is damaged)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kek(password: str, salt: bytes) -> bytes:
    # RFC 9106, second recommended option: 64 MiB, t=3, p=4.
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=3,
        memory_cost=65536,
        parallelism=4,
        hash_len=32,
        type=Type.ID,
    )


def seal(private: Ed25519PrivateKey, password: str) -> str:
    salt, nonce = os.urandom(16), os.urandom(12)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _SEAL_PREFIX + _b64(salt + nonce + AESGCM(_kek(password, salt)).encrypt(nonce, raw, _AAD))


def unseal(sealed: str, password: str) -> Ed25519PrivateKey:
    if not sealed.startswith(_SEAL_PREFIX):
        raise SealError("unknown seal")
    try:
        blob = base64.b64decode(sealed[len(_SEAL_PREFIX) :], validate=True)
        salt, nonce, body = blob[:16], blob[16:28], blob[28:]
        raw = AESGCM(_kek(password, salt)).decrypt(nonce, body, _AAD)
    except (ValueError, InvalidTag) as err:
        raise SealError("the key does not open with this password") from err
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_of(private: Ed25519PrivateKey) -> str:
    return _b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def new_identity(password: str) -> tuple[str, str]:
    """A fresh key pair for an account: (public key, private key sealed with the password)."""
    private = Ed25519PrivateKey.generate()
    return public_of(private), seal(private, password)


def is_public_key(text: str) -> bool:
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except ValueError:
        return False


def with_key(keys: Iterable[str] | None, public: str) -> list[str]:
    """The account's public keys with `public` first (newest), older ones kept up to MAX_KEYS."""
    rest = [k for k in (keys or []) if k != public]
    return [public, *rest][:MAX_KEYS]


def signed_body(
    key: str, op: str, entity: str, entity_id: str, actor: str, payload: Any, blobs: Iterable[str]
) -> bytes:
    """The bytes an entry's signature covers (also the central store's idempotency digest input)."""
    return json.dumps(
        [op, entity, entity_id, actor, payload, sorted(blobs), key],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


class Signer:
    """An account's unlocked private key, held in memory for one login session.

    At login the key may still be opening (its own Argon2id derivation runs after the password check, once the
    main window has its first data): `key` is then a future, and the first entry signed waits for it. A key that did not
    open (sealed with an older password) signs nothing, as an account without a key."""

    __slots__ = ("_key", "username")

    def __init__(self, username: str, key: Ed25519PrivateKey | Future[Ed25519PrivateKey | None]) -> None:
        self.username = username
        self._key = key

    @property
    def private(self) -> Ed25519PrivateKey | None:
        key = self._key
        return key.result() if isinstance(key, Future) else key

    @property
    def opening(self) -> Future[Ed25519PrivateKey | None] | None:
        """The key's opening while it was handed over unfinished (None for a key given opened)."""
        return self._key if isinstance(self._key, Future) else None

    def sign(self, body: bytes) -> str | None:
        private = self.private
        return None if private is None else _b64(private.sign(body))

    def __repr__(self) -> str:
        return f"Signer({self.username!r})"


def verify(public_keys: Iterable[str], signature: str | None, body: bytes) -> bool:
    if not signature:
        return False
    try:
        sig = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    for key in public_keys:
        public = _public_key(key)
        if public is None:
            continue
        try:
            public.verify(sig, body)
            return True
        except InvalidSignature:
            continue
    return False


@lru_cache(maxsize=4096)
def _public_key(text: str) -> Ed25519PublicKey | None:
    """The key a stored text stands for, parsed once per process: the text alone decides it (an account's
    current list of keys is read afresh by every caller, so a key taken off an account is never trusted)."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError:
        return None
