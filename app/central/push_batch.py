"""What both ways of applying a push batch share (app/central/push.py): the batch, the payload digest, the
answers for entries that need no applying (a replay, an entry behind a retry, a missing blob), and the answer for a
constraint the database enforced."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.central.auth import Principal
from app.central.effects import (
    APPLICATION_OPS,
    OPEN_APPLICATION_FIX,
    OPEN_APPLICATION_MESSAGE,
    central_snapshot,
)
from app.central.models import Blob, IdempotencyKey
from app.central.schemas import Answer, PushEntry
from app.core.snapshots import certificate_snapshot
from app.domain.errors import DomainError
from app.models import Application, Certificate


@dataclass(frozen=True)
class Batch:
    """A push batch with the work done before any transaction: each entry's payload (validated), key, payload
    digest and proven author (or the refusal of its authorship)."""

    entries: list[PushEntry]
    payloads: list[BaseModel]
    keys: list[str]
    digests: list[str]
    authors: list[Principal | DomainError]

    def rows(self) -> Iterator[tuple[int, PushEntry, BaseModel, str, str, Principal | DomainError]]:
        for i, entry in enumerate(self.entries):
            yield i, entry, self.payloads[i], self.keys[i], self.digests[i], self.authors[i]


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


def integrity_answer(key: str, err: IntegrityError) -> Answer:
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


def current_state(s: Session, entry: PushEntry) -> dict[str, Any] | None:
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
def ruled(entry: PushEntry) -> bool:
    return entry.op.startswith(("application.", "certificate."))


# Stands for the pusher in the audit of an entry whose author could not be proven.
UNPROVEN = Principal("unproven", "clerk", "", "", None, "")


def settled_before_apply(
    entry: PushEntry, key: str, digest: str, stored: dict[str, IdempotencyKey], have: set[str], blocked: bool
) -> tuple[Answer | None, bool]:
    """The answer for an entry that needs no applying — behind an earlier retry, a replayed duplicate, or citing a
    blob the central store lacks — and whether the entries after it must wait (order is never overtaken)."""
    if blocked:
        return Answer(key=key, status="retry", code="BLOCKED", message="前序变更尚未被中心接受"), True
    if key in stored:
        return replay(stored[key], key, digest), False
    missing = [h for h in entry.blobs if h not in have]
    if missing:
        return Answer(
            key=key, status="retry", code="BLOB_MISSING", message=f"中心尚缺 {len(missing)} 个材料文件"
        ), True
    return None, False


def prelude(
    s: Session, entries: list[PushEntry], keys: list[str]
) -> tuple[dict[str, IdempotencyKey], set[str]]:
    stored = {
        row.key: row
        for row in s.execute(select(IdempotencyKey).where(IdempotencyKey.key.in_(keys))).scalars()
    }
    wanted = {h for e in entries for h in e.blobs}
    have = set(s.execute(select(Blob.sha256).where(Blob.sha256.in_(wanted))).scalars()) if wanted else set()
    return stored, have


def replay(row: IdempotencyKey, key: str, digest: str) -> Answer:
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


def refused(key: str, err: DomainError, current: dict[str, Any] | None) -> Answer:
    """The answer for an entry the centre refused, with the record's central state when there is one."""
    return Answer(
        key=key,
        status="rejected",
        code=err.code,
        message=err.message,
        fix=err.fix,
        field=err.field,
        current=current,
    )
