"""The careful path of a push (app/central/push.py): entry by entry, each in a savepoint, every effect derived by
the centre, every refusal answered precisely, stored (but for a refusal of who pushes) and marked for the
conflict rule."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.central.admin_effects import apply_registry, apply_user
from app.central.auth import Forbidden, Principal
from app.central.certificate_ops import apply_certificate
from app.central.conflicts import check_rejection_mark, mark_rejected
from app.central.effects import (
    CERTIFICATE_OPS,
    Applied,
    Retry,
    apply_application,
    apply_material,
    check_actor,
)
from app.central.feed import Journal
from app.central.models import IdempotencyKey
from app.central.push_batch import (
    UNPROVEN,
    Batch,
    current_state,
    integrity_answer,
    prelude,
    refused,
    replay,
    ruled,
    settled_before_apply,
)
from app.central.schemas import (
    Answer,
    ApplicationPayload,
    CertificatePayload,
    MaterialPayload,
    PushEntry,
    RegistryPayload,
    UserPayload,
)
from app.domain.errors import DomainError, PermissionDenied


def _apply(
    s: Session,
    p: Principal,
    entry: PushEntry,
    payload: BaseModel,
    batch: list[PushEntry],
    index: int,
    journal: Journal,
    now: datetime,
) -> Applied:
    check_actor(p, entry)
    if ruled(entry):
        check_rejection_mark(s, p, entry)
    if isinstance(payload, ApplicationPayload):
        return apply_application(s, p, entry, payload, journal, now)
    if isinstance(payload, CertificatePayload):
        assert entry.op in CERTIFICATE_OPS
        return apply_certificate(s, p, entry, payload, batch, index, journal, now)
    if isinstance(payload, MaterialPayload):
        return apply_material(s, p, entry, payload, journal, now)
    if isinstance(payload, RegistryPayload):
        return apply_registry(s, p, entry, payload, journal, now)
    assert isinstance(payload, UserPayload)
    return apply_user(s, p, entry, payload, journal, now)


def apply_careful(s: Session, batch: Batch, now: datetime) -> list[Answer]:
    """Entry by entry, each in a savepoint, so that every entry gets its own precise answer."""
    entries = batch.entries
    answers: list[Answer] = []
    stored, have = prelude(s, entries, batch.keys)
    journal = Journal()
    blocked = False
    for i, entry, payload, key, digest, author in batch.rows():
        early, blocked = settled_before_apply(entry, key, digest, stored, have, blocked)
        if early is not None:
            answers.append(early)
            continue
        part = Journal()
        answer: Answer
        forbidden = False
        p = author if isinstance(author, Principal) else UNPROVEN
        try:
            with s.begin_nested():
                if not isinstance(author, Principal):
                    raise author
                applied = _apply(s, p, entry, payload, entries, i, part, now)
                answer = Answer(key=key, status="applied", current=applied.detail or None)
                _store(s, p, entry, key, digest, answer, now)
        except Retry as r:
            answers.append(Answer(key=key, status="retry", code=r.code, message=r.message))
            blocked = True
            continue
        except DomainError as err:
            forbidden = isinstance(err, Forbidden | PermissionDenied)
            answer = refused(key, err, current_state(s, entry))
        except IntegrityError as err:
            again = s.get(IdempotencyKey, key)
            if again is not None:  # the same key committed meanwhile by a concurrent push
                answers.append(replay(again, key, digest))
                continue
            answer = integrity_answer(key, err)
            answer.current = current_state(s, entry)
        if answer.status == "rejected":
            # A refusal of *who* pushes (role, unit, actor, maker ≠ checker) is not the entry's fate: it is
            # not stored, so a forged push under a known key cannot use up the rightful owner's key.
            if not forbidden:
                try:
                    with s.begin_nested():
                        _store(s, p, entry, key, digest, answer, now)
                        if ruled(entry):
                            mark_rejected(s, p, entry, now)
                except IntegrityError:
                    again = s.get(IdempotencyKey, key)
                    if again is None:
                        raise
                    answers.append(replay(again, key, digest))
                    continue
            part = Journal()
            part.audit(
                p.username,
                "central.push_rejected",
                entry.entity,
                entry.entity_id,
                {"op": entry.op, "key": key, "code": answer.code},
            )
        journal.extend(part)
        answers.append(answer)
    s.flush()
    journal.flush(s, now)
    return answers


def _store(
    s: Session, p: Principal, entry: PushEntry, key: str, digest: str, answer: Answer, now: datetime
) -> None:
    s.add(
        IdempotencyKey(
            key=key,
            payload_hash=digest,
            op=entry.op,
            username=p.username,
            answer=answer.model_dump(),
            created_at=now,
        )
    )
    s.flush()
