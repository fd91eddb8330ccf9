from __future__ import annotations

import base64
import stat
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.errors import DomainError
from app.printing.codes import qr_version
from app.printing.signing import (
    PREFIX,
    PayloadFields,
    generate_signing_key,
    load_private_key,
    load_public_keys,
    payload_text,
    sign_payload,
    verification_url,
    verify_payload,
)

KEY_ID = "hn2026a"


def _fields(**overrides: object) -> PayloadFields:
    values: dict[str, object] = {
        "number": "豫建安C2（2026）0000123",
        "family": "AG",
        "category": "C2",
        "name": "欧阳娜娜",
        "id_number": "410105198503121234",
        "valid_from": date(2026, 1, 5),
        "valid_to": date(2029, 1, 4),
        "version": 3,
    }
    values.update(overrides)
    return PayloadFields.of(**values)  # type: ignore[arg-type]


def _raw(text: str) -> bytes:
    data = text[len(PREFIX) :]
    return base64.b32decode(data + "=" * (-len(data) % 8))


def _text(raw: bytes) -> str:
    return PREFIX + base64.b32encode(raw).decode().rstrip("=")


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def keys(key: Ed25519PrivateKey) -> dict[str, bytes]:
    return {KEY_ID: key.public_key().public_bytes_raw()}


def test_round_trip_masks_name_and_id(key: Ed25519PrivateKey, keys: dict[str, bytes]) -> None:
    text = sign_payload(_fields(), key, KEY_ID)
    verified = verify_payload(text, keys)
    assert verified.key_id == KEY_ID
    assert verified.fields == _fields()
    assert verified.fields.masked_name == "欧阳**"
    assert verified.fields.masked_id == "410105********1234"
    assert "欧阳娜娜" not in base64.b32decode(text[4:] + "=" * (-len(text[4:]) % 8)).decode(
        "utf-8", "replace"
    )


def test_scanner_case_and_whitespace_do_not_matter(key: Ed25519PrivateKey, keys: dict[str, bytes]) -> None:
    text = sign_payload(_fields(), key, KEY_ID)
    assert verify_payload(f"  {text.lower()}\r\n", keys).fields.number == "豫建安C2（2026）0000123"


def test_every_single_bit_flip_is_detected(key: Ed25519PrivateKey, keys: dict[str, bytes]) -> None:
    raw = _raw(sign_payload(_fields(), key, KEY_ID))
    key_id_start = len(raw) - 64 - len(KEY_ID)
    for bit in range(len(raw) * 8):
        tampered = bytearray(raw)
        tampered[bit // 8] ^= 1 << (bit % 8)
        with pytest.raises(DomainError) as err:
            verify_payload(_text(bytes(tampered)), keys)
        if bit // 8 < key_id_start - 1 or bit // 8 >= len(raw) - 64:
            assert err.value.code == "QR_BAD_SIGNATURE", bit
        else:
            # A flip inside the key id names another key, breaks the separator before it, or makes the key id
            # malformed (a damaged code).
            assert err.value.code in ("QR_UNKNOWN_KEY", "QR_BAD_SIGNATURE", "QR_DAMAGED"), bit


def test_changed_character_in_the_qr_text_is_detected(key: Ed25519PrivateKey, keys: dict[str, bytes]) -> None:
    text = sign_payload(_fields(), key, KEY_ID)
    position = len(PREFIX) + 10
    swapped = text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1 :]
    with pytest.raises(DomainError) as err:
        verify_payload(swapped, keys)
    assert err.value.code == "QR_BAD_SIGNATURE"


def test_unknown_key_is_named(key: Ed25519PrivateKey) -> None:
    text = sign_payload(_fields(), key, "old2019")
    with pytest.raises(DomainError) as err:
        verify_payload(text, {KEY_ID: key.public_key().public_bytes_raw()})
    assert err.value.code == "QR_UNKNOWN_KEY"
    assert "old2019" in err.value.message


def test_signature_by_another_key_with_the_same_id_fails(keys: dict[str, bytes]) -> None:
    forged = sign_payload(_fields(), Ed25519PrivateKey.generate(), KEY_ID)
    with pytest.raises(DomainError) as err:
        verify_payload(forged, keys)
    assert err.value.code == "QR_BAD_SIGNATURE"


@pytest.mark.parametrize("text", ["", "hello", "http://example.com/cert?id=1"])
def test_foreign_text_is_a_format_error(text: str, keys: dict[str, bytes]) -> None:
    with pytest.raises(DomainError) as err:
        verify_payload(text, keys)
    assert err.value.code == "QR_FORMAT"


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"name": "买买提·艾力克木江", "number": "豫A992026000001", "family": "TZ", "category": "99"},
        {"name": "爱新觉罗·溥仪明天", "number": "豫建安C3（2026）9999999", "version": 999},
        {
            "name": "欧阳娜娜娜",
            "number": "豫建技202600000123",
            "family": "JN",
            "category": "砌筑工",
            "valid_to": None,
        },
    ],
)
def test_realistic_payloads_fit_a_small_qr(key: Ed25519PrivateKey, overrides: dict[str, object]) -> None:
    # Version 10 at level M is 57 modules: 0.44 mm each at 25 mm, five dots on a 300 dpi printer.
    assert qr_version(sign_payload(_fields(**overrides), key, "hn2026a-main")) <= 10


def test_separator_in_a_field_is_refused(key: Ed25519PrivateKey) -> None:
    with pytest.raises(DomainError):
        sign_payload(_fields(number="豫A|01"), key, KEY_ID)


def test_key_files_private_encrypted_and_0600(tmp_path: Path) -> None:
    info = generate_signing_key(tmp_path / "keys", KEY_ID, b"correct horse")
    assert stat.S_IMODE(info.private_path.stat().st_mode) == 0o600
    pem = info.private_path.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in pem
    key = load_private_key(info.private_path, b"correct horse")
    assert key.public_key().public_bytes_raw() == info.public_key
    assert load_public_keys(tmp_path / "keys") == {KEY_ID: info.public_key}
    text = sign_payload(_fields(), key, KEY_ID)
    assert verify_payload(text, load_public_keys(tmp_path / "keys")).key_id == KEY_ID


def test_wrong_passphrase(tmp_path: Path) -> None:
    info = generate_signing_key(tmp_path, KEY_ID, b"correct horse")
    with pytest.raises(DomainError) as err:
        load_private_key(info.private_path, b"wrong horse")
    assert err.value.code == "SIGNING_KEY_PASSPHRASE"
    with pytest.raises(DomainError) as err:
        load_private_key(info.private_path, b"")
    assert err.value.code == "SIGNING_KEY_PASSPHRASE"


def test_key_is_never_overwritten_nor_created_without_passphrase(tmp_path: Path) -> None:
    generate_signing_key(tmp_path, KEY_ID, b"pw")
    with pytest.raises(DomainError) as err:
        generate_signing_key(tmp_path, KEY_ID, b"pw")
    assert err.value.code == "SIGNING_KEY_EXISTS"
    with pytest.raises(DomainError) as err:
        generate_signing_key(tmp_path, "other", b"")
    assert err.value.code == "SIGNING_KEY_PASSPHRASE"
    with pytest.raises(DomainError) as err:
        generate_signing_key(tmp_path, "bad|id", b"pw")
    assert err.value.code == "SIGNING_KEY_ID"


def test_missing_key_file(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        load_private_key(tmp_path / "nope.key", b"pw")
    assert err.value.code == "SIGNING_KEY_MISSING"


def test_public_key_dir_skips_junk(tmp_path: Path) -> None:
    (tmp_path / "junk.pub").write_text("not a key")
    assert load_public_keys(tmp_path) == {}
    assert load_public_keys(tmp_path / "absent") == {}


# ---------------------------------------------------------------- strict decoding and the address form (issue 12)


def test_padding_or_stray_final_bits_are_rejected(key: Ed25519PrivateKey, keys: dict[str, bytes]) -> None:
    text = sign_payload(_fields(), key, KEY_ID)
    raw = _raw(text)
    padded = PREFIX + base64.b32encode(raw).decode()
    assert padded.endswith("=")  # the payload length is not a multiple of 5 bytes
    with pytest.raises(DomainError) as err:
        verify_payload(padded, keys)
    assert err.value.code == "QR_DAMAGED"
    # The last character carries bits base32 throws away; another value there decodes to the same bytes.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    last = alphabet.index(text[-1])
    unused = (8 * len(raw)) % 5 and 5 - (8 * len(raw)) % 5
    assert unused, "the test needs a payload whose last character has unused bits"
    twin = text[:-1] + alphabet[last | 1]
    assert twin != text and _raw(twin) == raw
    with pytest.raises(DomainError) as err:
        verify_payload(twin, keys)
    assert err.value.code == "QR_DAMAGED"


def test_a_truncated_payload_is_damaged_not_an_unknown_key(
    key: Ed25519PrivateKey, keys: dict[str, bytes]
) -> None:
    text = sign_payload(_fields(), key, KEY_ID)
    for cut in range(1, len(text) - len(PREFIX)):
        with pytest.raises(DomainError) as err:
            verify_payload(text[:-cut], keys)
        assert err.value.code == "QR_DAMAGED", cut
        assert "不完整" in err.value.message


@pytest.mark.parametrize(
    ("base", "upper"),
    [("https://zs.hnjs.gov.cn", True), ("http://127.0.0.1:8600/", True), ("https://gov.cn/zs", False)],
)
def test_verification_address_round_trip(
    key: Ed25519PrivateKey, keys: dict[str, bytes], base: str, upper: bool
) -> None:
    payload = sign_payload(_fields(), key, KEY_ID)
    url = verification_url(base, payload)
    assert (url == url.upper()) is upper
    assert url.upper().endswith("/V/" + payload)
    assert payload_text(url) == payload or payload_text(url).upper() == payload
    assert verify_payload(url, keys).fields.number == "豫建安C2（2026）0000123"
    # An address keeps the QR small when upper-case (alphanumeric mode).
    if upper:
        assert qr_version(url) <= 13


def test_verification_address_needs_a_web_address() -> None:
    with pytest.raises(DomainError) as err:
        verification_url("zs.hnjs.gov.cn", "CD1:AAAA")
    assert err.value.code == "VERIFY_URL" and err.value.fix
