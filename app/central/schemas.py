"""Request and answer schemas of the sync API; FastAPI turns a violation into a 422 that names the field.

Every text field is a `text(...)`: bounded, and with a pattern that refuses control characters (NUL and the rest
below U+0020; tab, line feed and carriage return only where `multiline`), so that the OpenAPI document says what
the guard (app.central.guards) enforces for nested payloads too. Every integer has a range that fits its column.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.central.registry_rows import IMPORT_MODELS

# No control character at all / none but tab, line feed and carriage return.
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
INT32 = 2**31 - 1
INT64 = 2**63 - 1


def text(max_length: int, *, min_length: int = 0, multiline: bool = False, default: Any = ...) -> Any:
    """A constrained text field: at most `max_length` characters and no control characters."""
    return Field(
        default, min_length=min_length, max_length=max_length, pattern=MULTI_LINE if multiline else ONE_LINE
    )


Sha256Text = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
RoleName = Literal["clerk", "supervisor", "admin"]


class LoginRequest(BaseModel):
    username: str = text(32, min_length=1)
    password: str = text(256, min_length=1)
    workstation: str | None = text(32, default=None)


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
    op: str = text(48, min_length=1)
    entity: str = text(32, min_length=1)
    entity_id: str = text(96, min_length=1)
    actor: str = text(32, min_length=1)
    created_at: datetime | None = None
    payload: dict[str, Any]
    blobs: list[Sha256Text] = Field(default_factory=list, max_length=200)
    # The conflict rule: set on an entry made after the counter learnt that this earlier entry of the same record
    # was rejected (docs/DESIGN.md).
    after_rejection: uuid.UUID | None = None
    # The author's Ed25519 signature over the entry (app/core/authorship.py); required when a workstation pushes.
    signature: str | None = Field(default=None, max_length=128, pattern=r"^[A-Za-z0-9+/=]*$")


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
    number: str | None = text(32, default=None)
    item_code: str = text(32, min_length=1)
    family: str = text(4, min_length=1)
    status: str = text(24, min_length=1)
    version: int = Field(ge=1, le=INT32)
    # The catalogue version it was taken under (事项目录版本); counters before issue 13 send none: version 1.
    catalogue_version: int = Field(default=1, ge=1, le=INT32)
    id_number: str = text(18, min_length=1)
    applicant_name: str = text(64)
    mobile: str | None = text(20, default=None)
    company_code: str | None = text(18, default=None)
    company_name: str | None = text(128, default=None)
    certificate_number: str | None = text(40, default=None)
    form: dict[str, Any]
    conditions: list[Any]
    material_states: dict[str, Any]
    reason: str | None = text(512, multiline=True, default=None)
    missing_items: list[Any]
    review_opinion: str | None = text(
        512, multiline=True, default=None
    )  # 审核意见, with an approval or return
    unit_code: str = text(12, min_length=1)
    counter_no: str = text(8, min_length=1)
    created_by: str = text(32, min_length=1)
    received_by: str | None = text(32, default=None)
    received_at: datetime | None = None
    accepted_by: str | None = text(32, default=None)
    decided_by: str | None = text(32, default=None)
    due_on: date | None = None


class ApplicationPayload(BaseModel):
    base_version: int = Field(ge=0, le=INT32)
    application: ApplicationSnapshot
    # An approval: the issuing unit's code for the e-certificate identifier and the photo on the certificate
    # (one of the application's own material files). Everything else is derived.
    issuer_uscc: str | None = Field(default=None, max_length=18)
    photo_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class CertificateSnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    number: str = text(40, min_length=1)
    family: str = text(4, min_length=1)
    category: str = text(8)
    grade: str | None = text(16, default=None)
    holder_id_number: str = text(18, min_length=1)
    holder_name: str = text(64)
    holder_sex: str | None = text(2, default=None)
    holder_birth_date: date | None = None
    company_code: str | None = text(18, default=None)
    company_name: str | None = text(128, default=None)
    position: str | None = text(32, default=None)
    training_body: str | None = text(128, default=None)
    status: str = Field(pattern=r"^[0-9]{2}$")
    first_issued_on: date
    valid_from: date
    valid_to: date | None = None
    issued_on: date
    version: int = Field(ge=1, le=INT32)
    ecert_id: str | None = text(96, default=None)
    photo_sha256: str | None = Field(default=None, pattern=SHA256_PATTERN)
    origin: str | None = text(64, default=None)


class CertificatePayload(BaseModel):
    operation_type: str = Field(pattern=r"^\d{2}$")
    application_number: str | None = text(32, default=None)
    certificate: CertificateSnapshot


class UserPayload(BaseModel):
    username: str = text(32, min_length=1)
    display_name: str = text(64)
    role: RoleName
    unit_code: str = text(12, min_length=1)
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
    material: str | None = text(32, default=None)


class LeaseRequest(BaseModel):
    block_id: uuid.UUID
    family: str = text(4, min_length=1)
    key: str = text(16)
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
    first_unused: int = Field(ge=0, le=INT32)
    last: int = Field(ge=0, le=INT32)


class ReportRequest(BaseModel):
    ranges: list[UnusedRange] = Field(max_length=10000)


class NewUser(BaseModel):
    username: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.]+$")
    display_name: str = text(64, min_length=1)
    role: RoleName
    password: str = text(256, min_length=8)
    unit_code: str | None = text(12, default=None)


class NewWorkstation(BaseModel):
    code: str = text(32, min_length=1)
    name: str = text(64, min_length=1)
    unit_code: str | None = text(12, default=None)
    counter_no: str = text(8, min_length=1)


class UnitIssuer(BaseModel):
    """The unit's issuing authority (发证机关): its unified social credit code and name."""

    issuer_uscc: str = text(18, min_length=1)
    issuer_name: str | None = text(64, default=None)


RegistryKind = Literal["person", "company", "constructor", "score", "blacklist"]

if TYPE_CHECKING:

    class RegistryRequest(BaseModel):
        """What the admin route sees: the kind, the rows as validated dicts, and whether to delete them."""

        kind: RegistryKind
        rows: list[dict[str, Any]]
        delete: bool

else:
    # One body model per kind, told apart by "kind", each with its table's typed rows (app.central.registry_rows).
    RegistryRequest = Annotated[Union[tuple(IMPORT_MODELS)], Field(discriminator="kind")]  # noqa: UP007


class CompactRequest(BaseModel):
    stream: Literal["registry", "applications", "certificates", "materials"]
    upto: int = Field(ge=0, le=INT64)


class MissingRequest(BaseModel):
    sha256: list[Sha256Text] = Field(max_length=2000)


class EnrolRequest(BaseModel):
    code: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = text(64, min_length=1)
    counter_no: str = Field(min_length=1, max_length=8, pattern=r"^[0-9]+$")


class EnrolAnswer(BaseModel):
    code: str
    unit_code: str
    credential: str
    issuer_uscc: str | None = None  # the unit's issuing authority as the centre holds it, if entered
