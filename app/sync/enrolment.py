"""This workstation's enrolment with the central store (工作站登记), kept in the local settings.

An administrator enrols the workstation once with their own central login; the credential it gets lets the sync
worker push every pending entry of the workstation, whoever made it and whoever is logged in (also at the login
screen). Each entry still carries its author's signature, which the credential cannot make."""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import urlsplit

from app.core.addresses import is_loopback
from app.domain.errors import DomainError
from app.models import Setting
from app.services import settings
from app.services.context import Actor, ServiceContext
from app.services.recording import audit
from app.sync.client import Refused, SyncClient, Unauthorized, Unavailable

KEY = "enrolment"


EMBEDDED = "embedded"  # the enrolment is with this machine's own embedded central store


def credential(ctx: ServiceContext, url: str) -> str | None:
    """The credential of the enrolment with the central store at `url` (an enrolment with another store, e.g. the
    embedded one before a real central address was configured, does not count there)."""
    saved = settings.get(ctx, KEY)
    where = str(saved.get("central_url") or "")
    if where == EMBEDDED:
        matches = is_loopback(urlsplit(url).hostname or "")
    else:
        matches = where.rstrip("/") == url.rstrip("/")
    value = saved.get("credential")
    return str(value) if value and matches else None


def save(ctx: ServiceContext, actor: Actor | str, code: str, credential_text: str, url: str) -> None:
    """Keep the credential; the audit event names the enrolment, never the secret."""
    now = ctx.now()
    with ctx.store.write() as s:
        row = s.get(Setting, KEY)
        value = {
            "code": code,
            "credential": credential_text,
            "central_url": url,
            "enrolled_at": now.isoformat(),
        }
        if row is None:
            s.add(Setting(key=KEY, value=value, updated_at=now))
        else:
            row.value, row.updated_at = value, now
        audit(s, actor, "workstation.enrol", "workstation", code, {"central_url": url}, now)


def enrol(
    ctx: ServiceContext,
    actor: Actor,
    url: str,
    admin_username: str,
    admin_password: str,
    *,
    verify: ssl.SSLContext | bool = True,
) -> dict[str, Any]:
    """Log in centrally as an administrator, enrol this workstation, keep its credential; the admin's session
    is closed again at once. Raises DomainError with the reason and the fix."""
    ws = ctx.workstation
    client = SyncClient(url, verify=verify)
    try:
        session = client.login(admin_username, admin_password, None)
        if session.role != "admin":
            raise DomainError(
                "ENROL_ADMIN_ONLY",
                "只有管理员可以登记工作站",
                field="username",
                fix="请用本单位管理员账号登记。",
            )
        answer = client.enrol(ws.code, ws.unit_name, ws.counter_no)
        client.logout()
    except Unauthorized as err:
        raise DomainError(
            "ENROL_LOGIN_FAILED", err.message, field="password", fix="请核对管理员账号和密码。"
        ) from None
    except Refused as err:
        raise DomainError(
            "ENROL_REFUSED", err.message, field="code", fix="请核对工作站编号与所属单位。"
        ) from None
    except Unavailable as err:
        raise DomainError("ENROL_OFFLINE", str(err), field="central_url", fix="请联网后重试登记。") from None
    finally:
        client.close()
    save(ctx, actor, ws.code, str(answer["credential"]), url)
    issuer = answer.get("issuer_uscc")
    if issuer and issuer != ws.issuer_uscc:
        # The centre's issuer code is the one its e-certificate identifiers carry: the counter prints the same.
        from app.services import settings

        current = settings.get(ctx, "workstation")
        settings.put(ctx, actor, "workstation", {**current, "issuer_uscc": issuer})
    return answer
