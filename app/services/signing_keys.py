"""This workstation's certificate signing key (签章密钥) and the public keys the verifier trusts.

The admin creates an Ed25519 key pair under <data_dir>/keys with a passphrase: the private key is stored only
encrypted (PKCS8, mode 0600) and never leaves this machine unprotected. A supervisor unlocks it once per
session; the decrypted key lives only in the returned `Signer`, held in memory by the caller and never written
anywhere. Verification trusts every `.pub` in <data_dir>/keys and in the bundled resources/keys directory, so
that a verifier workstation can be given the province's public keys without any private key.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select

from app.domain.errors import DomainError, PermissionDenied
from app.domain.workflow import Role
from app.models import Setting
from app.paths import data_dir as default_data_dir
from app.paths import resource_path
from app.printing.pades import PdfCredentials, ensure_credentials
from app.printing.signing import (
    PRIVATE_SUFFIX,
    PUBLIC_SUFFIX,
    PayloadFields,
    PublicKeyInfo,
    generate_signing_key,
    load_private_key,
    load_public_keys,
    sign_payload,
)
from app.services.context import Actor, ServiceContext
from app.services.recording import audit, record

SETTING_KEY = "signing"
BUNDLED_PUBLIC_KEYS = resource_path("keys")
_SIGNERS = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})


@dataclass(frozen=True)
class Signer:
    """An unlocked signing key, for this session only (kept in memory, never persisted)."""

    key_id: str
    private_key: Ed25519PrivateKey
    unlocked_by: str
    # The document-signing key and chain for the PAdES signature on certificate PDFs (app.printing.pades).
    pdf: PdfCredentials | None = None

    def sign(self, fields: PayloadFields) -> str:
        return sign_payload(fields, self.private_key, self.key_id)

    def __repr__(self) -> str:  # never print key material into a log
        return f"Signer(key_id={self.key_id!r}, unlocked_by={self.unlocked_by!r})"


def key_dir(ctx: ServiceContext) -> Path:
    return (ctx.data_dir or default_data_dir()) / "keys"


def pdf_chain_dir(ctx: ServiceContext, key_id: str) -> Path:
    """The unit CA and document-signing certificate of one QR key: <data_dir>/keys/pdf/<key_id>/. One chain per
    key, each private key encrypted with that key's passphrase, so a new key never needs an older passphrase."""
    return key_dir(ctx) / "pdf" / key_id


def _settings(ctx: ServiceContext) -> dict[str, object]:
    with ctx.store.read() as s:
        row = s.execute(select(Setting).where(Setting.key == SETTING_KEY)).scalar_one_or_none()
        return dict(row.value) if row else {}


def active_key_id(ctx: ServiceContext) -> str | None:
    """The key this workstation signs with (the one the admin created last), or None."""
    value = _settings(ctx).get("key_id")
    return str(value) if value else None


def public_key_dirs(ctx: ServiceContext) -> list[Path]:
    """Where trusted public keys are read from: this workstation's key folder, then the bundled folder, then
    any folders the admin added (setting signing.public_key_dirs)."""
    dirs = [key_dir(ctx), BUNDLED_PUBLIC_KEYS]
    extra = _settings(ctx).get("public_key_dirs")
    if isinstance(extra, list):
        dirs += [Path(str(p)) for p in extra]
    return dirs


def public_keys(ctx: ServiceContext) -> dict[str, bytes]:
    """Key id -> raw Ed25519 public key, from every trusted folder; the first folder wins on a duplicate id."""
    keys: dict[str, bytes] = {}
    for folder in public_key_dirs(ctx):
        for key_id, raw in load_public_keys(folder).items():
            keys.setdefault(key_id, raw)
    return keys


def _require_admin(actor: Actor, what: str) -> None:
    if actor.role != Role.ADMIN.value:
        raise PermissionDenied("ADMIN_ONLY", f"只有管理员可以{what}。", fix="请联系本单位管理员。")


def _save_setting(
    ctx: ServiceContext, actor: Actor, values: dict[str, object], action: str, detail: dict[str, object]
) -> None:
    now = ctx.now()
    with ctx.store.write() as s:
        row = s.execute(select(Setting).where(Setting.key == SETTING_KEY)).scalar_one_or_none()
        merged = {**(dict(row.value) if row else {}), **values}
        if row is None:
            s.add(Setting(key=SETTING_KEY, value=merged, updated_at=now))
        else:
            row.value, row.updated_at = merged, now
        record(s, actor, action, "setting", SETTING_KEY, detail, now)


def create_key(ctx: ServiceContext, actor: Actor, key_id: str, passphrase: str) -> PublicKeyInfo:
    """Admin only: a new key pair under <data_dir>/keys, made this workstation's signing key (audited)."""
    _require_admin(actor, "创建签名密钥")
    if len(passphrase) < 8:
        raise DomainError(
            "SIGNING_KEY_PASSPHRASE",
            "签名密钥口令至少需要8个字符。",
            field="passphrase",
            fix="请设置一个不少于8位、他人难以猜到的口令，并妥善保管。",
        )
    info = generate_signing_key(key_dir(ctx), key_id, passphrase.encode("utf-8"))
    try:
        _save_setting(
            ctx,
            actor,
            {"key_id": key_id},
            "signing_key.create",
            {"key_id": key_id, "fingerprint": info.fingerprint},
        )
    except BaseException:
        # Nothing was recorded, so the key must not exist either: an unrecorded key could sign certificates.
        info.private_path.unlink(missing_ok=True)
        info.public_path.unlink(missing_ok=True)
        raise
    return info


def unlock(ctx: ServiceContext, actor: Actor, passphrase: str, *, key_id: str | None = None) -> Signer:
    """Decrypt this workstation's signing key for the session; each attempt is audited."""
    if actor.role not in _SIGNERS:
        raise PermissionDenied(
            "SIGNING_ROLE", "只有审核人或管理员可以解锁签章密钥。", fix="请由审核人员登录后打印证书。"
        )
    chosen = key_id or active_key_id(ctx)
    if not chosen:
        raise DomainError(
            "SIGNING_KEY_MISSING",
            "本工作站尚未创建证书签名密钥，不能签发二维码。",
            field="key_id",
            fix="请管理员在“签章密钥”中创建签名密钥后再打印证书。",
        )
    path = key_dir(ctx) / f"{chosen}{PRIVATE_SUFFIX}"
    try:
        key = load_private_key(path, passphrase.encode("utf-8"))
    except DomainError as err:
        with ctx.store.write() as s:
            audit(
                s,
                actor,
                "signing_key.unlock_failed",
                "setting",
                SETTING_KEY,
                {"key_id": chosen, "code": err.code},
                ctx.now(),
            )
        raise
    # Created on the first unlock for keys made before certificate PDFs were signed; the passphrase that just
    # opened the QR key protects it.
    pdf = ensure_credentials(
        pdf_chain_dir(ctx, chosen), chosen, ctx.workstation.unit_name, passphrase.encode("utf-8")
    )
    with ctx.store.write() as s:
        audit(s, actor, "signing_key.unlock", "setting", SETTING_KEY, {"key_id": chosen}, ctx.now())
    return Signer(chosen, key, actor.username, pdf)


def import_public_key(ctx: ServiceContext, actor: Actor, source: Path) -> str:
    """Admin only: trust another signing workstation's public key (copied into <data_dir>/keys); returns its id."""
    _require_admin(actor, "导入公钥")
    invalid = DomainError(
        "PUBLIC_KEY_INVALID",
        f"“{source.name}”不是有效的 Ed25519 公钥文件。",
        field="public_key",
        fix=f"请选择签章工作站导出的 {PUBLIC_SUFFIX} 文件（切勿导入私钥），或向其管理员重新索取。",
    )
    if source.suffix != PUBLIC_SUFFIX:
        raise invalid
    try:
        public = serialization.load_pem_public_key(source.read_bytes())
    except (OSError, ValueError) as exc:
        raise invalid from exc
    if not isinstance(public, Ed25519PublicKey):
        raise invalid
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key_id = source.stem
    existing = load_public_keys(key_dir(ctx)).get(key_id)
    if existing is not None and existing != raw:
        raise DomainError(
            "PUBLIC_KEY_CONFLICT",
            f"已存在编号为“{key_id}”的另一把公钥。",
            field="public_key",
            fix="同一编号不能对应两把密钥；请核对来源，确认后由管理员先删除旧公钥。",
        )
    key_dir(ctx).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, key_dir(ctx) / source.name)
    with ctx.store.write() as s:
        audit(
            s,
            actor,
            "signing_key.import_public",
            "setting",
            SETTING_KEY,
            {"key_id": key_id, "fingerprint": raw.hex()[:16]},
            ctx.now(),
        )
    return key_id
