"""HTTPS between counter and central store: a verified certificate, clear words when it is not, no clear text
to another machine."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.central import __main__ as central_cli
from app.central.api import create_app
from app.central.server import ServerThread
from app.central.store import open_store
from app.domain.errors import DomainError
from app.services import settings
from app.services.central_address import check_ca_file, check_central_url, tls_verify
from app.services.outbox import sync_snapshot
from app.sync.client import SyncClient, Unavailable
from app.sync.worker import SyncWorker
from tests.store_templates import fresh_central_sqlite
from tests.sync.helpers import PASSWORDS, counter, seed_accounts


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def make_pki(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA (as a province would run) and a certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("河南省建设从业人员考核中心 测试CA"))
        .issuer_name(_name("河南省建设从业人员考核中心 测试CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _write_key(key, key_file)
    return ca_file, cert_file, key_file


@pytest.fixture
def https_central(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca_file, cert_file, key_file = make_pki(tmp_path)
    store = open_store(fresh_central_sqlite(tmp_path / "central.sqlite3"))
    seed_accounts(store)
    server = ServerThread(lambda: create_app(store), tls=(str(cert_file), str(key_file))).start()
    try:
        yield server.wait_ready(), ca_file
    finally:
        server.stop()
        store.dispose()


def test_counter_syncs_over_https_with_the_province_ca(https_central, tmp_path):
    url, ca_file = https_central
    assert url.startswith("https://127.0.0.1:")
    ctx = counter(tmp_path / "desk")
    w = SyncWorker(ctx, url, interval=3600, stock=None, verify=tls_verify(str(ca_file)))
    w.login("clerk01", PASSWORDS["clerk01"])
    try:
        assert w.run_once().error is None
        assert w.client.token
    finally:
        w.client.close()


def test_untrusted_certificate_puts_the_counter_offline_and_names_the_administrator(https_central, tmp_path):
    url, _ = https_central
    ctx = counter(tmp_path / "desk")
    w = SyncWorker(ctx, url, interval=3600, stock=None)  # no CA file configured
    w.login("clerk01", PASSWORDS["clerk01"])
    try:
        assert "证书校验失败" in (w.run_once().error or "")
    finally:
        w.client.close()
    snap = sync_snapshot(ctx)
    assert (snap.online, snap.needs_admin) == (False, True)
    assert snap.last_error and "CA证书文件" in snap.last_error


def test_unknown_certificate_is_refused_with_the_fix(https_central):
    url, _ = https_central
    client = SyncClient(url)  # the system trust store does not know the province's private CA
    with pytest.raises(Unavailable) as err:
        client.login("clerk01", PASSWORDS["clerk01"])
    assert "证书校验失败" in str(err.value) and "CA证书文件" in str(err.value)
    client.close()


def test_plain_http_to_an_https_server_is_named(https_central):
    url, _ = https_central
    client = SyncClient(url.replace("https://", "http://"))
    with pytest.raises(Unavailable):
        client.login("clerk01", PASSWORDS["clerk01"])
    client.close()


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://localhost:8765/", "http://[::1]:8765", "https://zx.hnjs.gov.cn:8443"],
)
def test_addresses_that_may_be_used(url):
    assert check_central_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://192.168.1.10:8765", "CENTRAL_URL_INSECURE"),
        ("http://zx.hnjs.gov.cn", "CENTRAL_URL_INSECURE"),
        ("zx.hnjs.gov.cn:8443", "CENTRAL_URL_INVALID"),
        ("ftp://zx.hnjs.gov.cn", "CENTRAL_URL_INVALID"),
        ("https://zx.hnjs.gov.cn:99999", "CENTRAL_URL_INVALID"),
    ],
)
def test_addresses_that_are_refused_name_the_field_and_fix(url, code):
    with pytest.raises(DomainError) as err:
        check_central_url(url)
    assert err.value.code == code
    assert err.value.field == "central_url"
    assert err.value.fix


def test_client_never_sends_to_a_clear_text_remote_address():
    client = SyncClient("http://192.0.2.1:8765")  # would time out if contacted; refused before any I/O
    with pytest.raises(Unavailable) as err:
        client.login("clerk01", "x")
    assert "https://" in str(err.value)
    client.close()


def test_ca_file_checks(tmp_path):
    assert check_ca_file("") == ""
    with pytest.raises(DomainError) as missing:
        check_ca_file(str(tmp_path / "nope.pem"))
    assert (missing.value.code, missing.value.field) == ("CA_FILE_MISSING", "central_ca_file")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(DomainError) as invalid:
        check_ca_file(str(junk))
    assert invalid.value.code == "CA_FILE_INVALID"


def test_workstation_settings_refuse_clear_text_and_keep_the_old_address(tmp_path):
    ctx = counter(tmp_path / "desk")
    ca_file, _, _ = make_pki(tmp_path)
    saved = settings.put(
        ctx,
        "system",
        "client",
        {"central_url": "https://zx.hnjs.gov.cn:8443/", "central_ca_file": str(ca_file)},
    )
    assert saved["central_url"] == "https://zx.hnjs.gov.cn:8443"
    with pytest.raises(DomainError) as err:
        settings.put(ctx, "system", "client", {"central_url": "http://10.0.0.5:8765"})
    assert err.value.field == "central_url"
    assert settings.get(ctx, "client")["central_url"] == "https://zx.hnjs.gov.cn:8443"


def test_central_service_refuses_clear_text_on_a_network_address(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert central_cli.main(["--db", db, "--host", "0.0.0.0"]) == 2
    assert "必须使用 HTTPS" in capsys.readouterr().err
    assert central_cli.main(["--db", db, "--host", "0.0.0.0", "--tls-cert", str(tmp_path / "x.pem")]) == 2
    assert "同时指定" in capsys.readouterr().err
    assert not (tmp_path / "c.sqlite3").exists()  # refused before touching the database
