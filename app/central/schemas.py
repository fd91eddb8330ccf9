"""Request and answer schemas of the sync API; FastAPI turns a violation into a 422 that names the field."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Sha256 = Field(pattern=r"^[0-9a-f]{64}$")
RoleName = Literal["clerk", "supervisor", "admin"]


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=256)
    workstation: str | None = Field(default=None, max_length=32)


class UserInfo(BaseModel):
    username: str
    display_name: str
    role: str
    unit_code: str


class LoginAnswer(BaseModel):
    token: str
    expires_at: datetime
    user: UserInfo


class PushEntry(BaseModel):
    """One outbox row as the client holds it."""

    key: uuid.UUID
    op: str = Field(min_length=1, max_length=48)
    entity: str = Field(min_length=1, max_length=32)
    entity_id: str = Field(min_length=1, max_length=96)
    actor: str = Field(min_length=1, max_length=32)
    created_at: datetime | None = None
    payload: dict[str, Any]
    blobs: list[str] = Field(default_factory=list, max_length=200)
    # The conflict rule: set on an entry made after the counter learnt that this earlier entry of the same record
    # was rejected (docs/DESIGN.md).
    after_rejection: uuid.UUID | None = None
    # The author's Ed25519 signature over the entry (app/core/authorship.py); required when a workstation pushes.
    signature: str | None = Field(default=None, max_length=128)


class PushRequest(BaseModel):
    entries: list[PushEntry] = Field(min_length=1, max_length=1000)


class Answer(BaseModel):
    key: str
    status: Literal["applied", "duplicate", "rejected", "retry"]
    code: str | None = None
    message: str | None = None
    fix: str | None = None
    field: str | None = None
    original: dict[str, Any] | None = None  # for a duplicate: the stored first answer
    current: dict[str, Any] | None = None  # for a rejected application change: the central state


class PushAnswer(BaseModel):
    answers: list[Answer]


class PullAnswer(BaseModel):
    stream: str
    changes: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
    refetch: bool = False


# Payloads of the ops the services write (app/services/recording.py callers).


class ApplicationSnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    uuid: uuid.UUID
    number: str | None = Field(default=None, max_length=32)
    item_code: str = Field(min_length=1, max_length=32)
    family: str = Field(min_length=1, max_length=4)
    status: str = Field(min_length=1, max_length=24)
    version: int = Field(ge=1)
    id_number: str = Field(min_length=1, max_length=18)
    applicant_name: str = Field(max_length=64)
    mobile: str | None = Field(default=None, max_length=20)
    company_code: str | None = Field(default=None, max_length=18)
    company_name: str | None = Field(default=None, max_length=128)
    certificate_number: str | None = Field(default=None, max_length=40)
    form: dict[str, Any]
    conditions: list[Any]
    material_states: dict[str, Any]
    reason: str | None = Field(default=None, max_length=512)
    missing_items: list[Any]
    review_opinion: str | None = Field(default=None, max_length=512)  # 审核意见, taken with an approval or return
    unit_code: str = Field(min_length=1, max_length=12)
    counter_no: str = Field(min_length=1, max_length=8)
    created_by: str = Field(min_length=1, max_length=32)
    received_by: str | None = None
    received_at: datetime | None = None
    accepted_by: str | None = None
    decided_by: str | None = None
    due_on: date | None = None


class ApplicationPayload(BaseModel):
    base_version: int = Field(ge=0, le=1_000_000)
    application: ApplicationSnapshot
    # An approval: the issuing unit's code for the e-certificate identifier and the photo on the certificate
    # (one of the application's own material files). Everything else is derived.
    issuer_uscc: str | None = Field(default=None, max_length=18)
    photo_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class CertificateSnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    number: str = Field(min_length=1, max_length=40)
    family: str = Field(min_length=1, max_length=4)
    category: str = Field(max_length=8)
    grade: str | None = None
    holder_id_number: str = Field(min_length=1, max_length=18)
    holder_name: str = Field(max_length=64)
    holder_sex: str | None = None
    holder_birth_date: date | None = None
    company_code: str | None = None
    company_name: str | None = None
    position: str | None = None
    training_body: str | None = None
    status: str = Field(pattern=r"^\d{2}$")
    first_issued_on: date
    valid_from: date
    valid_to: date | None = None
    issued_on: date
    version: int = Field(ge=1)
    ecert_id: str | None = None
    photo_sha256: str | None = None
    origin: str | None = None


class CertificatePayload(BaseModel):
    operation_type: str = Field(pattern=r"^\d{2}$")
    application_number: str | None = None
    certificate: CertificateSnapshot


class UserPayload(BaseModel):
    username: str = Field(min_length=1, max_length=32)
    display_name: str = Field(max_length=64)
    role: RoleName
    unit_code: str = Field(min_length=1, max_length=12)
    active: bool
    # The Argon2id hash (never the password), so an account made at a counter can log in centrally too.
    password_hash: str | None = Field(default=None, max_length=256, pattern=r"^\$argon2id\$")
    must_change_password: bool | None = None
    sign_public_keys: list[str] | None = Field(default=None, max_length=8)
    sign_private: str | None = Field(default=None, max_length=256, pattern=r"^ed25519-argon2id-aesgcm-v1\$")


class RegistryPayload(BaseModel):
    """registry.<kind>.upsert from an administrator's Excel import: the record as the importer wrote it."""

    model_config = ConfigDict(extra="allow")


class MaterialPayload(BaseModel):
    """material.attach / delete / rotate / crop / reorder: the rest of the payload is kept as sent."""

    model_config = ConfigDict(extra="allow")

    application: uuid.UUID
    material: str | None = Field(default=None, max_length=32)


class LeaseRequest(BaseModel):
    block_id: uuid.UUID
    family: str = Field(min_length=1, max_length=4)
    key: str = Field(max_length=16)
    year: int = Field(ge=2000, le=2100)
    size: int = Field(default=100, ge=1, le=10000)


class LeaseAnswer(BaseModel):
    block_id: str
    family: str
    key: str
    year: int
    first: int
    last: int


class UnusedRange(BaseModel):
    block_id: uuid.UUID
    first_unused: int = Field(ge=0)
    last: int = Field(ge=0)


class ReportRequest(BaseModel):
    ranges: list[UnusedRange] = Field(max_length=10000)


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.]+$")
    display_name: str = Field(min_length=1, max_length=64)
    role: RoleName
    password: str = Field(min_length=8, max_length=256)
    unit_code: str | None = Field(default=None, max_length=12)


class NewWorkstation(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=64)
    unit_code: str | None = Field(default=None, max_length=12)
    counter_no: str = Field(min_length=1, max_length=8)


RegistryKind = Literal["person", "company", "constructor", "score", "blacklist"]


class RegistryRequest(BaseModel):
    kind: RegistryKind
    rows: list[dict[str, Any]] = Field(min_length=1, max_length=5000)
    delete: bool = False


class CompactRequest(BaseModel):
    stream: Literal["registry", "applications", "certificates", "materials"]
    upto: int = Field(ge=0)


class MissingRequest(BaseModel):
    sha256: list[str] = Field(max_length=2000)


class EnrolRequest(BaseModel):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1, max_length=64)
    counter_no: str = Field(min_length=1, max_length=8, pattern=r"^[0-9]+$")


class EnrolAnswer(BaseModel):
    code: str
    unit_code: str
    credential: str
