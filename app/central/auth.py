"""Central accounts and sessions: Argon2id passwords, bearer tokens with an expiry, role and unit checks."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central.feed import Journal
from app.central.models import AuthToken
from app.central.store import single_read
from app.central.throttle import AuditGate, LoginThrottle
from app.domain.errors import DomainError
from app.domain.workflow import ROLE_NAMES, Role
from app.models import User, Workstation
from app.models.db import Store

_hasher = PasswordHasher()
WORKSTATION_ROLE = "workstation"  # an enrolled workstation's own credential (app/central/workstations.py)
WORKSTATION_TOKEN_PREFIX = "ws1."
MAX_FAILED_LOGINS = 5
DEFAULT_TOKEN_TTL = timedelta(hours=12)


def utcnow() -> datetime:
    """Naive UTC: the central tables store timestamps without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the token says; the role and unit come from the central user record."""

    username: str
    role: str
    unit_code: str
    display_name: str
    workstation: str | None
    token_hash: str


class AuthError(DomainError):
    """401: no usable token, or the credentials are wrong."""


class Forbidden(DomainError):
    """403: the caller is known but may not do this."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def issue_token(s: Session, username: str, workstation: str | None, ttl: timedelta) -> tuple[str, datetime]:
    """A new bearer token; a negative ttl gives an already expired one (used by tests of the 401 path)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + ttl
    s.add(
        AuthToken(
            token_hash=token_hash(token),
            username=username,
            workstation_code=workstation,
            issued_at=now,
            expires_at=expires,
        )
    )
    return token, expires


def login(
    store: Store,
    username: str,
    password: str,
    workstation: str | None,
    ttl: timedelta,
    *,
    address: str = "unknown",
    throttle: LoginThrottle | None = None,
    gate: AuditGate | None = None,
) -> tuple[str, datetime, User]:
    """Check the password and the workstation. Failed passwords are throttled per account and client address
    (app.central.throttle: a wait, never a lock-out); refusals are audited, at a bounded rate when `gate` says."""
    if throttle is not None:
        try:
            throttle.check(username, address)
        except DomainError as err:
            _audit_refusal(store, gate, username, "central.login_throttled", address, err.code)
            raise
    now = utcnow()
    with store.write() as s:
        user = s.execute(select(User).where(User.username == username.strip())).scalar_one_or_none()
        failure: DomainError | None = None
        if user is None:
            failure = AuthError("LOGIN_FAILED", "用户名或密码错误", field="password", fix="请重新输入。")
        elif not user.active:
            failure = AuthError(
                "USER_DISABLED", "该账号已停用", field="username", fix="请联系管理员启用账号。"
            )
        else:
            try:
                _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                user.failed_logins += 1  # shown to administrators; no longer locks the account
                failure = AuthError("LOGIN_FAILED", "用户名或密码错误", field="password", fix="请重新输入。")
        if failure is None and user is not None and workstation is not None:
            ws = s.execute(select(Workstation).where(Workstation.code == workstation)).scalar_one_or_none()
            if ws is None or ws.unit_code != user.unit_code:
                failure = Forbidden(
                    "WORKSTATION_UNKNOWN",
                    f"工作站“{workstation}”未在中心登记或不属于本单位",
                    field="workstation",
                    fix="请管理员先在中心登记本工作站。",
                )
        if failure is not None:
            if throttle is not None and failure.code == "LOGIN_FAILED":
                throttle.failed(username, address)
            left_out = gate.admit(("central.login_refused", address)) if gate is not None else 0
            if left_out is not None:
                journal = Journal()
                detail: dict[str, object] = {"code": failure.code, "address": address}
                if left_out:
                    detail["left_out"] = left_out
                journal.audit(username, "central.login_refused", "user", username, detail)
                journal.flush(s, now)
            # The failure count and the audit event must survive the refusal: commit them, then raise.
            s.commit()
            raise failure
        assert user is not None
        if throttle is not None:
            throttle.succeeded(username, address)
        user.failed_logins = 0
        token, expires = issue_token(s, user.username, workstation, ttl)
        journal = Journal()
        journal.audit(user.username, "central.login", "user", user.username, {"workstation": workstation})
        journal.flush(s, now)
        return token, expires, user


def resolve(store: Store, token: str | None) -> Principal:
    """The principal behind a bearer token, or AuthError (401)."""
    if not token:
        raise AuthError("TOKEN_MISSING", "未登录或登录已失效", field="token", fix="请重新登录。")
    if token.startswith(WORKSTATION_TOKEN_PREFIX):
        from app.central.workstations import resolve_workstation

        return resolve_workstation(store, token)
    digest = token_hash(token)
    with single_read(store) as s:
        row = s.execute(
            select(AuthToken, User)
            .join(User, User.username == AuthToken.username)
            .where(AuthToken.token_hash == digest)
        ).first()
    if row is None:
        raise AuthError("TOKEN_UNKNOWN", "登录凭据无效", field="token", fix="请重新登录。")
    tok, user = row
    if tok.revoked_at is not None:
        raise AuthError("TOKEN_REVOKED", "您已退出登录", field="token", fix="请重新登录。")
    if tok.expires_at <= utcnow():
        raise AuthError("TOKEN_EXPIRED", "登录已过期", field="token", fix="请重新登录后继续同步。")
    if not user.active:
        raise AuthError("USER_DISABLED", "该账号已停用", field="username", fix="请联系管理员启用账号。")
    return Principal(
        user.username, user.role, user.unit_code, user.display_name, tok.workstation_code, digest
    )


def revoke(store: Store, principal: Principal) -> None:
    now = utcnow()
    with store.write() as s:
        tok = s.get(AuthToken, principal.token_hash)
        if tok is not None and tok.revoked_at is None:
            tok.revoked_at = now
        journal = Journal()
        journal.audit(principal.username, "central.logout", "user", principal.username, {})
        journal.flush(s, now)


def check_role(principal: Principal, roles: frozenset[str], what: str) -> None:
    if principal.role not in roles:
        allowed = "、".join(ROLE_NAMES[Role(r)] for r in sorted(roles) if r in Role._value2member_map_)
        who = (
            ROLE_NAMES[Role(principal.role)]
            if principal.role in Role._value2member_map_
            else f"工作站“{principal.workstation}”"
        )
        raise Forbidden(
            "ROLE_FORBIDDEN",
            f"{who}不能{what}",
            fix=f"此操作仅限{allowed}。",
        )


def record_refusal(store: Store, actor: str, action: str, detail: dict[str, object]) -> None:
    """Audit a refused request (401/403) in a transaction of its own."""
    now = utcnow()
    with store.write() as s:
        journal = Journal()
        journal.audit(actor, action, "request", str(detail.get("path", "")), dict(detail))
        journal.flush(s, now)


def _audit_refusal(
    store: Store, gate: AuditGate | None, actor: str, action: str, address: str, code: str
) -> None:
    """An unauthenticated refusal, audited unless `gate` has had enough from this address this minute."""
    left_out = gate.admit((action, address)) if gate is not None else 0
    if left_out is None:
        return
    detail: dict[str, object] = {"path": "/auth/login", "code": code, "address": address}
    if left_out:
        detail["left_out"] = left_out
    record_refusal(store, actor, action, detail)


def ensure_admin(
    store: Store, username: str, password: str, *, unit_code: str = "410000", display_name: str = "中心管理员"
) -> bool:
    """Bootstrap: create the first administrator if no user of that name exists. True if it created one."""
    now = utcnow()
    with store.write() as s:
        if s.execute(select(User.id).where(User.username == username)).first():
            return False
        s.add(
            User(
                username=username,
                display_name=display_name,
                role=Role.ADMIN.value,
                unit_code=unit_code,
                password_hash=hash_password(password),
                active=True,
                must_change_password=False,
                created_at=now,
                updated_at=now,
            )
        )
        journal = Journal()
        journal.audit("system", "central.bootstrap_admin", "user", username, {"unit_code": unit_code})
        journal.flush(s, now)
        return True


def check_unit_of(p: Principal, unit_code: str) -> None:
    if unit_code != p.unit_code:
        raise Forbidden(
            "UNIT_FORBIDDEN",
            f"该记录属于单位 {unit_code}，您属于单位 {p.unit_code}，不能办理",
            field="unit_code",
            fix="请由所属单位的人员办理。",
        )
