"""The administrator's pushed changes: accounts made or changed at a workstation, and reference records imported
from Excel (fed on to every counter through the registry stream)."""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central.auth import WORKSTATION_ROLE, Principal, check_role
from app.central.effects import REGISTRY_OPS, Applied, check_unit
from app.central.feed import Journal
from app.central.registry_rows import ROW_MODELS
from app.central.schemas import PushEntry, RegistryPayload, UserPayload
from app.core.authorship import MAX_KEYS, is_public_key
from app.core.snapshots import account_snapshot as account_payload
from app.domain.errors import DomainError
from app.domain.workflow import Role
from app.models import User


def journal_user(journal: Journal, user: User) -> None:
    # The unit's counters keep its accounts so that a clerk can log in offline at any of its windows.
    journal.change("users", "user", user.username, "upsert", account_payload(user), unit_code=user.unit_code)


def apply_user(
    s: Session, p: Principal, entry: PushEntry, pl: UserPayload, journal: Journal, now: datetime
) -> Applied:
    if p.role != Role.ADMIN.value and entry.op == "user.update" and pl.username == p.username:
        return _own_password(s, p, entry, pl, journal, now)
    check_role(p, frozenset({Role.ADMIN.value}), "管理用户")
    check_unit(p, pl.unit_code)
    user = s.execute(select(User).where(User.username == pl.username).with_for_update()).scalar_one_or_none()
    if user is None:
        # Without a hash in the payload the account logs in centrally only after an administrator sets a
        # password through POST /admin/users.
        user = User(
            username=pl.username,
            display_name=pl.display_name,
            role=pl.role,
            unit_code=pl.unit_code,
            password_hash="!",
            active=pl.active,
            must_change_password=True,
            created_at=now,
            updated_at=now,
        )
        s.add(user)
    else:
        check_unit(p, user.unit_code)
        user.display_name, user.role, user.active, user.updated_at = pl.display_name, pl.role, pl.active, now
    if pl.password_hash:
        user.password_hash = pl.password_hash
        user.failed_logins = 0
    if pl.sign_public_keys is not None and pl.sign_private:
        # An administrator made or reset the account at a counter: its new author key (the old ones stay
        # valid for what they signed).
        user.sign_public_keys = _keys(pl.sign_public_keys, user.sign_public_keys)
        user.sign_private = pl.sign_private
    if pl.must_change_password is not None:
        user.must_change_password = pl.must_change_password
    s.flush()
    journal.audit(p.username, entry.op, "user", pl.username, {"key": str(entry.key), "role": pl.role})
    journal_user(journal, user)
    return Applied({})


def _own_password(
    s: Session, p: Principal, entry: PushEntry, pl: UserPayload, journal: Journal, now: datetime
) -> Applied:
    """A user who changed their own password at a counter: only the hash (and the end of a forced change) is
    taken; name, role, unit and state stay as the administrators set them."""
    user = s.execute(select(User).where(User.username == p.username).with_for_update()).scalar_one_or_none()
    if user is None or not pl.password_hash:
        raise DomainError(
            "USER_SELF_UPDATE_INVALID",
            "只能修改本人密码",
            field="password_hash",
            fix="其他账号信息请由本单位管理员修改。",
        )
    user.password_hash, user.failed_logins, user.updated_at = pl.password_hash, 0, now
    if pl.sign_private:
        user.sign_private = pl.sign_private  # the same key sealed with the new password
        if not user.sign_public_keys and pl.sign_public_keys and p.role != WORKSTATION_ROLE:
            # An account that had no key gets its first one only from its own session, whose token proves the
            # password centrally; a workstation's push cannot register a key for anybody.
            user.sign_public_keys = _keys(pl.sign_public_keys, [])
    if pl.must_change_password is False:
        user.must_change_password = False
    s.flush()
    journal.audit(p.username, "user.change_password", "user", p.username, {"key": str(entry.key)})
    journal_user(journal, user)
    return Applied({})


def _keys(new: list[str], old: list[str] | None) -> list[str]:
    for key in new:
        if not is_public_key(key):
            raise DomainError(
                "SIGN_KEY_INVALID",
                "账号的签名公钥格式不正确",
                field="sign_public_keys",
                fix="请联系技术支持。",
            )
    merged = list(new) + [k for k in (old or []) if k not in new]
    return merged[:MAX_KEYS]


def apply_registry(
    s: Session, p: Principal, entry: PushEntry, pl: RegistryPayload, journal: Journal, now: datetime
) -> Applied:
    """An imported reference record (scores, companies, constructors, blacklist): admin only, then fed to every
    counter through the registry stream, as the admin import endpoint does."""
    from app.core import records

    check_role(p, frozenset({Role.ADMIN.value}), "导入基础数据")
    kind = REGISTRY_OPS[entry.op]
    row = pl.model_dump(mode="json")
    model = ROW_MODELS.get(kind)
    if model is not None:
        try:  # the same column checks as the admin import endpoint: no value a table cannot hold
            model.model_validate(row)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            raise DomainError(
                "REGISTRY_RECORD_INVALID",
                f"导入的{kind}记录“{where}”不正确：{first.get('msg', '')}",
                field=where or "payload",
                fix="请修正后重新导入该表格。",
            ) from None
    try:
        obj = records.upsert(s, kind, row, now)
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainError(
            "REGISTRY_RECORD_INVALID",
            f"导入的{kind}记录无法识别：{exc}",
            field="payload",
            fix="请修正后重新导入该表格。",
        ) from exc
    s.flush()
    key = records.natural_key(kind, records.as_json(kind, obj))
    journal.change("registry", kind, key, "upsert", records.as_json(kind, obj))
    journal.audit(p.username, entry.op, "registry", key, {"key": str(entry.key)})
    return Applied({})
