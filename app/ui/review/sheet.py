"""What the review screen shows for one application, read in one unit of work on the database worker.

Plain Python without Qt: the form compared with the registry (for a change item the old and the new value side
by side), the scanned pages, the rules re-evaluated now, and whether this reviewer may approve (maker ≠ checker).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.rules import RuleFailure
from app.domain.workflow import Role
from app.services import intake, materials, review
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView

SAME, CHANGED, MISMATCH, NEW, UPDATED = "same", "changed", "mismatch", "new", "updated"
# Form field -> (registry attribute on the certificate, on the person) it is compared with.
_REGISTRY: dict[str, tuple[str | None, str | None]] = {
    "name": ("holder_name", "name"),
    "sex": ("holder_sex", "sex"),
    "birth_date": ("holder_birth_date", "birth_date"),
    "id_number": ("holder_id_number", "id_number"),
    "certificate_number": ("number", None),
    "mobile": (None, "mobile"),
    "education": (None, "education"),
    "company_code": ("company_code", None),
    "company_name": ("company_name", None),
    "old_company_name": ("company_name", None),
    "category": ("category", None),
    "trade_code": ("category", None),
    "occupation": ("category", None),
    "grade": ("grade", None),
    "position": ("position", None),
    "new_company_code": ("company_code", None),
    "new_company_name": ("company_name", None),
    "new_name": ("holder_name", "name"),
    "new_id_number": ("holder_id_number", "id_number"),
    "new_sex": ("holder_sex", "sex"),
}
_CHANGE_FIELDS = frozenset({"new_company_code", "new_company_name", "new_name", "new_id_number", "new_sex"})
_RENAME_FIELDS = frozenset({"company_name", "company_code"})
# Contact details the applicant may simply update; a difference is news, not a discrepancy.
_CONTACT_FIELDS = frozenset({"mobile", "education"})
_PRINTABLE_EFFECTS = frozenset({"new", "transfer_in", "renew", "change", "reissue"})


@dataclass(frozen=True)
class CompareRow:
    """One form field beside the registry value. state: same / changed (the change applied for) / mismatch
    (differs from the registry though the item does not change it) / updated (new contact details) / new
    (nothing on record to compare)."""

    label: str
    registry: str
    form: str
    state: str


@dataclass(frozen=True)
class PageRef:
    material_code: str
    material_name: str
    position: int
    sha256: str
    mime: str


@dataclass(frozen=True)
class ReviewSheet:
    app: ApplicationView
    item_name: str
    effect: str
    rows: tuple[CompareRow, ...]
    pages: tuple[PageRef, ...]
    failures: tuple[RuleFailure, ...]
    can_approve: bool
    why_not: str
    simple: bool
    certificate_status: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def prints_certificate(self) -> bool:
        return self.effect in _PRINTABLE_EFFECTS


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _shown(ctx: ServiceContext, family: str, name: str, value: str) -> str:
    if name in ("category", "trade_code", "occupation") and value:
        label = ctx.catalogue.family(family).categories.get(value)
        return f"{value} {label}" if label else value
    return value


def _state(name: str, change_type: str | None, registry: str, form: str, has_record: bool) -> str:
    if not has_record:
        return NEW
    if registry == form:
        return SAME
    if name in _CONTACT_FIELDS:
        return UPDATED
    expected = name in _CHANGE_FIELDS or (change_type == "company_renamed" and name in _RENAME_FIELDS)
    return CHANGED if expected else MISMATCH


# Why approval is not offered; the screen words each one through Qt's translation.
NOT_REVIEWER, OWN_APPLICATION, NOT_PENDING = "not_reviewer", "own_application", "not_pending"


def _may_approve(actor: Actor, app: ApplicationView) -> tuple[bool, str]:
    if actor.role not in (Role.SUPERVISOR.value, Role.ADMIN.value):
        return False, NOT_REVIEWER
    if app.received_by and app.received_by == actor.username:
        return False, OWN_APPLICATION  # maker ≠ checker: the service refuses it too
    if app.status not in ("accepted", "under_review"):
        return False, NOT_PENDING
    return True, ""


def review_sheet(ctx: ServiceContext, actor: Actor, uuid: str) -> ReviewSheet:
    app = intake.get(ctx, uuid)
    item = ctx.catalogue_for(app).item(app.item_code)
    names = {r.code: r.material.name for r in item.materials}
    records = review.registry_records(ctx, app.certificate_number, app.id_number)
    cert, person = records.certificate, records.person
    rows = []
    for f in item.fields:
        value = _text(app.form.get(f.name))
        if not value:
            continue
        cert_attr, person_attr = _REGISTRY.get(f.name, (None, None))
        source: dict[str, Any] | None = cert if (cert is not None and cert_attr) else person
        attr = cert_attr if source is cert and cert is not None else person_attr
        has_record = source is not None and attr is not None
        registry = _text(source[attr]) if has_record else ""
        rows.append(
            CompareRow(
                f.label,
                _shown(ctx, app.family, f.name, registry),
                _shown(ctx, app.family, f.name, value),
                _state(f.name, item.change_type, registry, value, has_record),
            )
        )
    status = cert["status"] if cert is not None else ""
    pages = tuple(
        PageRef(p.material_code, names.get(p.material_code, p.material_code), p.position, p.sha256, p.mime)
        for p in materials.pages_of(ctx, uuid)
    )
    failures = tuple(review.review_failures(ctx, uuid))
    allowed, why = _may_approve(actor, app)
    return ReviewSheet(
        app=app,
        item_name=item.name,
        effect=item.effect,
        rows=tuple(rows),
        pages=pages,
        failures=failures,
        can_approve=allowed,
        why_not=why,
        simple=item.effect in review.SIMPLE_EFFECTS,
        certificate_status=status,
    )
