"""Material files are encrypted at rest in the central store: the central data key, tampering, legacy rows."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import secrets
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from alembic import command
from PIL import Image
from sqlalchemy import text

from app.central import data_key, material_feed
from app.central.api import create_app
from app.central.blobs import AES_GCM_V1, PLAINTEXT
from app.central.data_key import ENV_KEY_FILE, KEY_FILE_NAME, CentralKeyError
from app.central.embedded import start_embedded
from app.central.models import Blob, MaterialRecord
from app.central.server import ServerThread
from app.central.store import MIGRATIONS, open_store, sqlite_url
from app.models.db import make_engine
from app.models.migrate import alembic_config
from app.sync.client import Unavailable
from tests.sync.helpers import Central, start_central

# What a scan of an ID card carries; none of it may be readable in the database.
MARKER = "居民身份证 公民身份号码 410102199001011234".encode()
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _material(tag: bytes = b"") -> tuple[str, bytes]:
    data = b"\xff\xd8\xff\xe0" + MARKER + tag + secrets.token_bytes(2048) + MARKER
    return hashlib.sha256(data).hexdigest(), data


def _jpeg(size: tuple[int, int], tag: bytes) -> tuple[str, bytes]:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 210, 220)).save(buf, "JPEG", comment=MARKER + tag)
    data = buf.getvalue()
    return hashlib.sha256(data).hexdigest(), data


def _feed_sizes(central: Central, *hashes: str) -> list[tuple[int | None, int | None]]:
    """The page sizes the materials feed reports for these files, attached as one material's pages."""
    uid = str(uuid.uuid4())
    pages = [{"position": i, "sha256": sha, "mime": "image/jpeg"} for i, sha in enumerate(hashes, start=1)]
    with central.store.write() as s:
        s.add(
            MaterialRecord(
                key=str(uuid.uuid4()),
                application_uuid=uid,
                op="material.attach",
                payload={"material": "id_card_front", "pages": pages},
                blobs=list(hashes),
                username="clerk01",
                at=datetime(2026, 11, 2, 9, 0),
            )
        )
    with central.store.read() as s:
        return [(p["width"], p["height"]) for p in material_feed.current_pages(s, uid, "id_card_front")]


def _get(central: Central, sha256: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {central.token('clerk01')}"}
    return httpx.get(f"{central.url}/blobs/{sha256}", headers=headers, timeout=30)


def _restart(db_url: str) -> Central:
    """The service started again on an existing store (accounts already there)."""
    store = open_store(db_url)
    server = ServerThread(lambda: create_app(store)).start()
    server.wait_ready()
    return Central(server.url, db_url, store, server)


def _row(central: Central, sha256: str) -> Blob:
    with central.store.read() as s:
        row = s.get(Blob, sha256)
        assert row is not None
        return row


def _set_data(central: Central, sha256: str, data: bytes) -> None:
    with central.store.write() as s:
        row = s.get(Blob, sha256)
        assert row is not None
        row.data = data


def test_material_round_trips_and_is_not_plaintext_in_the_database(central: Central) -> None:
    sha, data = _material()
    client = central.client("clerk01")
    assert client.put_blob(sha, data, "image/jpeg") == "stored"
    assert client.put_blob(sha, data, "image/jpeg") == "exists"
    assert client.get_blob(sha) == data
    assert client.missing_blobs([sha]) == []

    row = _row(central, sha)
    assert row.enc == AES_GCM_V1
    assert row.size == len(data)  # the plaintext's size and hash, as before
    assert hashlib.sha256(data).hexdigest() == row.sha256
    assert MARKER not in row.data
    assert data not in row.data
    assert len(row.data) > len(data)  # nonce and tag


def test_same_material_under_the_same_key_gets_a_fresh_nonce(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "shared.key"))
    sha, data = _material()
    sealed = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        central = start_central(str(tmp_path / name / "central.sqlite3"))
        try:
            central.client("clerk01").put_blob(sha, data, "image/jpeg")
            sealed.append(_row(central, sha).data)
        finally:
            central.stop()
    assert sealed[0] != sealed[1]


def test_tampered_ciphertext_is_refused_with_a_clear_error(central: Central) -> None:
    sha, data = _material()
    central.client("clerk01").put_blob(sha, data, "image/jpeg")
    sealed = bytearray(_row(central, sha).data)
    sealed[-20] ^= 0x01
    _set_data(central, sha, bytes(sealed))

    resp = _get(central, sha)
    assert resp.status_code == 500
    detail = resp.json()["detail"]
    assert detail["code"] == "BLOB_TAMPERED"
    assert "篡改" in detail["message"]
    assert ENV_KEY_FILE in detail["fix"]
    assert MARKER not in resp.content
    assert _get(central, sha).status_code == 500  # the service keeps answering
    # A counter fetching the page hears the central store's reason, not a bare status code.
    with pytest.raises(Unavailable, match="篡改"):
        central.client("clerk01").get_blob(sha)


def test_a_row_cannot_be_passed_off_as_another(central: Central) -> None:
    """The SHA-256 is associated data: another file's ciphertext under this address does not open."""
    client = central.client("clerk01")
    sha_a, data_a = _material(b"a")
    sha_b, data_b = _material(b"b")
    client.put_blob(sha_a, data_a, "image/jpeg")
    client.put_blob(sha_b, data_b, "image/jpeg")
    _set_data(central, sha_b, _row(central, sha_a).data)

    resp = _get(central, sha_b)
    assert resp.status_code == 500
    assert resp.json()["detail"]["code"] == "BLOB_TAMPERED"
    assert client.get_blob(sha_a) == data_a


def test_unknown_encryption_scheme_is_refused(sqlite_central: Central) -> None:
    sha, data = _material()
    sqlite_central.client("clerk01").put_blob(sha, data, "image/jpeg")
    with sqlite_central.store.write() as s:
        row = s.get(Blob, sha)
        assert row is not None
        row.enc = "aesgcm-v9"
    resp = _get(sqlite_central, sha)
    assert resp.status_code == 500
    assert resp.json()["detail"]["code"] == "BLOB_ENCRYPTION_UNKNOWN"


@pytest.mark.parametrize("dialect", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_plaintext_row_from_before_encryption_still_loads(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A real store at revision c0001 with a plaintext blob, upgraded by the service's start-up."""
    db_path = tmp_path / "central.sqlite3"
    url = sqlite_url(db_path) if dialect == "sqlite" else request.getfixturevalue("pg_url")
    command.upgrade(alembic_config(url, MIGRATIONS), "c0001")
    sha, data = _jpeg((320, 200), b"legacy")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO central_blobs (sha256, size, content_type, data, created_by, created_at)"
                " VALUES (:sha, :size, 'image/jpeg', :data, 'clerk01', :at)"
            ),
            {"sha": sha, "size": len(data), "data": data, "at": datetime(2026, 11, 1, 9, 30)},
        )
    engine.dispose()

    central = start_central(url)
    try:
        assert _row(central, sha).enc == PLAINTEXT
        client = central.client("clerk01")
        assert client.get_blob(sha) == data
        assert client.missing_blobs([sha]) == []
        new_sha, new_data = _jpeg((180, 240), b"new")
        client.put_blob(new_sha, new_data, "image/jpeg")
        row = _row(central, new_sha)
        assert row.enc == AES_GCM_V1
        assert MARKER not in row.data
        assert client.get_blob(new_sha) == new_data
        # Page sizes in the materials feed: read from the legacy row's bytes, recorded at upload for the new one.
        assert _feed_sizes(central, sha, new_sha) == [(320, 200), (180, 240)]
    finally:
        central.stop()
    if dialect == "sqlite":
        assert list((tmp_path / "backups").glob("central-*.sqlite3"))  # copied before the schema changed


def test_postgres_store_without_key_file_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """No database needed: the refusal comes from the URL alone, before any material could be stored."""
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    with pytest.raises(CentralKeyError) as caught:
        data_key.key_file_for("postgresql+psycopg://counterdesk@db.example/central")
    err = caught.value
    assert err.code == "CENTRAL_KEY_NOT_CONFIGURED"
    assert ENV_KEY_FILE in err.message
    assert ENV_KEY_FILE in (err.fix or "")
    assert "明文" in err.message


@pytest.mark.postgres
def test_postgres_service_without_key_file_fails_at_start_up(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(pg_url)
    try:
        monkeypatch.delenv(ENV_KEY_FILE)
        with pytest.raises(CentralKeyError, match=ENV_KEY_FILE):
            create_app(store)
        monkeypatch.setenv(ENV_KEY_FILE, "")  # empty counts as not set
        with pytest.raises(CentralKeyError, match=ENV_KEY_FILE):
            create_app(store)
    finally:
        store.dispose()


@pytest.mark.postgres
def test_central_command_names_the_missing_key_without_a_traceback(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.central import __main__ as central_cli

    monkeypatch.delenv(ENV_KEY_FILE)
    assert central_cli.main(["--db", pg_url]) == 2
    err = capsys.readouterr().err
    assert ENV_KEY_FILE in err and "Traceback" not in err


@posix_only
def test_key_file_beside_sqlite_database_is_private_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    db = tmp_path / "central.sqlite3"
    central = start_central(str(db))
    sha, data = _material()
    central.client("clerk01").put_blob(sha, data, "image/jpeg")
    central.stop()

    key_file = tmp_path / KEY_FILE_NAME
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # written atomically
    assert len(data_key.central_key(sqlite_url(db))) == data_key.KEY_BYTES

    again = _restart(str(db))  # a restart reads the same key back
    try:
        assert again.client("clerk01").get_blob(sha) == data
    finally:
        again.stop()


@posix_only
def test_key_file_named_by_the_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = tmp_path / "secrets" / "central.key"
    monkeypatch.setenv(ENV_KEY_FILE, str(key_file))
    (tmp_path / "db").mkdir()
    central = start_central(str(tmp_path / "db" / "central.sqlite3"))
    central.stop()
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "db" / KEY_FILE_NAME).exists()

    key_file.chmod(0o644)  # loosened by hand: tightened again on the next read
    data_key.central_key("postgresql+psycopg://counterdesk@db.example/central")
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_key_file_formats(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    raw = tmp_path / "raw.key"
    raw.write_bytes(key)
    assert data_key.load_or_create(raw) == key
    b64 = tmp_path / "b64.key"
    b64.write_text(base64.b64encode(key).decode() + "\n")
    assert data_key.load_or_create(b64) == key
    bad = tmp_path / "bad.key"
    bad.write_text("not a key\n")
    with pytest.raises(CentralKeyError) as caught:
        data_key.load_or_create(bad)
    assert caught.value.code == "CENTRAL_KEY_INVALID"
    assert bad.read_text() == "not a key\n"  # never replaced: that would orphan every encrypted file


def test_in_memory_sqlite_needs_a_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    with pytest.raises(CentralKeyError):
        data_key.key_file_for("sqlite://")


def test_embedded_central_keeps_its_key_beside_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desktop's embedded central store needs no configuration: its key sits beside its SQLite file."""
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    embedded = start_embedded(tmp_path)
    try:
        embedded.wait_ready()
    finally:
        embedded.stop()
    key_file = embedded.db_path.with_name(KEY_FILE_NAME)
    assert key_file.is_file()
    assert data_key.central_key(sqlite_url(embedded.db_path)) == data_key.load_or_create(key_file)
