"""The outbox as the clerk sees it (待同步): the sync state for the status bar, and acknowledging a change the
central store rejected once the clerk has dealt with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, func, select

from app.domain.errors import NotFoundError
from app.models import OutboxEntry
from app.services import settings
from app.services.context import Actor, ServiceContext
from app.services.recording import audit

_ob = cast(Table, OutboxEntry.__table__)


@dataclass(frozen=True)
class SyncSnapshot:
    """What the status bar shows about sync. `known` is False until a sync worker has written its state."""

    known: bool
    online: bool
    needs_login: bool
    last_success_at: datetime | None
    last_error: str | None
    pending: int
    rejected: int
    needs_admin: bool = (
        False  # the connection fails for a reason retrying will not fix (certificate, address)
    )
    first_load: FirstLoad | None = None  # the registry replica is being loaded (首次载入 or a scope change)


@dataclass(frozen=True)
class FirstLoad:
    """Where the registry replica's load stands: the kind being loaded and its rows, and all rows."""

    kind: str
    done: int
    total: int
    all_done: int
    all_total: int
    reload: bool = False


def first_load_of(state: dict[str, object]) -> FirstLoad | None:
    """From the load's own resume state (app.sync.snapshot, setting "sync_snapshot"), None once it is done."""
    if not state or state.get("done"):
        return None
    counts = {str(k): int(v) for k, v in dict(state.get("counts") or {}).items()}  # type: ignore[call-overload]
    loaded = {str(k): int(v) for k, v in dict(state.get("loaded") or {}).items()}  # type: ignore[call-overload]
    kind = str(state.get("kind") or "")
    if not kind:
        kind = next((k for k, n in counts.items() if loaded.get(k, 0) < n), next(iter(counts), ""))
    return FirstLoad(
        kind=kind,
        done=loaded.get(kind, 0),
        total=counts.get(kind, 0),
        all_done=sum(loaded.values()),
        all_total=sum(counts.values()),
        reload=bool(state.get("reload")),
    )


def _parse(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def pushed_by(actor: Actor) -> list[str]:
    """Whose outbox entries this user's session sends: its own, and for an administrator the system's too (a
    token may push only its own user's changes)."""
    return [actor.username, "system"] if actor.role == "admin" else [actor.username]


def sync_snapshot(ctx: ServiceContext, actor: Actor | None = None) -> SyncSnapshot:
    """The sync state, counting every entry still waiting on this workstation, whoever made it: the workstation
    pushes them all (and an entry waiting for a colleague is still not at the centre)."""
    state = settings.get(ctx, "sync_status")
    with ctx.store.engine.connect() as conn:
        counts: dict[str, int] = dict(
            conn.execute(
                select(_ob.c.state, func.count())
                .where(_ob.c.state.in_(("pending", "rejected")), _ob.c.acknowledged.is_(False))
                .group_by(_ob.c.state)
            ).all()
        )
    return SyncSnapshot(
        known=bool(state),
        online=bool(state.get("online", False)),
        needs_login=bool(state.get("needs_login", False)),
        last_success_at=_parse(state.get("last_success_at")),
        last_error=state.get("last_error") or None,
        needs_admin=bool(state.get("needs_admin", False)),
        pending=int(counts.get("pending", 0)),
        rejected=int(counts.get("rejected", 0)),
        first_load=first_load_of(settings.get(ctx, "sync_snapshot")),
    )


def acknowledge_rejection(ctx: ServiceContext, actor: Actor, outbox_id: int) -> None:
    """已处理: the clerk has seen a rejected change and dealt with it; audited like every other change."""
    now = ctx.now()
    with ctx.store.write() as s:
        entry = s.get(OutboxEntry, outbox_id)
        if entry is None:
            raise NotFoundError("OUTBOX_NOT_FOUND", "该待处理事项已不存在", fix="请刷新今日工作台。")
        entry.acknowledged = True
        audit(
            s,
            actor,
            "outbox.acknowledge",
            entry.entity,
            entry.entity_id,
            {"outbox_id": entry.id, "op": entry.op, "code": entry.result_code},
            now,
        )
