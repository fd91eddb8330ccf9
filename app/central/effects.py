"""What each pushed op does to the central store, with the rules that must hold across all counters.

The central store trusts the token, not the payload, for who acts: the role, the unit and maker ≠ checker are
checked against the central user and the central copy of the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central import material_feed
from app.central.auth import Forbidden, Principal, check_role
from app.central.feed import Journal
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
from app.domain.errors import ConflictError, DomainError
from app.domain.workflow import TRANSITIONS, Action, Role, Status, check_transition
from app.models import Application, Certificate, CertificateVersion

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
_DECIDING = frozenset({Action.APPROVE, Action.RETURN, Action.REFUSE, Action.WITHDRAW})

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
    from app.services.views import snapshot

    data = snapshot(app)
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


def _copy(app: Application, snap: ApplicationSnapshot) -> None:
    app.number = snap.number
    app.item_code = snap.item_code
    app.family = snap.family
    app.id_number = snap.id_number
    app.applicant_name = snap.applicant_name
    app.mobile = snap.mobile
    app.company_code = snap.company_code
    app.company_name = snap.company_name
    app.certificate_number = snap.certificate_number
    app.form = snap.form
    app.conditions = snap.conditions
    app.material_states = snap.material_states
    app.reason = snap.reason
    app.missing_items = snap.missing_items
    app.counter_no = snap.counter_no
    app.due_on = snap.due_on


def check_unit(p: Principal, unit_code: str) -> None:
    if unit_code != p.unit_code:
        raise Forbidden(
            "UNIT_FORBIDDEN",
            f"该记录属于单位 {unit_code}，您属于单位 {p.unit_code}，不能办理",
            field="unit_code",
            fix="请由所属单位的人员办理。",
        )


def _check_status(snap: ApplicationSnapshot, target: Status) -> None:
    if snap.status != target.value:
        raise DomainError(
            "STATUS_MISMATCH",
            f"本机办件状态“{snap.status}”与中心计算的状态“{target.value}”不一致",
            field="status",
            fix="请刷新办件后重新办理。",
        )


def prefetch_applications(s: Session, uuids: list[str]) -> dict[str, Application]:
    """The batch's applications, locked, in one query (the fast path of a push)."""
    rows = s.execute(
        select(Application)
        .where(Application.uuid.in_(sorted(set(uuids))))
        .order_by(Application.uuid)
        .with_for_update()
    ).scalars()
    return {a.uuid: a for a in rows}


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
    flush, and the caller then redoes the batch entry by entry."""
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
    if cache is not None:
        app = cache.get(uid)
    else:
        app = s.execute(
            select(Application).where(Application.uuid == uid).with_for_update()
        ).scalar_one_or_none()
    if action is Action.SUBMIT and app is None:
        target = check_transition(Action.SUBMIT, Status.DRAFT, p.role, actor=p.username)
        _check_status(snap, target)
        app = Application(
            uuid=uid,
            status=target.value,
            version=pl.base_version + 1,
            unit_code=snap.unit_code,
            created_by=snap.created_by,
            created_at=now,
            updated_at=now,
            received_by=p.username,
            received_at=snap.received_at or now,
            provisional=False,
            sync_state="synced",
        )
        _copy(app, snap)
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
        if action is None:
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
        _check_status(snap, target)
        _copy(app, snap)
        app.status = target.value
        app.version = pl.base_version + 1
        app.updated_at = now
        if action is Action.ACCEPT:
            app.accepted_by, app.accepted_at = p.username, now
        elif action is Action.RESUBMIT:
            app.received_at = snap.received_at or now
        if action in _DECIDING:
            app.decided_by, app.decided_at = p.username, now
        if cache is None:
            s.flush()
    journal.change(
        "applications", "application", uid, entry.op, central_snapshot(app), unit_code=app.unit_code
    )
    journal.audit(p.username, entry.op, "application", uid, {"key": str(entry.key), "version": app.version})
    return Applied({"version": app.version})


def _approve_entry(batch: list[PushEntry], start: int, number: str) -> PushEntry | None:
    for e in batch[start:]:
        if e.op == "application.approve" and (e.payload.get("application") or {}).get("number") == number:
            return e
    return None


def apply_certificate(
    s: Session,
    p: Principal,
    entry: PushEntry,
    pl: CertificatePayload,
    batch: list[PushEntry],
    index: int,
    journal: Journal,
    now: datetime,
) -> Applied:
    check_role(p, BACK_OFFICE_ROLES, "发证或变更证书")
    snap = pl.certificate
    if entry.entity_id != snap.number:
        raise DomainError(
            "ENTITY_MISMATCH", "变更记录与证书编号不一致", field="entity_id", fix="请联系技术支持。"
        )
    if pl.application_number:
        # The certificate effect comes right before its approval in the outbox: it holds only if that approval
        # would, so check the approval's rules (role, maker ≠ checker, version) here, against the central copy.
        app = s.execute(
            select(Application).where(Application.number == pl.application_number).with_for_update()
        ).scalar_one_or_none()
        if app is None:
            raise Retry("APPLICATION_NOT_YET", "中心尚未收到对应的办件，稍后自动重试")
        check_unit(p, app.unit_code)
        approve = _approve_entry(batch, index + 1, pl.application_number)
        if approve is not None and approve.payload.get("base_version") != app.version:
            raise _stale(app, int(approve.payload.get("base_version") or 0))
        check_transition(Action.APPROVE, app.status, p.role, actor=p.username, received_by=app.received_by)
    cert = s.execute(select(Certificate).where(Certificate.number == snap.number).with_for_update()).scalar()
    fields = snap.model_dump()
    if cert is None:
        cert = Certificate(updated_at=now, **fields)
        s.add(cert)
    elif pl.operation_type in NEW_CERTIFICATE_TYPES:
        raise ConflictError(
            "CERT_NUMBER_TAKEN",
            f"证书编号 {snap.number} 已被使用",
            field="certificate_number",
            fix="证书编号段由中心统一分配；请联网同步领取新的编号段后重新办理。",
        )
    elif snap.version < cert.version:
        raise ConflictError(
            "STALE_CERTIFICATE",
            f"证书 {snap.number} 在中心已是第 {cert.version} 版，本机依据的是第 {snap.version} 版",
            field="version",
            fix="请同步后按最新证书信息重新办理。",
        )
    else:
        for k, v in fields.items():
            setattr(cert, k, v)
        cert.updated_at = now
    s.flush()
    data = snap.model_dump(mode="json")
    s.add(
        CertificateVersion(
            certificate_id=cert.id,
            version=snap.version,
            operation_type=pl.operation_type,
            application_number=pl.application_number,
            snapshot=data,
            created_at=now,
            created_by=p.username,
        )
    )
    journal.change(
        "certificates",
        "certificate",
        snap.number,
        entry.op,
        {**data, "operation_type": pl.operation_type, "application_number": pl.application_number},
    )
    journal.audit(
        p.username, entry.op, "certificate", snap.number, {"key": str(entry.key), "version": snap.version}
    )
    return Applied({"version": snap.version})


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
