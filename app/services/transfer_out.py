"""The end of a transfer out (跨省转出): after approval the certificate is 转出中 (06) until a supervisor records
that the receiving province accepted it (确认转出 → 04 cancelled, operation 05) or that it was called off
(撤销转出 → 01 valid again, operation 10). Each is one transaction: the certificate change with its version,
audit event and outbox entry (certificate.op05 / certificate.op10), an event on the application's timeline, and
the applicant's SMS."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError, PermissionDenied
from app.domain.workflow import Role, Status
from app.models import Application, Certificate
from app.services import notifications
from app.services.application_records import load
from app.services.context import Actor, ServiceContext
from app.services.issuance import TRANSFERRING_OUT, end_transfer_out
from app.services.recording import record

CONFIRMED_SMS, CALLED_OFF_SMS = "transfer_out_confirmed", "transfer_out_called_off"


@dataclass(frozen=True)
class TransferOut:
    application_uuid: str
    application_number: str
    certificate_number: str
    certificate_status: str
    destination_province: str
    applicant_name: str


def _transfer(s: Session, ctx: ServiceContext, ref: str | int) -> tuple[Application, Certificate | None]:
    app = load(s, ref)
    if (
        ctx.catalogue_for(app).item(app.item_code).effect != "transfer_out"
        or app.status != Status.APPROVED.value
    ):
        return app, None
    cert = s.execute(
        select(Certificate).where(Certificate.number == (app.certificate_number or ""))
    ).scalar_one_or_none()
    return app, cert


def _view(app: Application, cert: Certificate) -> TransferOut:
    return TransferOut(
        app.uuid,
        app.number or "",
        cert.number,
        cert.status,
        str(app.form.get("destination_province") or ""),
        app.applicant_name,
    )


def pending(ctx: ServiceContext, ref: str | int) -> TransferOut | None:
    """The approved transfer out of this application while its certificate is still 转出中; else None."""
    with ctx.store.read() as s:
        app, cert = _transfer(s, ctx, ref)
        if cert is None or cert.status != TRANSFERRING_OUT:
            return None
        return _view(app, cert)


def confirm(ctx: ServiceContext, actor: Actor, ref: str | int) -> TransferOut:
    """确认转出: the receiving province accepted the certificate; it is cancelled here (04)."""
    return _end(ctx, actor, ref, confirmed=True)


def call_off(ctx: ServiceContext, actor: Actor, ref: str | int) -> TransferOut:
    """撤销转出: the transfer did not happen; the certificate is valid again (01, operation 10)."""
    return _end(ctx, actor, ref, confirmed=False)


def _end(ctx: ServiceContext, actor: Actor, ref: str | int, *, confirmed: bool) -> TransferOut:
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN):
        raise PermissionDenied(
            "SUPERVISOR_ONLY",
            "只有审核人可以确认或撤销证书转出",
            fix="请由本单位审核人登录后办理。",
        )
    now = ctx.now()
    with ctx.store.write() as s:
        app, cert = _transfer(s, ctx, ref)
        if cert is None:
            raise DomainError(
                "NOT_A_TRANSFER_OUT",
                "本办件不是已审核通过的跨省转出，没有待确认的转出",
                field="application",
                fix="请打开审核通过的跨省转出办件后再办理。",
            )
        end_transfer_out(s, ctx, actor, cert, confirmed=confirmed, application_number=app.number)
        record(
            s,
            actor,
            "transfer_out.confirmed" if confirmed else "transfer_out.called_off",
            "application",
            app.uuid,
            {
                "certificate": cert.number,
                "status": cert.status,
                "destination_province": app.form.get("destination_province"),
            },
            now,
        )
        notifications.queue(s, ctx, actor, app, CONFIRMED_SMS if confirmed else CALLED_OFF_SMS)
        return _view(app, cert)
