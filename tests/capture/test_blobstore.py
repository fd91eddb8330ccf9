from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest

from app.capture import blobstore
from app.capture.blobstore import BlobRef, BlobStore
from app.domain.errors import DomainError, NotFoundError

KEY = bytes(range(32))
JPEG_LIKE = b"\xff\xd8\xff\xe0" + "身份证".encode() * 2000


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "materials", KEY)


def test_encrypted_round_trip_and_layout(store: BlobStore) -> None:
    ref = store.put(JPEG_LIKE, encrypt=True)
    sha = hashlib.sha256(JPEG_LIKE).hexdigest()
    assert ref == BlobRef(sha, len(JPEG_LIKE), True, "image/jpeg")
    path = store.path_of(sha)
    assert path == store.root / sha[:2] / sha[2:4] / sha
    assert "身份证".encode() not in path.read_bytes()  # ciphertext on disk
    assert store.get(sha) == JPEG_LIKE
    assert store.exists(sha) and store.is_encrypted(sha)
    assert store.size_of(sha) == len(JPEG_LIKE)


def test_plain_round_trip(store: BlobStore) -> None:
    ref = store.put(b"%PDF-1.7 bundle", encrypt=False)
    assert ref.mime == "application/pdf" and not ref.encrypted
    assert store.path_of(ref.sha256).read_bytes() == b"%PDF-1.7 bundle"
    assert store.get(ref.sha256) == b"%PDF-1.7 bundle"


def test_dedup_leaves_one_file_and_no_temp_files(store: BlobStore) -> None:
    first = store.put(JPEG_LIKE, encrypt=True)
    second = store.put(JPEG_LIKE, encrypt=True)
    assert first == second
    files = _all_files(store.root)
    assert files == [store.path_of(first.sha256)]


def test_repeat_put_upgrades_plain_to_encrypted_never_the_reverse(store: BlobStore) -> None:
    plain = store.put(JPEG_LIKE, encrypt=False)
    assert store.put(JPEG_LIKE, encrypt=True).encrypted
    assert store.is_encrypted(plain.sha256)
    assert store.put(JPEG_LIKE, encrypt=False).encrypted
    assert store.get(plain.sha256) == JPEG_LIKE


def test_concurrent_puts_of_the_same_content(store: BlobStore) -> None:
    refs: list[BlobRef] = []
    barrier = threading.Barrier(8)

    def put() -> None:
        barrier.wait()
        refs.append(store.put(JPEG_LIKE, encrypt=True))

    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r.sha256 for r in refs}) == 1
    assert len(_all_files(store.root)) == 1
    assert store.get(refs[0].sha256) == JPEG_LIKE


def test_tampered_and_corrupt_files_are_detected(store: BlobStore) -> None:
    secret = store.put(JPEG_LIKE, encrypt=True)
    path = store.path_of(secret.sha256)
    raw = bytearray(path.read_bytes())
    raw[100] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(DomainError) as tampered:
        store.get(secret.sha256)
    assert tampered.value.code == "MATERIAL_TAMPERED"
    # A repeat put repairs it from the intact copy the caller holds.
    store.put(JPEG_LIKE, encrypt=True)
    assert store.get(secret.sha256) == JPEG_LIKE

    plain = store.put(b"plain material", encrypt=False)
    store.path_of(plain.sha256).write_bytes(b"plain materiaL")
    with pytest.raises(DomainError) as corrupt:
        store.get(plain.sha256)
    assert corrupt.value.code == "MATERIAL_CORRUPT"


def test_missing_and_invalid_addresses(store: BlobStore) -> None:
    with pytest.raises(NotFoundError) as missing:
        store.get("a" * 64)
    assert missing.value.code == "MATERIAL_MISSING"
    with pytest.raises(DomainError) as invalid:
        store.get("../../etc/passwd")
    assert invalid.value.code == "MATERIAL_ID_INVALID"
    assert not store.delete("b" * 64)


def test_failed_write_leaves_nothing_behind(store: BlobStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(blobstore.os, "replace", broken_replace)
    with pytest.raises(DomainError) as caught:
        store.put(JPEG_LIKE, encrypt=True)
    assert caught.value.code == "MATERIAL_WRITE_FAILED"
    assert _all_files(store.root) == []


def test_orphans_respect_the_grace_period(store: BlobStore) -> None:
    kept = store.put(b"cited by a material row", encrypt=False)
    young = store.put(b"written just now, transaction not committed yet", encrypt=True)
    old = store.put(b"left behind by a crash long ago", encrypt=True)
    stale_tmp = store.path_of(old.sha256).with_name(f".{old.sha256}.abc.tmp")
    stale_tmp.write_bytes(b"half")
    an_hour_ago = time.time() - 7200
    os.utime(store.path_of(old.sha256), (an_hour_ago, an_hour_ago))
    os.utime(store.path_of(kept.sha256), (an_hour_ago, an_hour_ago))
    os.utime(stale_tmp, (an_hour_ago, an_hour_ago))

    referenced = {kept.sha256}
    assert store.find_orphans(referenced) == sorted([young.sha256, old.sha256])
    assert store.remove_orphans(referenced, older_than_s=3600) == 2  # the old blob and the stale temp file
    assert store.exists(kept.sha256) and store.exists(young.sha256)
    assert not store.exists(old.sha256) and not stale_tmp.exists()


def test_reput_restarts_the_grace_period(store: BlobStore) -> None:
    ref = store.put(JPEG_LIKE, encrypt=True)
    long_ago = time.time() - 7200
    os.utime(store.path_of(ref.sha256), (long_ago, long_ago))
    store.put(JPEG_LIKE, encrypt=True)  # about to be cited by a new transaction
    assert store.remove_orphans(set(), older_than_s=3600) == 0
    assert store.delete(ref.sha256) and not store.exists(ref.sha256)
