"""The fast path of a push (app/central/push.py): a batch of application changes applied with one locking read, no
savepoints and its inserts in one psycopg pipeline. Anything it does not do (a rejection that leaves a conflict
mark, a constraint that fires) sends the whole batch to the careful path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

import psycopg
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.central.auth import Forbidden, Principal
from app.central.bulk_rows import insert_rows
from app.central.conflicts import source_of
from app.central.effects import (
    Retry,
    apply_application,
    central_snapshot,
    check_actor,
    prefetch_applications,
)
from app.central.feed import Journal
from app.central.models import IdempotencyKey, RejectionMark
from app.central.push_batch import Batch, prelude, refused, settled_before_apply
from app.central.schemas import Answer, ApplicationPayload
from app.domain.errors import DomainError, PermissionDenied
from app.models import Application

_APPLICATIONS = cast(Table, Application.__table__)
_APPLICATION_COLUMNS = tuple(c.key for c in _APPLICATIONS.columns if c.key != "id")
_KEYS = cast(Table, IdempotencyKey.__table__)


class NeedsCare(Exception):
    """The fast path met something it does not do (a rejection, a conflict mark): redo the batch carefully."""


def apply_fast(s: Session, p: Principal, batch: Batch, now: datetime) -> list[Answer]:
    """One locking read, no savepoints, bulk inserts; raises NeedsCare (or a constraint's IntegrityError) when
    the batch must be redone entry by entry."""
    entries, keys = batch.entries, batch.keys
    stored, have = prelude(s, entries, keys)
    marked = s.execute(
        select(RejectionMark.entity_id).where(
            RejectionMark.source == source_of(p), RejectionMark.entity_id.in_({e.entity_id for e in entries})
        )
    ).first()
    if marked is not None:
        raise NeedsCare
    cache = prefetch_applications(s, [e.entity_id for e in entries])
    known = set(cache)
    journal = Journal()
    answers: list[Answer] = []
    rows: list[dict[str, Any]] = []
    blocked = False
    for _i, entry, payload, key, digest, author in batch.rows():
        early, blocked = settled_before_apply(entry, key, digest, stored, have, blocked)
        if early is not None:
            answers.append(early)
            continue
        assert isinstance(payload, ApplicationPayload)
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
                raise NeedsCare from err  # a rejection leaves a conflict mark: the careful path writes it
            app = cache.get(entry.entity_id)
            answer = refused(key, err, central_snapshot(app) if app is not None else None)
            journal.audit(
                pe.username,
                "central.push_rejected",
                entry.entity,
                entry.entity_id,
                {"op": entry.op, "key": key, "code": answer.code},
            )
            if isinstance(err, Forbidden | PermissionDenied):
                answers.append(answer)  # not stored: see push_careful
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
    # The new applications are transient (never added to the session): every value set is in the instance's
    # __dict__, and a column never set is None, as reading the attribute would give.
    fresh = [
        {c: a.__dict__.get(c) for c in _APPLICATION_COLUMNS} for uid, a in cache.items() if uid not in known
    ]
    s.flush()  # updates of existing applications (their row counts are checked): before the pipeline
    with one_round_trip(s):
        # Core inserts on the tables (no ORM bulk-persistence bookkeeping), nothing read back inside the
        # pipeline; the journal's pending rows last, so their ids are still drawn after every row this writes.
        insert_rows(s, _APPLICATIONS, fresh)
        insert_rows(s, _KEYS, rows)
        journal.flush(s, now)
    return answers


@contextmanager
def one_round_trip(s: Session) -> Iterator[None]:
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
