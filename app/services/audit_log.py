"""Audit trail reading and verification (审计核验)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.core.audit_chain import GENESIS, event_hash
from app.models import AuditEvent, User
from app.services.context import ServiceContext


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    problem: str = ""

    def text(self) -> str:
        if self.ok:
            return f"审计日志完整：共核验 {self.checked} 条记录，哈希链无断裂。"
        return f"审计日志被篡改：第一条异常记录编号 {self.first_broken_id}（{self.problem}）；共核验 {self.checked} 条。"


def verify_chain(ctx: ServiceContext, *, batch: int = 5000) -> ChainReport:
    """Recompute every hash in order; name the first event whose content or link does not match."""
    prev = GENESIS
    checked = 0
    last_id = 0
    with ctx.store.read() as s:
        while True:
            rows = (
                s.execute(
                    select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
                )
                .scalars()
                .all()
            )
            if not rows:
                return ChainReport(True, checked)
            for ev in rows:
                if ev.prev_hash != prev:
                    return ChainReport(
                        False, checked, ev.id, "与上一条记录的链接不符，可能有记录被删除或插入"
                    )
                if (
                    event_hash(prev, ev.at, ev.actor, ev.action, ev.entity, ev.entity_id, ev.detail)
                    != ev.hash
                ):
                    return ChainReport(False, checked, ev.id, "记录内容与其哈希不符，内容被修改")
                prev = ev.hash
                checked += 1
                last_id = ev.id
            s.expunge_all()


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]
    actor_name: str = ""  # the person (办理人) as the user list names them; the login name if unknown


def timeline(ctx: ServiceContext, entity: str, entity_id: str) -> list[TimelineEntry]:
    """The history of one record, oldest first, for the detail view's timeline."""
    with ctx.store.read() as s:
        rows = s.execute(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        ).scalars()
        events = list(rows)
        logins = {e.actor for e in events}
        query = select(User.username, User.display_name).where(User.username.in_(logins))
        names = {str(login): str(name) for login, name in s.execute(query)}
        return [
            TimelineEntry(e.at, e.actor, e.action, dict(e.detail), names.get(e.actor) or e.actor)
            for e in events
        ]
