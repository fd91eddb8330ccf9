"""The conflict rule (docs/DESIGN.md): after an entry of a record from one counter is rejected, that counter's
later entries of the record are refused until one says it was made after the rejection was known."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.central.auth import Principal
from app.central.models import RejectionMark
from app.central.schemas import PushEntry
from app.domain.errors import ConflictError


def source_of(p: Principal) -> str:
    """Which counter pushed: its workstation, or for a session without one, the user."""
    return p.workstation or f"user:{p.username}"


def check_rejection_mark(s: Session, p: Principal, entry: PushEntry) -> None:
    """After a rejected entry of a record, the same counter's later entries of it are refused, unless the entry
    says it was made after the counter knew of that rejection (it then starts from the central state)."""
    mark = s.get(RejectionMark, (source_of(p), entry.entity_id))
    if mark is None:
        return
    if entry.after_rejection is not None and str(entry.after_rejection) == mark.key:
        s.delete(mark)
        return
    raise ConflictError(
        "PREVIOUS_REJECTED",
        "此前的变更已被中心拒绝，本变更依据的内容已不成立，中心未接收",
        field="key",
        fix="本机已更新为中心的最新内容，请核对后按当前状态重新办理。",
    )


def mark_rejected(s: Session, p: Principal, entry: PushEntry, now: datetime) -> None:
    """Remember the first rejected entry of a record from this counter; the refusals that follow it (for
    "PREVIOUS_REJECTED") keep pointing at that first one, which is what the counter acknowledges.

    An entry that named the mark (made after the counter knew of that rejection) and is itself refused on its
    own merits becomes the new mark: the counter's next entry names this refusal, the latest it knows of, and
    would otherwise be refused for ever. (The entry's savepoint, rolled back, has put the old mark back.)"""
    source = source_of(p)
    mark = s.get(RejectionMark, (source, entry.entity_id))
    if mark is None:
        s.add(RejectionMark(source=source, entity_id=entry.entity_id, key=str(entry.key), at=now))
    elif entry.after_rejection is not None and str(entry.after_rejection) == mark.key:
        mark.key, mark.at = str(entry.key), now
    s.flush()
