from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from app.core import crypto
from app.domain.errors import DomainError


class MemoryKeyring(KeyringBackend):
    """A working keyring backend that keeps its secrets in a dict (a real backend, not the fail one)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


KEY = bytes(range(32))


def test_round_trip_and_fresh_nonce() -> None:
    first = crypto.encrypt(KEY, "身份证正面".encode() * 100, b"aad")
    second = crypto.encrypt(KEY, "身份证正面".encode() * 100, b"aad")
    assert first != second  # random nonce
    assert first.startswith(crypto.HEADER)
    assert len(first) == len("身份证正面".encode() * 100) + crypto.OVERHEAD
    assert crypto.decrypt(KEY, first, b"aad") == "身份证正面".encode() * 100


@pytest.mark.parametrize("position", [0, 5, 20, -1, -20])
def test_any_flipped_byte_is_detected(position: int) -> None:
    blob = bytearray(crypto.encrypt(KEY, b"photo bytes" * 50, b"aad"))
    blob[position] ^= 0x01
    with pytest.raises(DomainError) as caught:
        crypto.decrypt(KEY, bytes(blob), b"aad")
    assert caught.value.code == "MATERIAL_TAMPERED"


def test_wrong_aad_or_key_is_detected() -> None:
    blob = crypto.encrypt(KEY, b"photo", b"sha-of-photo")
    for key, aad in ((KEY, b"another-address"), (bytes(32), b"sha-of-photo")):
        with pytest.raises(DomainError) as caught:
            crypto.decrypt(key, blob, aad)
        assert caught.value.code == "MATERIAL_TAMPERED"


def test_unknown_version_is_named() -> None:
    blob = bytearray(crypto.encrypt(KEY, b"x", b""))
    blob[len(crypto.MAGIC)] = 9
    with pytest.raises(DomainError) as caught:
        crypto.decrypt(KEY, bytes(blob), b"")
    assert caught.value.code == "MATERIAL_FORMAT_UNKNOWN"


def test_key_file_when_there_is_no_keyring(tmp_path: Path) -> None:
    key = crypto.load_or_create_key(tmp_path, backend=fail.Keyring())
    path = tmp_path / "keys" / "material.key"
    assert len(key) == 32 and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert crypto.load_or_create_key(tmp_path, backend=fail.Keyring()) == key
    # A key file someone made world-readable is tightened again on load.
    os.chmod(path, 0o644)
    assert crypto.load_or_create_key(tmp_path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_key_goes_to_a_real_keyring(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    key = crypto.load_or_create_key(tmp_path, backend=ring)
    assert not (tmp_path / "keys" / "material.key").exists()
    assert len(ring.secrets) == 1
    assert crypto.load_or_create_key(tmp_path, backend=ring) == key
    # The keyring later loses the entry: refuse rather than make a second key that strands old blobs.
    ring.secrets.clear()
    with pytest.raises(DomainError) as caught:
        crypto.load_or_create_key(tmp_path, backend=ring)
    assert caught.value.code == "KEY_MISSING"


def test_fail_and_null_backends_are_not_real() -> None:
    from keyring.backends import null

    assert not crypto.is_real_backend(fail.Keyring())
    assert not crypto.is_real_backend(null.Keyring())
    assert crypto.is_real_backend(MemoryKeyring())


def test_concurrent_first_use_agrees_on_one_key(tmp_path: Path) -> None:
    keys: list[bytes] = []
    barrier = threading.Barrier(6)

    def load() -> None:
        barrier.wait()
        keys.append(crypto.load_or_create_key(tmp_path, backend=fail.Keyring()))

    threads = [threading.Thread(target=load) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1


def test_damaged_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "material.key"
    path.parent.mkdir()
    path.write_text("not a key")
    with pytest.raises(DomainError) as caught:
        crypto.load_or_create_key(tmp_path)
    assert caught.value.code == "KEY_INVALID"
