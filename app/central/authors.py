"""Who made each pushed entry. A user's own session proves its own entries by its token; an enrolled
workstation, which pushes everyone's work, proves nothing by itself: each entry must carry its author's
signature (app/core/authorship.py), checked here against the public keys the central store holds for that
author, and the author must belong to the workstation's unit. The author's role, unit and maker ≠ checker are
then checked for the entry as if that person had pushed it."""

from __future__ import annotations

from sqlalchemy import select

from app.central.auth import WORKSTATION_ROLE, Forbidden, Principal
from app.central.schemas import PushEntry
from app.central.store import single_read
from app.core.authorship import signed_body, verify
from app.domain.errors import DomainError
from app.domain.workflow import Role
from app.models import User
from app.models.db import Store

# What a workstation may send without a person's signature: the nightly jobs, each of which the central store
# checks against its own copy and its own clock — the expiry of a certificate (a valid certificate past its end
# date) and the lapse of a correction (an application awaiting correction past its deadline).
_SYSTEM_OPS = frozenset({"certificate.op04", "application.lapse"})


def _forbidden(code: str, message: str, fix: str) -> Forbidden:
    return Forbidden(code, message, field="signature", fix=fix)


def resolve_authors(store: Store, p: Principal, entries: list[PushEntry]) -> list[Principal | DomainError]:
    if p.role != WORKSTATION_ROLE:
        return [p] * len(entries)
    names = {e.actor for e in entries}
    with single_read(store) as s:
        users = {u.username: u for u in s.execute(select(User).where(User.username.in_(names))).scalars()}
    out: list[Principal | DomainError] = []
    for e in entries:
        if e.actor == "system" and e.op in _SYSTEM_OPS:
            out.append(
                Principal("system", Role.ADMIN.value, p.unit_code, "系统", p.workstation, p.token_hash)
            )
            continue
        user = users.get(e.actor)
        if user is None or user.unit_code != p.unit_code:
            out.append(
                _forbidden(
                    "AUTHOR_UNKNOWN",
                    f"办理人“{e.actor}”不是本工作站所属单位的账号，中心不接收此变更",
                    "请核对本工作站的登记单位；账号须由本单位管理员在中心建立。",
                )
            )
            continue
        if not user.active:
            # A disabled account's key no longer speaks for it, whatever the counter's clock says of when the
            # entry was made; a colleague redoes the work from 需处理.
            out.append(
                _forbidden(
                    "AUTHOR_DISABLED",
                    f"办理人“{e.actor}”的账号已停用，中心不接收以其名义提交的变更",
                    "请由本单位在岗人员核对该办件后重新办理；如账号停用有误，请管理员在中心重新启用。",
                )
            )
            continue
        body = signed_body(str(e.key), e.op, e.entity, e.entity_id, e.actor, e.payload, e.blobs)
        if not verify(user.sign_public_keys or [], e.signature, body):
            out.append(
                _forbidden(
                    "AUTHOR_UNPROVEN",
                    f"此变更缺少办理人“{e.actor}”的有效签名，中心无法确认是本人办理",
                    f"请由 {e.actor} 登录本工作站后重新办理；如反复出现，请联系管理员核查本工作站。",
                )
            )
            continue
        out.append(
            Principal(
                user.username, user.role, user.unit_code, user.display_name, p.workstation, p.token_hash
            )
        )
    return out
