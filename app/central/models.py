"""Central-only tables: tokens, idempotency keys, the change feed, blobs and certificate-number leases.

The shared tables (applications, certificates, registries, users, workstations, audit events) are the local
models' own (`app.models.Base`); these live in a metadata of their own so the local store never carries them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Computed,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from app.models.base import NAMING

# Tables of app.models.Base that the central store holds; the rest (outbox, settings, ...) are local bookkeeping.
SHARED_TABLES = (
    "applications",
    "certificates",
    "certificate_versions",
    "users",
    "workstations",
    "audit_events",
    "persons",
    "companies",
    "company_qualifications",
    "constructor_registrations",
    "scores",
    "blacklist_entries",
    "calendar_years",
)


def _partial_indexes_on_postgresql() -> None:
    """The shared models name their partial indexes' predicate for SQLite only (app.models.applications)."""
    from app.models.applications import OPEN_STATUS_SQL, Application

    for index in cast(Table, Application.__table__).indexes:
        if index.name == "uq_applications_open_id_number":
            index.dialect_kwargs["postgresql_where"] = text(OPEN_STATUS_SQL)


_partial_indexes_on_postgresql()


class CentralBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime(timezone=False)}


class AuthToken(CentralBase):
    """A login session; only the SHA-256 of the bearer token is stored."""

    __tablename__ = "central_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(32), index=True)
    workstation_code: Mapped[str | None] = mapped_column(String(32))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # naive UTC
    revoked_at: Mapped[datetime | None]


class IdempotencyKey(CentralBase):
    """One processed outbox entry: written in the same transaction as its effect, so a retry replays `answer`."""

    __tablename__ = "central_idempotency"

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(48))
    username: Mapped[str] = mapped_column(String(32))
    answer: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


# Valid on PostgreSQL (json ->>) and SQLite (3.38+ ->>); stored there, virtual on SQLite (migration c0009).
REGION_SQL = (
    "CASE WHEN stream = 'registry' AND op <> 'delete' THEN substr(coalesce(data ->> 'holder_id_number', "
    "data ->> 'id_number', data ->> 'region', substr(data ->> 'uscc', 3, 4)), 1, 4) END"
)


class Change(CentralBase):
    """The change feed: `seq` is given by the sequencer (app.central.sequencer) after the writer commits, so seq
    order is the order in which changes became visible and a cursor never skips one."""

    __tablename__ = "central_changes"
    # A unit's pull reads its own rows and the shared rows (unit_code NULL) through this index: proportional to
    # what the unit receives, not to the size of the stream.
    # A city-scoped counter's registry pull reads each of its cities' rows through the second one (c0009).
    __table_args__ = (
        Index("ix_central_changes_stream_unit_seq", "stream", "unit_code", "seq"),
        Index("ix_central_changes_stream_unit_region_seq", "stream", "unit_code", "region", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    stream: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(96))
    op: Mapped[str] = mapped_column(String(48))
    unit_code: Mapped[str | None] = mapped_column(String(12))  # None: every unit may read it
    data: Mapped[dict[str, Any]]
    at: Mapped[datetime]
    # The registry row's city (app.core.replica_scope), computed by the database from `data` whoever writes the
    # row; None for deletes, the calendar and every other stream: those reach every replica.
    region: Mapped[str | None] = mapped_column(String(4), Computed(REGION_SQL, persisted=True))


class PendingChange(CentralBase):
    """A feed change written by a transaction on PostgreSQL, waiting for the sequencer to give it its `seq`.

    `id` is drawn when the writer flushes its journal (its last statements, after every row lock it takes), so
    two transactions touching the same row draw their ids in the order they committed."""

    __tablename__ = "central_changes_pending"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    stream: Mapped[str] = mapped_column(String(16))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(96))
    op: Mapped[str] = mapped_column(String(48))
    unit_code: Mapped[str | None] = mapped_column(String(12))
    data: Mapped[dict[str, Any]]
    at: Mapped[datetime]


class PendingAudit(CentralBase):
    """An audit event written by a transaction on PostgreSQL, waiting for the sequencer to chain it."""

    __tablename__ = "central_audit_pending"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


class FeedFloor(CentralBase):
    """Per stream: changes at or below `floor` were compacted; a cursor below it must refetch the stream."""

    __tablename__ = "central_feed_floors"

    stream: Mapped[str] = mapped_column(String(16), primary_key=True)
    floor: Mapped[int] = mapped_column(BigInteger)
    compacted_at: Mapped[datetime]


class Blob(CentralBase):
    """A material file (scan, photo), content-addressed by the SHA-256 of its plaintext; `size` is the plaintext's."""

    __tablename__ = "central_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # How `data` is kept: "" plaintext (rows from before encryption at rest), "aesgcm-v1" (app.central.blobs).
    enc: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # Pixel size of an image, read from the plaintext at upload (the materials feed cannot read encrypted data);
    # None for a PDF, an unrecognised file or a row stored before encryption.
    width: Mapped[int | None]
    height: Mapped[int | None]
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class NumberCounter(CentralBase):
    """The next free certificate serial per family, serial key and year (证书编号计数器)."""

    __tablename__ = "central_number_counters"

    family: Mapped[str] = mapped_column(String(4), primary_key=True)
    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    next_serial: Mapped[int]


class LeasedBlock(CentralBase):
    """A block of serials leased to one workstation; `first_unused` is what the workstation last reported."""

    __tablename__ = "central_number_blocks"
    __table_args__ = (Index("ix_central_number_blocks_key", "family", "key", "year"),)

    block_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(String(16))
    year: Mapped[int]
    first: Mapped[int]
    last: Mapped[int]
    workstation_code: Mapped[str] = mapped_column(String(32))
    username: Mapped[str] = mapped_column(String(32))
    leased_at: Mapped[datetime]
    first_unused: Mapped[int | None]
    reported_at: Mapped[datetime | None]


class MaterialRecord(CentralBase):
    """A material change (scan attached, page rotated, ...) as the counter recorded it; its files are blobs.

    Kept by application UUID without a foreign key: pages are attached while the application is still a local
    draft, so their changes reach the central store before the application itself does.
    """

    __tablename__ = "central_material_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    application_uuid: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]]
    blobs: Mapped[list[Any]]
    username: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]


class RejectionMark(CentralBase):
    """The conflict rule (docs/DESIGN.md): after an entry of a record from one counter is rejected, that counter's
    later entries of the record are refused until one of them says it was made after the rejection was known."""

    __tablename__ = "central_rejection_marks"

    source: Mapped[str] = mapped_column(
        String(64), primary_key=True
    )  # workstation code (or user) that pushed
    entity_id: Mapped[str] = mapped_column(String(96), primary_key=True)
    key: Mapped[str] = mapped_column(String(36))  # the rejected entry
    at: Mapped[datetime]


class WorkstationCredential(CentralBase):
    """An enrolled workstation's own credential (only its SHA-256 is kept); revoking it stops the workstation's
    sync at once, whoever is logged in there."""

    __tablename__ = "central_workstation_credentials"

    workstation_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    unit_code: Mapped[str] = mapped_column(String(12))
    enrolled_by: Mapped[str] = mapped_column(String(32))
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(32))


class IssuingUnit(CentralBase):
    """A unit's issuing authority (发证机关) as the central store knows it: its unified social credit code goes
    into every e-certificate identifier the centre derives for that unit's certificates. Set by the unit's
    administrator centrally (`POST /admin/unit`, or `counterdesk-central migrate --issuer-uscc`), never taken
    from what a counter sends."""

    __tablename__ = "central_units"

    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    issuer_uscc: Mapped[str] = mapped_column(String(18))
    issuer_name: Mapped[str | None] = mapped_column(String(64))
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]
