"""Plain values that services return: no ORM instance ever leaves a unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.core.snapshots import application_snapshot
from app.domain.rules import RuleFailure
from app.models import Application


@dataclass(frozen=True)
class ApplicationView:
    uuid: str
    id: int
    number: str | None
    item_code: str
    family: str
    status: str
    version: int
    id_number: str
    applicant_name: str
    mobile: str | None
    company_name: str | None
    certificate_number: str | None
    form: dict[str, Any]
    conditions: list[int]
    material_states: dict[str, str]
    reason: str | None
    missing_items: list[str]
    provisional: bool
    created_by: str
    created_at: datetime
    updated_at: datetime
    received_by: str | None
    received_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    due_on: date | None
    sync_state: str
    sync_message: str | None
    failures: list[RuleFailure] = field(default_factory=list)
    review_opinion: str | None = None  # 审核意见
    catalogue_version: int = 1  # the catalogue version it was taken under (its conditions and materials)


def view_of(app: Application | Any, failures: list[RuleFailure] | None = None) -> ApplicationView:
    return ApplicationView(
        uuid=app.uuid,
        id=app.id,
        number=app.number,
        item_code=app.item_code,
        family=app.family,
        status=app.status,
        version=app.version,
        catalogue_version=getattr(app, "catalogue_version", None) or 1,
        id_number=app.id_number,
        applicant_name=app.applicant_name,
        mobile=app.mobile,
        company_name=app.company_name,
        certificate_number=app.certificate_number,
        form=dict(app.form),
        conditions=list(app.conditions),
        material_states=dict(app.material_states),
        reason=app.reason,
        missing_items=list(app.missing_items),
        provisional=app.provisional,
        created_by=app.created_by,
        created_at=app.created_at,
        updated_at=app.updated_at,
        received_by=app.received_by,
        received_at=app.received_at,
        decided_by=app.decided_by,
        decided_at=app.decided_at,
        due_on=app.due_on,
        sync_state=app.sync_state,
        sync_message=app.sync_message,
        failures=list(failures or []),
        review_opinion=getattr(app, "review_opinion", None),
    )


snapshot = application_snapshot  # the outbox payload of an application (app/core/snapshots.py)
