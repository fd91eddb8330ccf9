"""Back-office review (审核): queue, approve with maker ≠ checker, return with a reason, batch approval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.rules import RuleFailure, RulesFailed, blocking
from app.domain.workflow import Action, Status, check_transition
from app.models import Application, Certificate, Person
from app.services import approvals, notifications, photos
from app.services.application_records import check_version, load
from app.services.context import Actor, ServiceContext
from app.services.form_rules import evaluate_stored
from app.services.issuance import apply_effect
from app.services.recording import record
from app.services.views import ApplicationView, snapshot, view_of

# Items whose review is a formality: a batch may approve them with one confirmation.
SIMPLE_EFFECTS = frozenset({"renew", "reissue", "cancel"})


def queue(ctx: ServiceContext, *, limit: int = 500) -> list[ApplicationView]:
    """Accepted applications, earliest statutory due date first."""
    with ctx.store.read() as s:
        rows = s.execute(
            select(Application)
            .where(Application.status.in_([Status.ACCEPTED.value, Status.UNDER_REVIEW.value]))
            .order_by(Application.due_on, Application.accepted_at)
            .limit(limit)
        ).scalars()
        return [view_of(a) for a in rows]


@dataclass(frozen=True)
class RegistryRecords:
    """What the registry holds for an application under review, each record as attribute name -> value: the
    certificate it names (None when it names none or the number is not on record) and the person with its ID
    number (None when not on record)."""

    certificate: dict[str, Any] | None
    person: dict[str, Any] | None


def registry_records(ctx: ServiceContext, certificate_number: str | None, id_number: str) -> RegistryRecords:
    """The registry's side of the review sheet's comparison, read in one unit of work."""
    with ctx.store.read() as s:
        cert = None
        if certificate_number:
            cert = s.execute(
                select(Certificate).where(Certificate.number == certificate_number)
            ).scalar_one_or_none()
        person = s.execute(select(Person).where(Person.id_number == id_number)).scalar_one_or_none()
        return RegistryRecords(_attributes(cert), _attributes(person))


def _attributes(record: Certificate | Person | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {a.key: getattr(record, a.key) for a in record.__mapper__.column_attrs}


def review_failures(ctx: ServiceContext, ref: str | int) -> list[RuleFailure]:
    """Rules re-evaluated now: the registry may have changed since the counter accepted."""
    with ctx.store.read() as s:
        return evaluate_stored(ctx, load(s, ref))


def start_review(
    ctx: ServiceContext, actor: Actor, ref: str | int, *, expected_version: int | None = None
) -> ApplicationView:
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        check_version(app, expected_version)
        target = check_transition(Action.START_REVIEW, app.status, actor.role, actor=actor.username)
        app.status, app.version, app.updated_at = target.value, app.version + 1, now
        record(
            s,
            actor,
            "application.start_review",
            "application",
            app.uuid,
            {"number": app.number},
            now,
            payload={"base_version": app.version - 1, "application": snapshot(app)},
        )
        return view_of(app)


def _opinion(opinion: str | None) -> str | None:
    """The review opinion (审核意见) as stored: trimmed, at most 2,000 characters, None when empty."""
    text = (opinion or "").strip()
    if len(text) > 2000:
        raise DomainError(
            "OPINION_TOO_LONG",
            "审核意见不能超过2000字。",
            field="review_opinion",
            fix="请精简审核意见后重试。",
        )
    return text or None


def approve(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    *,
    expected_version: int | None = None,
    opinion: str | None = None,
) -> ApplicationView:
    """审核通过: the rules again, maker ≠ checker, then the item's certificate effect, all in one transaction.
    `opinion` is the supervisor's 审核意见, printed on the review sheet and carried in the snapshot."""
    written = _opinion(opinion)
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        check_version(app, expected_version)
        target = check_transition(
            Action.APPROVE, app.status, actor.role, actor=actor.username, received_by=app.received_by
        )
        # What could not be printed is not approved (the SMS would call the applicant for a certificate that
        # cannot be made). Checked before the rules so that the supervisor reads the back office's fix (退件).
        photos.require_photo(s, ctx, app, approving=True)
        failures = evaluate_stored(ctx, app, s)
        if blocking(failures):
            raise RulesFailed(blocking(failures), failures)
        previous = app.status
        cert = apply_effect(s, ctx, actor, app)
        app.status, app.version = target.value, app.version + 1
        app.decided_by, app.decided_at, app.updated_at = actor.username, now, now
        # Provisional until the centre accepts the approval: "已审核，待中心确认", no print, SMS held (a standalone
        # counter is its own authority).
        app.sync_state = "pending"
        app.provisional = not approvals.is_standalone(s)
        if written is not None:
            app.review_opinion = written
        record(
            s,
            actor,
            "application.approve",
            "application",
            app.uuid,
            {"from": previous, "to": target.value, "number": app.number, "certificate": cert.number},
            now,
            # What the supervisor did; the central store derives the certificate effect itself and takes from
            # here only the number printed from this workstation's block, the issuer code and the photo.
            payload={
                "base_version": app.version - 1,
                "application": snapshot(app),
                "issuer_uscc": ctx.workstation.issuer_uscc or None,
                "photo_sha256": cert.photo_sha256,
            },
        )
        notifications.queue_approval(s, ctx, actor, app)
        approvals.hold_messages(s, app.number)
        return view_of(app, failures)


def return_application(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    reason: str,
    *,
    expected_version: int | None = None,
    opinion: str | None = None,
) -> ApplicationView:
    """退件 with a reason that goes to the applicant by SMS, and the supervisor's 审核意见 if given."""
    written = _opinion(opinion)
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        check_version(app, expected_version)
        target = check_transition(Action.RETURN, app.status, actor.role, actor=actor.username, reason=reason)
        previous = app.status
        app.status, app.version, app.reason = target.value, app.version + 1, reason.strip()
        app.decided_by, app.decided_at, app.updated_at = actor.username, now, now
        if written is not None:
            app.review_opinion = written
        record(
            s,
            actor,
            "application.return",
            "application",
            app.uuid,
            {"from": previous, "to": target.value, "reason": reason, "number": app.number},
            now,
            payload={"base_version": app.version - 1, "application": snapshot(app)},
        )
        notifications.queue(s, ctx, actor, app, "return", reason=app.reason)
        return view_of(app)


@dataclass(frozen=True)
class BatchResult:
    uuid: str
    number: str | None
    ok: bool
    message: str


def batch_approve(ctx: ServiceContext, actor: Actor, refs: list[str]) -> list[BatchResult]:
    """Approve several simple items; each is its own transaction so one failure does not undo the others."""
    results = []
    for ref in refs:
        try:
            app = approve(ctx, actor, ref)
            results.append(BatchResult(app.uuid, app.number, True, f"已办结，证书 {app.certificate_number}"))
        except DomainError as err:
            results.append(BatchResult(ref, None, False, err.user_text()))
    return results
