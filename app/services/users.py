"""Local accounts (用户): Argon2id password hashes, roles clerk / supervisor / admin, every change audited."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from sqlalchemy import select

from app.core import authorship
from app.core.authorship import Signer
from app.core.snapshots import account_snapshot
from app.domain.errors import DomainError, NotFoundError, PermissionDenied
from app.domain.workflow import ROLE_NAMES, Role
from app.models import User
from app.services.context import Actor, ServiceContext
from app.services.login_check import EarlyCheck, open_key, password_matches
from app.services.recording import record

_hasher = PasswordHasher()  # argon2-cffi defaults to Argon2id
MAX_FAILED_LOGINS = 5
MIN_PASSWORD = 8


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: str
    unit_code: str
    active: bool
    must_change_password: bool
    # The author key unlocked by this login (None for an account that has none yet, e.g. made before keys).
    signer: Signer | None = field(default=None, compare=False, repr=False)

    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.display_name, self.unit_code, signer=self.signer)


def _view(u: User, signer: Signer | None = None) -> UserView:
    return UserView(
        u.id, u.username, u.display_name, u.role, u.unit_code, u.active, u.must_change_password, signer
    )


account_payload = account_snapshot  # the account as it travels between counters and the central store


def _new_key(user: User, password: str) -> None:
    public, sealed = authorship.new_identity(password)
    user.sign_public_keys = authorship.with_key(user.sign_public_keys, public)
    user.sign_private = sealed


def _unlock(sealed: str | None, username: str, password: str) -> Signer | None:
    private = open_key(sealed, password)
    return None if private is None else Signer(username, private)


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("ADMIN_ONLY", "只有管理员可以管理用户", fix="请联系本单位管理员。")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD or password.isdigit() or password.isalpha():
        raise DomainError(
            "PASSWORD_WEAK",
            f"密码至少{MIN_PASSWORD}位，且须同时包含字母和数字",
            field="password",
            fix="请重新设置密码。",
        )


def create_user(
    ctx: ServiceContext,
    actor: Actor | None,
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    unit_code: str | None = None,
) -> UserView:
    """Create an account. `actor` None is the first-start bootstrap of the initial administrator."""
    if actor is not None:
        _require_admin(actor)
    if role not in {r.value for r in Role}:
        raise DomainError(
            "ROLE_UNKNOWN", f"角色“{role}”无效", field="role", fix="请选择窗口受理员、审核人或管理员。"
        )
    username = username.strip()
    if not username or not username.isascii() or not username.replace("_", "").replace(".", "").isalnum():
        raise DomainError(
            "USERNAME_INVALID",
            "用户名只能由字母、数字、下划线组成",
            field="username",
            fix="例如 zhangsan01。",
        )
    _check_password(password)
    now = ctx.now()
    with ctx.store.write() as s:
        if s.execute(select(User.id).where(User.username == username)).first():
            raise DomainError(
                "USERNAME_TAKEN", f"用户名“{username}”已存在", field="username", fix="请换一个用户名。"
            )
        user = User(
            username=username,
            display_name=display_name.strip() or username,
            role=role,
            unit_code=unit_code or ctx.workstation.unit_code,
            password_hash=_hasher.hash(password),
            active=True,
            must_change_password=actor is not None,
            created_at=now,
            updated_at=now,
            sign_public_keys=[],
        )
        _new_key(user, password)
        s.add(user)
        s.flush()
        who = actor or "system"
        # The first start's bootstrap accounts stay on this machine (the embedded central store copies them;
        # a real central store has its own administrator, and nobody could prove a "system" account change).
        record(
            s,
            who,
            "user.create",
            "user",
            username,
            {"role": role, "display_name": user.display_name},
            now,
            payload=account_payload(user) if actor is not None else None,
        )
        return _view(user)


def _login_refusal(user: User | None) -> DomainError | None:
    if user is None:
        return DomainError(
            "LOGIN_FAILED", "用户名或密码错误", field="password", fix="请重新输入；忘记密码请联系管理员重置。"
        )
    if not user.active:
        return DomainError("USER_DISABLED", "该账号已停用", field="username", fix="请联系管理员启用账号。")
    if user.failed_logins >= MAX_FAILED_LOGINS:
        return DomainError(
            "USER_LOCKED", "密码错误次数过多，账号已锁定", field="username", fix="请联系管理员重置密码。"
        )
    return None


def _password_matches(password_hash: str, password: str) -> bool:
    return password_matches(password_hash, password, _hasher)


def authenticate(
    ctx: ServiceContext, username: str, password: str, *, early: EarlyCheck | None = None
) -> UserView:
    """Offline login against the local accounts; wrong passwords count towards a lock-out.

    The Argon2id check (about a third of a second by design) runs outside any transaction: the store's single
    writer is never held while it runs. With `early` (the login window's check, started at Enter from the SQLite
    file while the store layer was still loading) its outcome is used if it checked the hash and sealed key read
    here, and the author key is left to `early.key` (opened when the caller starts it, or at the first signature,
    which waits for it). Otherwise the author key opens with its own Argon2id derivation on a thread of its own beside the
    check. The short write transaction after it re-reads the account and checks the password again only if the
    hash changed meanwhile."""
    now = ctx.now()
    name = username.strip()
    with ctx.store.read() as s:
        user = s.execute(select(User).where(User.username == name)).scalar_one_or_none()
        refusal = _login_refusal(user)
        if refusal is not None:
            raise refusal
        assert user is not None
        checked_hash, sealed = user.password_hash, user.sign_private
    matches = early.outcome(checked_hash, sealed) if early is not None and early.username == name else None
    unlocking: _Unlock | None = None
    if matches is None:
        unlocking = _Unlock(sealed, name, password)
        matches = _password_matches(checked_hash, password)
    with ctx.store.write() as s:
        user = s.execute(select(User).where(User.username == name)).scalar_one_or_none()
        refusal = _login_refusal(user)
        if refusal is not None:
            raise refusal
        assert user is not None
        if user.password_hash != checked_hash:  # reset meanwhile: check against the new hash
            matches = _password_matches(user.password_hash, password)
        if not matches:
            user.failed_logins += 1
            record(s, username, "user.login_failed", "user", username, {"failed": user.failed_logins}, now)
            # The failed count must survive the error below, so commit it instead of rolling back.
            s.commit()
            raise DomainError(
                "LOGIN_FAILED",
                "用户名或密码错误",
                field="password",
                fix="请重新输入；忘记密码请联系管理员重置。",
            )
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.failed_logins = 0
        record(s, username, "user.login", "user", username, {}, now)
        signer: Signer | None
        if user.sign_private != sealed:  # a new key meanwhile
            signer = _unlock(user.sign_private, name, password)
        elif unlocking is not None:
            signer = unlocking.result()
        else:
            assert early is not None
            signer = Signer(name, early.key) if early.key is not None else None
        return _view(user, signer)


class _Unlock:
    """Opens a sealed author key on a thread of its own (Argon2 releases the GIL)."""

    def __init__(self, sealed: str | None, username: str, password: str) -> None:
        self._signer: Signer | None = None
        self._thread: threading.Thread | None = None
        if sealed:
            self._thread = threading.Thread(target=self._run, args=(sealed, username, password), daemon=True)
            self._thread.start()

    def _run(self, sealed: str, username: str, password: str) -> None:
        self._signer = _unlock(sealed, username, password)

    def result(self) -> Signer | None:
        if self._thread is not None:
            self._thread.join()
        return self._signer


def _update(
    ctx: ServiceContext,
    actor: Actor,
    username: str,
    action: str,
    *,
    new_password: str | None = None,
    **changes: object,
) -> UserView:
    _require_admin(actor)
    now = ctx.now()
    with ctx.store.write() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise NotFoundError("USER_NOT_FOUND", f"用户“{username}”不存在", field="username")
        if user.username == actor.username and (
            changes.get("active") is False or changes.get("role", Role.ADMIN) != Role.ADMIN
        ):
            raise DomainError(
                "SELF_LOCKOUT",
                "不能停用自己的账号或取消自己的管理员角色",
                field="username",
                fix="请由另一位管理员操作。",
            )
        for key, value in changes.items():
            setattr(user, key, value)
        if new_password is not None:
            _new_key(user, new_password)  # the old key stays valid for what was signed with it
        user.updated_at = now
        detail = {k: v for k, v in changes.items() if k != "password_hash"}
        record(
            s,
            actor,
            action,
            "user",
            username,
            detail,
            now,
            payload=account_payload(user),
        )
        return _view(user)


def set_active(ctx: ServiceContext, actor: Actor, username: str, active: bool) -> UserView:
    return _update(ctx, actor, username, "user.enable" if active else "user.disable", active=active)


def set_role(ctx: ServiceContext, actor: Actor, username: str, role: str) -> UserView:
    if role not in {r.value for r in Role}:
        raise DomainError("ROLE_UNKNOWN", f"角色“{role}”无效", field="role")
    return _update(ctx, actor, username, "user.set_role", role=role)


def reset_password(ctx: ServiceContext, actor: Actor, username: str, new_password: str) -> UserView:
    _check_password(new_password)
    return _update(
        ctx,
        actor,
        username,
        "user.reset_password",
        new_password=new_password,
        password_hash=_hasher.hash(new_password),
        must_change_password=True,
        failed_logins=0,
    )


def change_own_password(ctx: ServiceContext, actor: Actor, old: str, new: str) -> Signer | None:
    """Returns the author key, now sealed with the new password (the session keeps signing with it)."""
    signer = authenticate(ctx, actor.username, old).signer
    _check_password(new)
    now = ctx.now()
    with ctx.store.write() as s:
        user = s.execute(select(User).where(User.username == actor.username)).scalar_one()
        user.password_hash, user.must_change_password, user.updated_at = _hasher.hash(new), False, now
        private = signer.private if signer is not None else None
        if private is not None:
            user.sign_private = authorship.seal(private, new)
        else:
            _new_key(user, new)
            signer = _unlock(user.sign_private, user.username, new)
        record(
            s,
            actor,
            "user.update",
            "user",
            actor.username,
            {"password_changed": True},
            now,
            payload=account_payload(user),
        )
    return signer


def list_users(ctx: ServiceContext) -> list[UserView]:
    with ctx.store.read() as s:
        return [_view(u) for u in s.execute(select(User).order_by(User.username)).scalars()]


def role_name(role: str) -> str:
    return ROLE_NAMES[Role(role)]
