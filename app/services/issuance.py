"""Certificate effects (证书效果) of approved items, and the daily expiry job (到期强制注销)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import certificate_effects
from app.core.certificate_effects import CANCELLED, EXPIRED, TRANSFERRING_OUT, VALID, add_years
from app.core.snapshots import certificate_snapshot as cert_snapshot
from app.domain.errors import DomainError
from app.domain.numbering import certificate_ecert_id
from app.models import Application, Certificate, MaterialPage
from app.services.context import Actor, ServiceContext
from app.services.numbers import allocate_number
from app.services.recording import record

__all__ = ["CANCELLED", "EXPIRED", "TRANSFERRING_OUT", "VALID", "add_years", "cert_snapshot"]


def _ecert(ctx: ServiceContext, c: Certificate) -> str | None:
    type_code = ctx.catalogue.family(c.family).national_type_code
    if not type_code:
        return None
    # The issuing unit's code is this workstation's configuration (工作站设置), never a number made up here.
    return certificate_ecert_id(type_code, ctx.workstation.issuer_uscc, c.number, c.version)


def _photo(s: Session, app: Application) -> str | None:
    return s.execute(
        select(MaterialPage.sha256)
        .where(MaterialPage.application_id == app.id, MaterialPage.kind == "photo")
        .order_by(MaterialPage.position)
    ).scalar()


def apply_effect(s: Session, ctx: ServiceContext, actor: Actor, app: Application) -> Certificate:
    """Carry out what an approved item does to the certificate register, as one step of the approval.

    The result is provisional: the approval's outbox entry tells the central store what was done (approved,
    printing number N), and the centre derives the same effect itself with app/core/certificate_effects."""
    item = ctx.catalogue_for(app).item(app.item_code)
    effect = certificate_effects.apply_effect(
        s,
        app,
        item,
        today=ctx.today(),
        now=ctx.now(),
        number_for=lambda category, city: allocate_number(s, ctx, item.family.code, category, city),
        ecert=lambda c: _ecert(ctx, c),
        photo=_photo(s, app),
        author=actor.username,
    )
    if effect.before is not None:
        record(
            s, actor, "certificate.before", "certificate", effect.certificate.number, effect.before, ctx.now()
        )
    cert = effect.certificate
    record(
        s,
        actor,
        f"certificate.op{effect.operation_type}",
        "certificate",
        cert.number,
        {"application": app.number, "version": cert.version, "status": cert.status},
        ctx.now(),
    )
    return cert


def _version(
    s: Session, ctx: ServiceContext, actor: Actor, cert: Certificate, op_type: str, app_number: str | None
) -> None:
    """A certificate operation that is not part of an approval: recorded and sent to the centre, which derives it."""
    snap = certificate_effects.write_version(s, cert, op_type, app_number, actor.username, ctx.now())
    record(
        s,
        actor,
        f"certificate.op{op_type}",
        "certificate",
        cert.number,
        {"application": app_number, "version": cert.version, "status": cert.status},
        ctx.now(),
        payload={"operation_type": op_type, "application_number": app_number, "certificate": snap},
    )


def confirm_transfer_out(ctx: ServiceContext, actor: Actor, number: str) -> None:
    """The receiving province confirmed: the transferring-out certificate becomes cancelled."""
    with ctx.store.write() as s:
        cert = certificate_effects.find_certificate(s, number)
        end_transfer_out(s, ctx, actor, cert, confirmed=True, application_number=None)


def call_off_transfer_out(ctx: ServiceContext, actor: Actor, number: str) -> None:
    """The transfer was called off: valid again, operation type 10 (转出撤销)."""
    with ctx.store.write() as s:
        cert = certificate_effects.find_certificate(s, number)
        end_transfer_out(s, ctx, actor, cert, confirmed=False, application_number=None)


def end_transfer_out(
    s: Session,
    ctx: ServiceContext,
    actor: Actor,
    cert: Certificate,
    *,
    confirmed: bool,
    application_number: str | None,
) -> None:
    """In the caller's transaction: a certificate in 转出中 (06) becomes cancelled (04, operation 05: the
    receiving province accepted it) or valid again (01, operation 10: the transfer was called off). The central
    store derives the same from its own copy (app/core/certificate_effects.settle_transfer_out)."""
    if cert.status != TRANSFERRING_OUT:
        raise DomainError(
            "CERT_STATUS",
            f"证书 {cert.number} 不处于转出中状态",
            field="certificate_number",
            fix="请刷新后核对证书状态：转出可能已由他人确认或撤销。",
        )
    certificate_effects.settle_transfer_out(s, cert.number, confirmed, ctx.now())
    op_type = (
        certificate_effects.TRANSFER_CONFIRMED_OP if confirmed else certificate_effects.TRANSFER_CALLED_OFF_OP
    )
    _version(s, ctx, actor, cert, op_type, application_number)


def expire_certificates(ctx: ServiceContext, actor: Actor) -> list[str]:
    """The daily job: valid certificates past their end date are expired (强制注销), each one recorded."""
    today = ctx.today()
    with ctx.store.write() as s:
        due = (
            s.execute(
                select(Certificate).where(
                    Certificate.status == VALID,
                    Certificate.valid_to.is_not(None),
                    Certificate.valid_to < today,
                )
            )
            .scalars()
            .all()
        )
        for cert in due:
            cert.status = EXPIRED
            cert.updated_at = ctx.now()
            _version(s, ctx, actor, cert, "04", None)
        return [c.number for c in due]
