"""What each pushed op does to the central store, with the rules that must hold across all counters.

A counter pushes what a person did; the central store decides the result. It trusts the token, not the payload,
for who acts (role, unit and maker ≠ checker against the central user and the central copy of the application);
it takes from a payload only the data that person entered, validated with the counters' own validators
(app/core/validation.py); it computes every status, due date and certificate effect itself
(app/core/certificate_effects.py) on its own copy of the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central import material_feed
from app.central.auth import Forbidden, Principal, check_role, check_unit_of
from app.central.catalogue_api import catalogue_version
from app.central.feed import Journal
from app.central.issuing import issue_certificate
from app.central.models import MaterialRecord
from app.central.schemas import (
    ApplicationPayload,
    ApplicationSnapshot,
    CertificatePayload,
    MaterialPayload,
    PushEntry,
    RegistryPayload,
    UserPayload,
)
from app.core import certificate_effects
from app.core.snapshots import application_snapshot, certificate_snapshot
from app.core.validation import check_application_values
from app.domain.calendar import WorkCalendar, default_calendar
from app.domain.catalogue import default_catalogue
from app.domain.errors import ConflictError, DomainError
from app.domain.evaluation import EVALUATION_KEY, SIGNATURE_KEY, checked_applicant_input
from app.domain.workflow import TRANSITIONS, Action, Role, Status, check_transition
from app.models import Application
from app.models.calendar import entered_years

APPLICATION_OPS: dict[str, Action | None] = {
    "application.submit": Action.SUBMIT,
    "application.update": None,
    "application.withdraw": Action.WITHDRAW,
    "application.accept": Action.ACCEPT,
    "application.refuse": Action.REFUSE,
    "application.request_correction": Action.REQUEST_CORRECTION,
    "application.resubmit": Action.RESUBMIT,
    "application.start_review": Action.START_REVIEW,
    "application.approve": Action.APPROVE,
    "application.return": Action.RETURN,
    "application.lapse": Action.LAPSE,
    # What the applicant gives on the applicant's screen, at any stage after submission (see _APPLICANT_INPUT).
    "application.evaluation": None,
    "application.applicant_signature": None,
}
# The ops above that carry one key of the form the applicant gave (好差评, the signature): the central store takes
# that key only, validated and rebuilt, whatever else the snapshot says.
_APPLICANT_INPUT = {
    "application.evaluation": EVALUATION_KEY,
    "application.applicant_signature": SIGNATURE_KEY,
}
CERTIFICATE_OPS = frozenset(
    f"certificate.op{t}" for t in ("01", "02", "03", "04", "05", "06", "08", "09", "10")
)
USER_OPS = frozenset(
    {"user.create", "user.enable", "user.disable", "user.set_role", "user.reset_password", "user.update"}
)
REGISTRY_OPS: dict[str, str] = {
    f"registry.{kind}.upsert": kind for kind in ("score", "company", "constructor", "blacklist", "person")
}
NEW_CERTIFICATE_TYPES = frozenset({"01", "08"})
COUNTER_ROLES = frozenset({Role.CLERK.value, Role.ADMIN.value})
BACK_OFFICE_ROLES = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})
_DECIDING = frozenset({Action.APPROVE, Action.RETURN, Action.REFUSE, Action.WITHDRAW, Action.LAPSE})

OPEN_APPLICATION_MESSAGE = "您尚有未办结的申请事项，请等待办结后再进行申报"
OPEN_APPLICATION_FIX = (
    "该身份证号在其他窗口已有未办结的申请；请告知申请人待原申请办结后再申报，本办件已退回草稿。"
)


class Retry(Exception):
    """The entry cannot be applied yet (a blob or an earlier record has not arrived); the client sends it again."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class UnknownOp(ValueError):
    pass


def payload_model(op: str) -> type[BaseModel]:
    if op in APPLICATION_OPS:
        return ApplicationPayload
    if op in CERTIFICATE_OPS:
        return CertificatePayload
    if op in USER_OPS:
        return UserPayload
    if op.startswith("material.") and len(op) <= 48:
        return MaterialPayload
    if op in REGISTRY_OPS:
        return RegistryPayload
    raise UnknownOp(op)


@dataclass
class Applied:
    """What an applied entry hands back to the client besides "applied"."""

    detail: dict[str, Any]


def central_snapshot(app: Application) -> dict[str, Any]:
    """The application as the feed and the rejection answers carry it: the outbox snapshot plus bookkeeping."""
    data = application_snapshot(app)
    data.update(
        version=app.version,
        created_at=app.created_at.isoformat(),
        updated_at=app.updated_at.isoformat(),
        accepted_at=app.accepted_at.isoformat() if app.accepted_at else None,
        decided_at=app.decided_at.isoformat() if app.decided_at else None,
    )
    return data


def check_actor(p: Principal, entry: PushEntry) -> None:
    # A token pushes only its own user's changes, so one clerk can never send a supervisor's approval.
    if entry.actor == p.username or (entry.actor == "system" and p.role == Role.ADMIN.value):
        return
    raise Forbidden(
        "ACTOR_MISMATCH",
        f"此变更由“{entry.actor}”办理，不能以“{p.username}”的身份提交",
        field="actor",
        fix=f"请由 {entry.actor} 登录后同步。",
    )


def _stale(app: Application, base: int) -> ConflictError:
    return ConflictError(
        "STALE_VERSION",
        f"办件 {app.number or ''} 已被他人修改（中心版本 {app.version}，本机依据的是 {base}）",
        field="version",
        fix="本机已更新为中心的最新内容，请核对后重新办理。",
    )


# What a person enters on the form; the only part of a pushed application the central store takes as sent
# (validated first). Status, version, who received/accepted/decided, the due date and every certificate effect
# are the central store's own.
_INPUT_FIELDS = (
    "item_code",
    "id_number",
    "applicant_name",
    "mobile",
    "company_code",
    "company_name",
    "form",
    "conditions",
    "material_states",
)
# How far a counter's clock may run ahead of the centre's, and how old an offline entry may be, before the
# centre uses its own time for the moment the applicant was served.
_CLOCK_AHEAD = timedelta(minutes=10)
_OFFLINE_AGE = timedelta(days=30)


def _take_input(app: Application, snap: ApplicationSnapshot) -> None:
    for name in _INPUT_FIELDS:
        setattr(app, name, getattr(snap, name))
    # The certificate an item acts on is entered at the counter; a new certificate's number is the centre's.
    if snap.certificate_number and certificate_effects_target(snap.item_code):
        app.certificate_number = snap.certificate_number


def certificate_effects_target(item_code: str) -> bool:
    """Whether the item acts on an existing certificate (renew, change, ...), whose number the clerk enters."""
    return default_catalogue().item(item_code).effect not in ("new", "transfer_in")


def served_at(entry: PushEntry, now: datetime) -> datetime:
    """When the person did it: the counter's time, within bounds the centre can accept, else the centre's."""
    at = entry.created_at
    if at is None:
        return now
    at = at.replace(tzinfo=None) if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)
    return at if now - _OFFLINE_AGE <= at <= now + _CLOCK_AHEAD else now


check_unit = check_unit_of  # the caller may act only on its own unit's records


_CALENDAR = "central_calendar"


def central_calendar(s: Session) -> WorkCalendar:
    """The statutory calendar with every year an administrator entered centrally (节假日设置); read once per unit
    of work (a push's session is one transaction, and no pushed op changes the calendar), not once per entry."""
    tx = s.get_transaction()
    cached: tuple[object, WorkCalendar] | None = s.info.get(_CALENDAR)
    if cached is not None and tx is not None and cached[0] is tx:
        return cached[1]
    calendar = default_calendar().with_years(entered_years(s))
    s.info[_CALENDAR] = (tx, calendar)
    return calendar


def prefetch_applications(s: Session, uuids: list[str]) -> dict[str, Application]:
    """The batch's applications, locked, in one query (the fast path of a push)."""
    rows = s.execute(
        select(Application)
        .where(Application.uuid.in_(sorted(set(uuids))))
        .order_by(Application.uuid)
        .with_for_update()
    ).scalars()
    return {a.uuid: a for a in rows}


# ------------------------------------------------------------------ applications


def apply_application(
    s: Session,
    p: Principal,
    entry: PushEntry,
    pl: ApplicationPayload,
    journal: Journal,
    now: datetime,
    cache: dict[str, Application] | None = None,
) -> Applied:
    """Apply one application change. With `cache` (fast path) nothing is flushed here and every check runs
    before anything changes, so a refusal needs no savepoint; constraint violations surface at the batch's
    flush, and the caller then redoes the batch entry by entry. An approval is never on the fast path: its
    certificate effect writes to the register."""
    snap = pl.application
    uid = str(snap.uuid)
    if entry.entity_id != uid:
        raise DomainError(
            "ENTITY_MISMATCH", "变更记录与办件编号不一致", field="entity_id", fix="请联系技术支持。"
        )
    check_unit(p, snap.unit_code)
    action = APPLICATION_OPS[entry.op]
    if action is None:
        check_role(p, COUNTER_ROLES, "修改办件")
    elif p.role not in TRANSITIONS[action].roles:
        check_transition(action, Status.RECEIVED, p.role, actor=p.username)  # raises the role refusal
    calendar = central_calendar(s)
    at = served_at(entry, now)
    if cache is not None:
        app = cache.get(uid)
    else:
        app = s.execute(
            select(Application).where(Application.uuid == uid).with_for_update()
        ).scalar_one_or_none()
    if action is Action.SUBMIT and app is None:
        # Taken under the catalogue version the counter had; its conditions and materials stay those.
        catalogue = catalogue_version(s, snap.catalogue_version)
        item = check_application_values(catalogue, snap, at.date())
        if snap.number is None:
            raise DomainError("VALUE_INVALID", "收件记录缺少办件编号", field="number", fix="请联系技术支持。")
        target = check_transition(Action.SUBMIT, Status.DRAFT, p.role, actor=p.username)
        app = Application(
            uuid=uid,
            number=snap.number,
            family=item.family.code,
            status=target.value,
            version=pl.base_version + 1,
            catalogue_version=catalogue.version,
            unit_code=p.unit_code,
            counter_no=snap.counter_no,
            created_by=snap.created_by,
            created_at=now,
            updated_at=now,
            received_by=p.username,
            received_at=at,
            due_on=calendar.add_working_days(at.date(), item.family.accept_working_days),
            reason=None,
            missing_items=[],
            certificate_number=None,
            provisional=False,
            sync_state="synced",
        )
        _take_input(app, snap)
        if cache is None:
            s.add(app)
            s.flush()  # the partial unique index decides "one open application per ID number" here
        else:
            cache[uid] = app  # inserted in bulk by the caller, where the unique index decides
    else:
        if app is None:
            raise Retry("APPLICATION_NOT_YET", "中心尚未收到此办件的收件记录，稍后自动重试")
        check_unit(p, app.unit_code)
        if app.version != pl.base_version:
            raise _stale(app, pl.base_version)
        catalogue = catalogue_version(s, app.catalogue_version)
        item = catalogue.item(app.item_code)
        if entry.op in _APPLICANT_INPUT:
            key = _APPLICANT_INPUT[entry.op]
            app.form = {**(app.form or {}), key: checked_applicant_input(key, (snap.form or {}).get(key))}
            target = Status(app.status)
        elif action is None:
            if app.status not in (Status.RECEIVED, Status.CORRECTION):
                raise DomainError(
                    "NOT_EDITABLE",
                    "办件已受理，表单不能再修改",
                    field="status",
                    fix="请刷新办件后按当前状态办理。",
                )
            target = Status(app.status)
        else:
            target = check_transition(
                action,
                app.status,
                p.role,
                actor=p.username,
                received_by=app.received_by,
                reason=snap.reason,
                missing_items=[str(m) for m in snap.missing_items],
            )
        if entry.op not in _APPLICANT_INPUT and action in (None, Action.RESUBMIT):
            if snap.item_code != app.item_code:
                raise DomainError(
                    "VALUE_INVALID",
                    "已提交的办件不能更换事项",
                    field="item_code",
                    fix="请撤回后按新事项重新收件。",
                )
            check_application_values(catalogue, snap, at.date())
            _take_input(app, snap)
        _decide(s, p, entry, pl, app, item, action, at, now, journal)
        app.status = target.value
        app.version = pl.base_version + 1
        app.updated_at = now
        if cache is None:
            s.flush()
    journal.change(
        "applications", "application", uid, entry.op, central_snapshot(app), unit_code=app.unit_code
    )
    journal.audit(p.username, entry.op, "application", uid, {"key": str(entry.key), "version": app.version})
    detail: dict[str, Any] = {"version": app.version}
    if action is Action.APPROVE and app.certificate_number:
        cert = certificate_effects.find_certificate(s, app.certificate_number)
        detail["certificate"] = certificate_snapshot(cert)
    return Applied(detail)


def _reason(snap: ApplicationSnapshot) -> str | None:
    return snap.reason.strip() if snap.reason and snap.reason.strip() else None


def _decide(
    s: Session,
    p: Principal,
    entry: PushEntry,
    pl: ApplicationPayload,
    app: Application,
    item: Any,
    action: Action | None,
    at: datetime,
    now: datetime,
    journal: Journal,
) -> None:
    """The bookkeeping and effects of one move, computed here from the central copy."""
    snap = pl.application
    calendar = central_calendar(s)
    if action is Action.ACCEPT:
        app.accepted_by, app.accepted_at = p.username, at
        app.due_on = calendar.add_working_days(at.date(), item.family.decide_working_days)
    elif action is Action.RESUBMIT:
        if app.due_on is not None and app.due_on < at.date():
            raise DomainError(
                "CORRECTION_LAPSED",
                f"办件的补正期限已于{app.due_on}届满，按补正告知书视为撤回申请",
                field="due_on",
                fix="请告知申请人重新申报。",
            )
        # The acceptance period starts again on the day the corrections came in; the first receipt stays.
        app.due_on = calendar.add_working_days(at.date(), item.family.accept_working_days)
    elif action is Action.LAPSE and (app.due_on is None or app.due_on >= now.date()):
        # A lapse is a fact about the date: judged by the centre's clock, never the counter's.
        raise DomainError(
            "CORRECTION_NOT_LAPSED",
            f"办件的补正期限（{app.due_on}）尚未届满，不能视为撤回",
            field="due_on",
            fix="请核对本机时钟；期限届满后由系统自动处理。",
        )
    if action in (Action.REFUSE, Action.WITHDRAW, Action.REQUEST_CORRECTION, Action.RETURN, Action.LAPSE):
        app.reason = _reason(snap)
    if action is Action.REQUEST_CORRECTION:
        app.missing_items = [str(m).strip() for m in snap.missing_items if str(m).strip()]
        # The correction notice's own deadline (补正期限), after which the application is treated as withdrawn.
        app.due_on = calendar.add_working_days(at.date(), item.family.correction_working_days)
    if action in _DECIDING:
        app.decided_by, app.decided_at = p.username, at
    if action in (Action.APPROVE, Action.RETURN) and snap.review_opinion is not None:
        app.review_opinion = snap.review_opinion.strip() or None  # 审核意见 as the supervisor wrote it
    if action is Action.APPROVE:
        issue_certificate(s, p, entry, pl, app, item, now, journal)


def apply_material(
    s: Session, p: Principal, entry: PushEntry, pl: MaterialPayload, journal: Journal, now: datetime
) -> Applied:
    uid = str(pl.application)
    app = s.execute(select(Application.unit_code).where(Application.uuid == uid)).scalar_one_or_none()
    if app is not None:
        check_unit(p, app)
    if pl.material:
        material_feed.lock_application(s, uid)
    s.add(
        MaterialRecord(
            key=str(entry.key),
            application_uuid=uid,
            op=entry.op,
            payload=pl.model_dump(mode="json"),
            blobs=list(entry.blobs),
            username=p.username,
            at=now,
        )
    )
    s.flush()
    if pl.material:
        # A draft's pages arrive before its application: they are the pushing clerk's unit's.
        material_feed.feed_material(s, journal, entry.op, uid, pl.material, app or p.unit_code)
    journal.audit(
        p.username, entry.op, "application", uid, {"key": str(entry.key), "blobs": len(entry.blobs)}
    )
    return Applied({})
