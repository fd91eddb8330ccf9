"""QR verification offline: genuine or not against the trusted public keys, and the status from the registry."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from sqlalchemy import select

from app.cli import main as cli_main
from app.domain.errors import DomainError
from app.models import AuditEvent, Certificate
from app.printing import PayloadFields, sign_payload
from app.printing.signing import PREFIX
from app.services import documents, intake, issuance, review, settings, signing_keys, verification
from tests.services.scenarios import NOW, all_conditions, all_materials, fixed_clock
from tests.services.test_documents import KEY_ID, PASSPHRASE, Desk


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


def qr_of(desk, number: str) -> str:
    view = documents.certificate_view(
        desk.ctx, number, signer=desk.signer, photo_loader=desk.loader, allow_missing_photo=True
    )
    return view.qr_text


def approve(desk, item_code: str, form: dict) -> None:
    draft = intake.create_draft(
        desk.ctx,
        desk.clerk,
        item_code,
        form,
        conditions=all_conditions(desk.ctx, item_code),
        material_states=all_materials(desk.ctx, item_code),
    )
    accepted = intake.accept(desk.ctx, desk.clerk, intake.submit(desk.ctx, desk.clerk, draft.uuid).uuid)
    review.approve(desk.ctx, desk.supervisor, accepted.uuid)


def flip_one_bit(text: str) -> str:
    data = text[len(PREFIX) :]
    raw = bytearray(base64.b32decode(data + "=" * (-len(data) % 8)))
    raw[5] ^= 0x01  # inside the certificate number
    return PREFIX + base64.b32encode(bytes(raw)).decode("ascii").rstrip("=")


def test_genuine_and_valid(desk):
    number = desk.issued("AG")
    result = verification.verify(desk.ctx, qr_of(desk, number))
    assert result.ok and result.signature == "genuine" and result.status == "valid"
    assert result.fields.number == number and result.key_id == KEY_ID
    assert result.headline == "真证书，现行有效"
    assert any(number in line for line in result.lines())
    # A keyboard-wedge scanner with Caps Lock off types lower case; whitespace from the scanner is ignored.
    assert verification.verify(desk.ctx, qr_of(desk, number).lower() + "\n").ok


def test_one_flipped_bit_is_forged(desk):
    number = desk.issued("TZ")
    result = verification.verify(desk.ctx, flip_one_bit(qr_of(desk, number)))
    assert not result.ok and result.signature == "forged"
    assert "篡改" in result.message and result.fix


def test_unknown_key_and_garbage(desk):
    number = desk.issued("TZ")
    assert desk.signer.key_id == KEY_ID
    fields = PayloadFields.of(
        number=number,
        family="TZ",
        category="01",
        name="刘建国",
        id_number="410105198605173319",
        valid_from=date(2026, 11, 23),
        valid_to=date(2028, 11, 22),
        version=1,
    )
    stranger = sign_payload(fields, Ed25519PrivateKey.generate(), "other01")
    result = verification.verify(desk.ctx, stranger)
    assert result.signature == "unknown_key" and "other01" in result.message and not result.ok
    # Same key id as ours but another key: a forgery, not an unknown key.
    assert (
        verification.verify(desk.ctx, sign_payload(fields, Ed25519PrivateKey.generate(), KEY_ID)).signature
        == "forged"
    )
    assert verification.verify(desk.ctx, "https://example.com/cert").signature == "unreadable"
    assert verification.verify(desk.ctx, b"not an image at all").signature == "unreadable"


def test_signed_but_not_in_the_registry(desk):
    fields = PayloadFields.of(
        number="豫建安A（2026）9999999",
        family="AG",
        category="A",
        name="张三",
        id_number="410105198605173319",
        valid_from=date(2026, 1, 1),
        valid_to=date(2029, 1, 1),
        version=1,
    )
    result = verification.verify(desk.ctx, desk.signer.sign(fields))
    assert result.genuine and result.status == "unknown" and not result.ok


def test_expired_before_and_after_the_daily_job(desk):
    number = desk.issued("TZ")
    text = qr_of(desk, number)
    with desk.ctx.store.read() as s:
        valid_to = s.execute(select(Certificate.valid_to).where(Certificate.number == number)).scalar_one()
    fixed_clock(
        desk.ctx, NOW.replace(year=valid_to.year, month=valid_to.month, day=valid_to.day) + timedelta(days=1)
    )
    result = verification.verify(desk.ctx, text)
    assert result.status == "expired" and result.headline == "真证书，但已过期" and not result.ok
    assert issuance.expire_certificates(desk.ctx, desk.supervisor) == [number]
    result = verification.verify(desk.ctx, text)
    assert result.status == "expired" and result.registry_status == "05"


def test_cancelled_transferring_out_and_revoked(desk):
    states = {}
    for item_code in ("AG-CANCEL", "AG-CHG-TRANSFER-OUT"):
        sc = desk.scenario(item_code)
        text = qr_of(desk, sc.certificate_number)
        approve(desk, item_code, sc.form)
        states[item_code] = verification.verify(desk.ctx, text)
    assert states["AG-CANCEL"].status == "cancelled" and states["AG-CANCEL"].headline == "真证书，但已注销"
    assert states["AG-CHG-TRANSFER-OUT"].status == "transferring_out"
    assert not any(r.ok for r in states.values())

    number = desk.issued("AG")
    text = qr_of(desk, number)
    with desk.ctx.store.write() as s:
        s.execute(select(Certificate).where(Certificate.number == number)).scalar_one().status = "07"
    result = verification.verify(desk.ctx, text)
    assert result.status == "revoked" and "撤销" in result.headline


def test_superseded_by_a_renewal(desk):
    sc = desk.scenario("AG-RENEW")
    old = qr_of(desk, sc.certificate_number)
    approve(desk, "AG-RENEW", sc.form)
    result = verification.verify(desk.ctx, old)
    assert result.genuine and result.status == "superseded" and not result.ok
    assert result.registry_version == 2 and "第1版" in " ".join(result.notes)
    assert verification.verify(desk.ctx, qr_of(desk, sc.certificate_number)).ok


def test_image_and_pdf_of_the_printed_certificate(desk, tmp_path):
    number = desk.issued("JN")
    pdf, _ = desk.pdf(number)
    assert verification.verify(desk.ctx, pdf).ok
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", str(path), str(tmp_path / "scan")], check=True)
    png = next(tmp_path.glob("scan-*.png")).read_bytes()
    result = verification.verify(desk.ctx, png)
    assert result.ok and result.fields.number == number
    # A phone photo is a JPEG, smaller and greyer.
    image = Image.open(io.BytesIO(png)).convert("L").resize((1200, 1700))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    assert verification.verify(desk.ctx, out.getvalue()).ok


def test_public_keys_trusted_from_the_bundled_folder_and_imports(desk, tmp_path, monkeypatch):
    other = tmp_path / "published"
    info = signing_keys.generate_signing_key(other, "zz2026", b"pass-phrase")
    fields = PayloadFields.of(
        number="X1",
        family="AG",
        category="A",
        name="张三",
        id_number="410105198605173319",
        valid_from=None,
        valid_to=None,
        version=1,
    )
    text = sign_payload(fields, signing_keys.load_private_key(info.private_path, b"pass-phrase"), "zz2026")
    assert verification.verify(desk.ctx, text).signature == "unknown_key"
    monkeypatch.setattr(signing_keys, "BUNDLED_PUBLIC_KEYS", other)
    assert verification.verify(desk.ctx, text).genuine
    monkeypatch.undo()
    with pytest.raises(DomainError) as err:
        signing_keys.import_public_key(desk.ctx, desk.admin, info.private_path)
    assert err.value.code == "PUBLIC_KEY_INVALID"
    assert signing_keys.import_public_key(desk.ctx, desk.admin, info.public_path) == "zz2026"
    assert verification.verify(desk.ctx, text).genuine


def test_signing_key_is_admin_made_passphrase_protected_and_unlock_is_audited(desk):
    with pytest.raises(DomainError) as err:
        signing_keys.create_key(desk.ctx, desk.supervisor, "k1", PASSPHRASE)
    assert err.value.code == "ADMIN_ONLY"
    with pytest.raises(DomainError) as err:
        signing_keys.unlock(desk.ctx, desk.supervisor, PASSPHRASE)
    assert err.value.code == "SIGNING_KEY_MISSING"
    info = signing_keys.create_key(desk.ctx, desk.admin, KEY_ID, PASSPHRASE)
    assert b"ENCRYPTED" in info.private_path.read_bytes()
    assert info.private_path.stat().st_mode & 0o077 == 0
    with pytest.raises(DomainError) as err:
        signing_keys.unlock(desk.ctx, desk.supervisor, "wrong passphrase")
    assert err.value.code == "SIGNING_KEY_PASSPHRASE"
    with pytest.raises(DomainError) as err:
        signing_keys.unlock(desk.ctx, desk.clerk, PASSPHRASE)
    assert err.value.code == "SIGNING_ROLE"
    signer = signing_keys.unlock(desk.ctx, desk.supervisor, PASSPHRASE)
    assert "private" not in repr(signer).lower() or "Ed25519PrivateKey" not in repr(signer)
    with desk.ctx.store.read() as s:
        actions = (
            s.execute(select(AuditEvent.action).where(AuditEvent.action.like("signing_key.%")))
            .scalars()
            .all()
        )
    assert actions == ["signing_key.create", "signing_key.unlock_failed", "signing_key.unlock"]


def test_command_line(desk, tmp_path, capsys):
    number = desk.issued("AG")
    text = qr_of(desk, number)
    data_dir = str(desk.ctx.data_dir)
    assert cli_main(["--data-dir", data_dir, "verify", text]) == 0
    out = capsys.readouterr().out
    assert "【通过】真证书，现行有效" in out and number in out
    assert cli_main(["--data-dir", data_dir, "verify", flip_one_bit(text)]) == 1
    assert "签名无效" in capsys.readouterr().out
    pdf, _ = desk.pdf(number)
    (tmp_path / "cert.pdf").write_bytes(pdf)
    assert cli_main(["--data-dir", data_dir, "verify", "--image", str(tmp_path / "cert.pdf")]) == 0
    capsys.readouterr()
    assert cli_main(["--data-dir", data_dir, "verify", "--image", str(tmp_path / "missing.png")]) == 2
    assert "无法读取文件" in capsys.readouterr().err


def test_address_form_verifies_offline_and_a_cut_short_code_is_damaged(desk):
    number = desk.issued("TZ")
    settings.put(desk.ctx, desk.admin, "client", {"verify_base_url": "https://zs.hnjs.gov.cn/"})
    url = qr_of(desk, number)
    assert url.startswith("HTTPS://ZS.HNJS.GOV.CN/V/CD1:")
    assert verification.verify(desk.ctx, url).ok
    assert verification.verify(desk.ctx, url.encode()).ok  # as a keyboard-wedge scanner types it
    damaged = verification.verify(desk.ctx, url[:-3])
    assert damaged.signature == "damaged" and "不完整" in damaged.message and "未知" not in damaged.headline
    with pytest.raises(DomainError) as err:
        settings.put(desk.ctx, desk.admin, "client", {"verify_base_url": "zs.hnjs.gov.cn"})
    assert err.value.code == "VERIFY_URL"
