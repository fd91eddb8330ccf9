"""POST /sync/push: a batch of outbox entries applied in order, each exactly once, in one transaction.

Each entry runs in a savepoint; its idempotency key and answer are written in the same transaction as its effect,
so a replay after a lost reply finds the key and gets the stored answer, never a second effect. A rejection is
stored too (the same entry is always refused the same way); "retry" is not stored, and it stops the batch there
so that later entries never overtake an earlier one. A refusal of who pushes (role, unit, actor, maker ≠
checker) is audited but not stored either: it says nothing about the entry, and storing it would let a forged
push under someone else's key use that key up. The payload hash covers op, entity, actor, payload and blobs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from typing import Any, cast

import psycopg
from pydantic import BaseModel
from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.central.admin_effects import apply_registry, apply_user
from app.central.auth import Forbidden, Principal
from app.central.authors import resolve_authors
from app.central.certificate_ops import apply_certificate
from app.central.conflicts import check_rejection_mark, mark_rejected, source_of
from app.central.effects import (
    APPLICATION_OPS,
    CERTIFICATE_OPS,
    OPEN_APPLICATION_FIX,
    OPEN_APPLICATION_MESSAGE,
    Applied,
    Retry,
    apply_application,
    apply_material,
    central_snapshot,
    check_actor,
    prefetch_applications,
)
from app.central.feed import Journal, insert_rows
from app.central.models import Blob, IdempotencyKey, RejectionMark
from app.central.schemas import (
    Answer,
    ApplicationPayload,
    CertificatePayload,
    MaterialPayload,
    PushEntry,
    RegistryPayload,
    UserPayload,
)
from app.core.snapshots import certificate_snapshot
from app.domain.errors import DomainError, PermissionDenied
from app.models import Application, Certificate
from app.models.db import Store


def payload_hash(entry: PushEntry) -> str:
    body = json.dumps(
        [entry.op, entry.entity, entry.entity_id, entry.actor, entry.payload, sorted(entry.blobs)],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Which constraint a refused entry broke, recognised from the database's message, and what the clerk is told.
_CONSTRAINTS: tuple[tuple[tuple[str, ...], str, str, str, str | None], ...] = (
    (
        ("uq_applications_open_id_number", "applications.id_number"),
        "OPEN_APPLICATION_EXISTS",
        OPEN_APPLICATION_MESSAGE,
        OPEN_APPLICATION_FIX,
        "id_number",
    ),
    (
        ("certificates.number", "uq_certificates_number"),
        "CERT_NUMBER_TAKEN",
        "证书编号已被使用",
        "证书编号段由中心统一分配；请联网同步领取新的编号段后重新办理。",
        "certificate_number",
    ),
    (
        ("applications.number", "uq_applications_number"),
        "NUMBER_TAKEN",
        "办件编号与中心已有办件重复",
        "请检查本工作站的单位代码和窗口号设置是否与其他窗口重复。",
        "number",
    ),
)


def _integrity_answer(key: str, err: IntegrityError) -> Answer:
    text = str(err.orig)
    for markers, code, message, fix, field in _CONSTRAINTS:
        if any(m in text for m in markers):
            return Answer(key=key, status="rejected", code=code, message=message, fix=fix, field=field)
    return Answer(
        key=key,
        status="rejected",
        code="CONSTRAINT",
        message="数据与中心已有记录冲突",
        fix="请联系技术支持。",
    )


def _current(s: Session, entry: PushEntry) -> dict[str, Any] | None:
    if entry.op not in APPLICATION_OPS:
        return None
    app = s.execute(select(Application).where(Application.uuid == entry.entity_id)).scalar_one_or_none()
    if app is None:
        return None
    data = central_snapshot(app)
    if app.certificate_number:
        # What the register holds now, so that a counter whose approval lost can put its copy back.
        cert = s.execute(
            select(Certificate).where(Certificate.number == app.certificate_number)
        ).scalar_one_or_none()
        if cert is not None:
            data["certificate"] = certificate_snapshot(cert)
    return data


# The conflict rule applies to the records a person changes: applications and certificates (not their material
# files, which stay wanted whatever becomes of one change).
def _ruled(entry: PushEntry) -> bool:
    return entry.op.startswith(("application.", "certificate."))


# Stands for the pusher in the audit of an entry whose author could not be proven.
_UNPROVEN = Principal("unproven", "clerk", "", "", None, "")


_APPLICATIONS = cast(Table, Application.__table__)
_APPLICATION_COLUMNS = tuple(c.key for c in _APPLICATIONS.columns if c.key != "id")
_KEYS = cast(Table, IdempotencyKey.__table__)


class _NeedsCare(Exception):
    """The fast path met something it does not do (a rejection, a conflict mark): redo the batch carefully."""


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
    if _ruled(entry):
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


def _settled_before_apply(
    entry: PushEntry, key: str, digest: str, stored: dict[str, IdempotencyKey], have: set[str], blocked: bool
) -> tuple[Answer | None, bool]:
    """The answer for an entry that needs no applying — behind an earlier retry, a replayed duplicate, or citing a
    blob the central store lacks — and whether the entries after it must wait (order is never overtaken)."""
    if blocked:
        return Answer(key=key, status="retry", code="BLOCKED", message="前序变更尚未被中心接受"), True
    if key in stored:
        return _replay(stored[key], key, digest), False
    missing = [h for h in entry.blobs if h not in have]
    if missing:
        return Answer(
            key=key, status="retry", code="BLOB_MISSING", message=f"中心尚缺 {len(missing)} 个材料文件"
        ), True
    return None, False


def process_batch(
    store: Store,
    p: Principal,
    entries: list[PushEntry],
    payloads: list[BaseModel],
    now: datetime,
    admission: AbstractContextManager[object] | None = None,
) -> list[Answer]:
    """Apply a batch in one transaction. Batches of application changes first take a fast path (one locking
    read, no savepoints, bulk inserts); if a constraint fires there (e.g. two counters opened an application for
    the same ID at once) the transaction is rolled back and the batch redone entry by entry with savepoints,
    which gives every entry its own precise answer."""
    # The Python work (digests, signatures) is done here, before the transaction takes any lock.
    keys = [str(e.key) for e in entries]
    digests = [payload_hash(e) for e in entries]
    authors = resolve_authors(store, p, entries)
    with admission if admission is not None else nullcontext():
        return _apply_batch(store, p, authors, entries, payloads, keys, digests, now)


def _apply_batch(
    store: Store,
    p: Principal,
    authors: list[Principal | DomainError],
    entries: list[PushEntry],
    payloads: list[BaseModel],
    keys: list[str],
    digests: list[str],
    now: datetime,
) -> list[Answer]:
    if (
        len(set(keys)) == len(keys)
        and all(isinstance(x, ApplicationPayload) for x in payloads)
        and not any(e.op == "application.approve" for e in entries)
    ):
        try:
            with store.write() as s:
                return _fast(s, p, authors, entries, payloads, keys, digests, now)
        except (IntegrityError, psycopg.IntegrityError, _NeedsCare):
            pass
    with store.write() as s:
        return _careful(s, authors, entries, payloads, keys, digests, now)


def _prelude(
    s: Session, entries: list[PushEntry], keys: list[str]
) -> tuple[dict[str, IdempotencyKey], set[str]]:
    stored = {
        row.key: row
        for row in s.execute(select(IdempotencyKey).where(IdempotencyKey.key.in_(keys))).scalars()
    }
    wanted = {h for e in entries for h in e.blobs}
    have = set(s.execute(select(Blob.sha256).where(Blob.sha256.in_(wanted))).scalars()) if wanted else set()
    return stored, have


def _fast(
    s: Session,
    p: Principal,
    authors: list[Principal | DomainError],
    entries: list[PushEntry],
    payloads: list[BaseModel],
    keys: list[str],
    digests: list[str],
    now: datetime,
) -> list[Answer]:
    stored, have = _prelude(s, entries, keys)
    marked = s.execute(
        select(RejectionMark.entity_id).where(
            RejectionMark.source == source_of(p), RejectionMark.entity_id.in_({e.entity_id for e in entries})
        )
    ).first()
    if marked is not None:
        raise _NeedsCare
    cache = prefetch_applications(s, [e.entity_id for e in entries])
    known = set(cache)
    journal = Journal()
    answers: list[Answer] = []
    rows: list[dict[str, Any]] = []
    blocked = False
    for i, (entry, payload) in enumerate(zip(entries, payloads, strict=True)):
        key, digest = keys[i], digests[i]
        early, blocked = _settled_before_apply(entry, key, digest, stored, have, blocked)
        if early is not None:
            answers.append(early)
            continue
        assert isinstance(payload, ApplicationPayload)
        author = authors[i]
        pe = author if isinstance(author, Principal) else p
        try:
            if not isinstance(author, Principal):
                raise author
            check_actor(pe, entry)
            applied = apply_application(s, pe, entry, payload, journal, now, cache)
            answer = Answer(key=key, status="applied", current=applied.detail or None)
        except Retry as r:
            answers.append(Answer(key=key, status="retry", code=r.code, message=r.message))
            blocked = True
            continue
        except DomainError as err:
            if not isinstance(err, Forbidden | PermissionDenied):
                raise _NeedsCare from err  # a rejection leaves a conflict mark: the careful path writes it
            app = cache.get(entry.entity_id)
            answer = Answer(
                key=key,
                status="rejected",
                code=err.code,
                message=err.message,
                fix=err.fix,
                field=err.field,
                current=central_snapshot(app) if app is not None else None,
            )
            journal.audit(
                pe.username,
                "central.push_rejected",
                entry.entity,
                entry.entity_id,
                {"op": entry.op, "key": key, "code": answer.code},
            )
            if isinstance(err, Forbidden | PermissionDenied):
                answers.append(answer)  # not stored: see _careful
                continue
        rows.append(
            {
                "key": key,
                "payload_hash": digest,
                "op": entry.op,
                "username": pe.username,
                "answer": answer.model_dump(),
                "created_at": now,
            }
        )
        answers.append(answer)
    fresh = [{c: getattr(a, c) for c in _APPLICATION_COLUMNS} for uid, a in cache.items() if uid not in known]
    s.flush()  # updates of existing applications (their row counts are checked): before the pipeline
    with _one_round_trip(s):
        # Core inserts on the tables (no ORM bulk-persistence bookkeeping), nothing read back inside the
        # pipeline; the journal's pending rows last, so their ids are still drawn after every row this writes.
        insert_rows(s, _APPLICATIONS, fresh)
        insert_rows(s, _KEYS, rows)
        journal.flush(s, now)
    return answers


@contextmanager
def _one_round_trip(s: Session) -> Iterator[None]:
    """On PostgreSQL the writes inside are sent together (a psycopg pipeline) and their results awaited once at
    the end, instead of one round trip per statement; a constraint that fires surfaces there, as the DBAPI's
    IntegrityError, and the batch is redone carefully like after any other constraint."""
    if s.get_bind().dialect.name != "postgresql":
        yield
        return
    driver = s.connection().connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    with driver.pipeline():
        yield


def _careful(
    s: Session,
    authors: list[Principal | DomainError],
    entries: list[PushEntry],
    payloads: list[BaseModel],
    keys: list[str],
    digests: list[str],
    now: datetime,
) -> list[Answer]:
    answers: list[Answer] = []
    stored, have = _prelude(s, entries, keys)
    journal = Journal()
    blocked = False
    for i, (entry, payload) in enumerate(zip(entries, payloads, strict=True)):
        key, digest = keys[i], digests[i]
        early, blocked = _settled_before_apply(entry, key, digest, stored, have, blocked)
        if early is not None:
            answers.append(early)
            continue
        part = Journal()
        answer: Answer
        forbidden = False
        author = authors[i]
        p = author if isinstance(author, Principal) else _UNPROVEN
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
            answer = Answer(
                key=key,
                status="rejected",
                code=err.code,
                message=err.message,
                fix=err.fix,
                field=err.field,
                current=_current(s, entry),
            )
        except IntegrityError as err:
            again = s.get(IdempotencyKey, key)
            if again is not None:  # the same key committed meanwhile by a concurrent push
                answers.append(_replay(again, key, digest))
                continue
            answer = _integrity_answer(key, err)
            answer.current = _current(s, entry)
        if answer.status == "rejected":
            # A refusal of *who* pushes (role, unit, actor, maker ≠ checker) is not the entry's fate: it is
            # not stored, so a forged push under a known key cannot use up the rightful owner's key.
            if not forbidden:
                try:
                    with s.begin_nested():
                        _store(s, p, entry, key, digest, answer, now)
                        if _ruled(entry):
                            mark_rejected(s, p, entry, now)
                except IntegrityError:
                    again = s.get(IdempotencyKey, key)
                    if again is None:
                        raise
                    answers.append(_replay(again, key, digest))
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


def _replay(row: IdempotencyKey, key: str, digest: str) -> Answer:
    if row.payload_hash != digest:
        return Answer(
            key=key,
            status="rejected",
            code="IDEMPOTENCY_CONFLICT",
            message="同一变更编号已提交过不同的内容，中心拒绝接收",
            fix="本机数据可能已被改动；请联系技术支持核对本机数据。",
            field="key",
        )
    original = dict(row.answer)
    return Answer(
        key=key,
        status="duplicate",
        code=original.get("code"),
        message=original.get("message"),
        fix=original.get("fix"),
        field=original.get("field"),
        original=original,
        current=original.get("current"),
    )
