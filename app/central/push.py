"""POST /sync/push: a batch of outbox entries applied in order, each exactly once, in one transaction.

Each entry runs in a savepoint; its idempotency key and answer are written in the same transaction as its effect,
so a replay after a lost reply finds the key and gets the stored answer, never a second effect. A rejection is
stored too (the same entry is always refused the same way); "retry" is not stored, and it stops the batch there
so that later entries never overtake an earlier one. A refusal of who pushes (role, unit, actor, maker ≠
checker) is audited but not stored either: it says nothing about the entry, and storing it would let a forged
push under someone else's key use that key up. The payload hash covers op, entity, actor, payload and blobs.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime

import psycopg
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError

from app.central.auth import Principal
from app.central.authors import resolve_authors
from app.central.push_batch import Batch, payload_hash
from app.central.push_careful import apply_careful
from app.central.push_fast import NeedsCare, apply_fast
from app.central.schemas import Answer, ApplicationPayload, PushEntry
from app.models.db import Store

__all__ = ["payload_hash", "process_batch"]


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
    batch = Batch(
        entries,
        payloads,
        [str(e.key) for e in entries],
        [payload_hash(e) for e in entries],
        resolve_authors(store, p, entries),
    )
    with admission if admission is not None else nullcontext():
        return _apply_batch(store, p, batch, now)


def _apply_batch(store: Store, p: Principal, batch: Batch, now: datetime) -> list[Answer]:
    if (
        len(set(batch.keys)) == len(batch.keys)
        and all(isinstance(x, ApplicationPayload) for x in batch.payloads)
        and not any(e.op == "application.approve" for e in batch.entries)
    ):
        try:
            with store.write() as s:
                return apply_fast(s, p, batch, now)
        except (IntegrityError, psycopg.IntegrityError, NeedsCare):
            pass
    with store.write() as s:
        return apply_careful(s, batch, now)
