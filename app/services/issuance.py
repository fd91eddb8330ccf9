"""Certificate effects (证书效果) of approved items, and the daily expiry job (到期强制注销)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.catalogue import Item
from app.domain.errors import DomainError
from app.domain.numbering import certificate_ecert_id
from app.models import Application, Certificate, CertificateVersion, MaterialPage, Person
from app.services.context import Actor, ServiceContext
from app.services.numbers import allocate_number
from app.services.recording import record

VALID, CANCELLED, EXPIRED, TRANSFERRING_OUT = "01", "04", "05", "06"


def add_years(day: date, years: int) -> date:
    """The last day of a validity of `years` years starting on `day`."""
    try:
        end = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        end = day.replace(year=day.year + years, day=28)
    return end - timedelta(days=1)


def cert_snapshot(c: Certificate) -> dict[str, Any]:
    return {
        "number": c.number,
        "family": c.family,
        "category": c.category,
        "grade": c.grade,
        "holder_id_number": c.holder_id_number,
        "holder_name": c.holder_name,
        "holder_sex": c.holder_sex,
        "holder_birth_date": c.holder_birth_date.isoformat() if c.holder_birth_date else None,
        "company_code": c.company_code,
        "company_name": c.company_name,
        "position": c.position,
        "training_body": c.training_body,
        "status": c.status,
        "first_issued_on": c.first_issued_on.isoformat(),
        "valid_from": c.valid_from.isoformat(),
        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
        "issued_on": c.issued_on.isoformat(),
        "version": c.version,
        "ecert_id": c.ecert_id,
        "photo_sha256": c.photo_sha256,
        "origin": c.origin,
    }


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


def _upsert_person(s: Session, ctx: ServiceContext, form: dict[str, Any]) -> None:
    id_number = str(form.get("id_number") or "")
    person = s.execute(select(Person).where(Person.id_number == id_number)).scalar_one_or_none()
    birth = form.get("birth_date")
    if person is None:
        s.add(
            Person(
                id_number=id_number,
                name=str(form.get("name") or ""),
                sex=form.get("sex") or None,
                birth_date=date.fromisoformat(birth) if birth else None,
                mobile=form.get("mobile") or None,
                education=form.get("education") or None,
                updated_at=ctx.now(),
            )
        )
    elif form.get("mobile"):
        person.mobile = form["mobile"]
        person.updated_at = ctx.now()


def _find(s: Session, number: str | None) -> Certificate:
    cert = s.execute(select(Certificate).where(Certificate.number == (number or ""))).scalar_one_or_none()
    if cert is None:
        raise DomainError(
            "CERT_NOT_FOUND",
            f"未找到证书 {number}",
            field="certificate_number",
            fix="请核对证书编号后重新受理。",
        )
    return cert


def _new_certificate(s: Session, ctx: ServiceContext, app: Application, item: Item) -> Certificate:
    form, fam, today = app.form, item.family, ctx.today()
    category = str(form.get("category") or form.get("trade_code") or form.get("occupation") or "")
    if category not in fam.categories:
        raise DomainError(
            "CATEGORY_INVALID",
            f"证书类别“{category}”无效",
            field="category",
            fix="请选择正确的证书类别或工种。",
        )
    valid_to = add_years(today, fam.validity_years) if fam.validity_years else None
    origin = None
    if item.effect == "transfer_in":
        origin = f"{form.get('origin_province', '')}:{form.get('origin_certificate_number', '')}"
        if form.get("origin_valid_to"):
            valid_to = date.fromisoformat(str(form["origin_valid_to"]))  # validity carries over [G]
    birth = form.get("birth_date")
    cert = Certificate(
        number=allocate_number(s, ctx, fam.code, category, str(form.get("city") or "") or None),
        family=fam.code,
        category=category,
        grade=form.get("grade") or None,
        holder_id_number=app.id_number,
        holder_name=app.applicant_name,
        holder_sex=form.get("sex") or None,
        holder_birth_date=date.fromisoformat(birth) if birth else None,
        company_code=app.company_code,
        company_name=app.company_name,
        position=form.get("position") or None,
        status=VALID,
        first_issued_on=today,
        valid_from=today,
        valid_to=valid_to,
        issued_on=today,
        version=1,
        photo_sha256=_photo(s, app),
        origin=origin,
        updated_at=ctx.now(),
    )
    s.add(cert)
    s.flush()
    cert.ecert_id = _ecert(ctx, cert)
    _upsert_person(s, ctx, form)
    return cert


def _change(s: Session, ctx: ServiceContext, app: Application, item: Item, cert: Certificate) -> None:
    form = app.form
    if item.change_type == "company_renamed":
        cert.company_name = form.get("company_name") or cert.company_name
        if form.get("company_code"):
            cert.company_code = form["company_code"]
    elif item.change_type == "employer_changed":
        cert.company_code = form.get("new_company_code") or cert.company_code
        cert.company_name = form.get("new_company_name") or cert.company_name
        if form.get("position"):
            cert.position = form["position"]
    elif item.change_type == "personal_changed":
        new_id = form.get("new_id_number")
        if form.get("new_name"):
            cert.holder_name = form["new_name"]
        if form.get("new_sex"):
            cert.holder_sex = form["new_sex"]
        person = s.execute(
            select(Person).where(Person.id_number == cert.holder_id_number)
        ).scalar_one_or_none()
        if new_id and new_id != cert.holder_id_number:
            # Keep the old value on record: the audit event and the person's old_id_number (rule 11).
            if person is not None:
                person.old_id_number, person.id_number = person.id_number, new_id
            cert.holder_id_number = new_id
        if person is not None:
            person.name = cert.holder_name
            person.sex = cert.holder_sex
            person.updated_at = ctx.now()
    photo = _photo(s, app)
    if photo:
        cert.photo_sha256 = photo


def apply_effect(s: Session, ctx: ServiceContext, actor: Actor, app: Application) -> Certificate:
    """Carry out what an approved item does to the certificate register, as one step of the approval."""
    item = ctx.catalogue.item(app.item_code)
    today = ctx.today()
    if item.effect in ("new", "transfer_in"):
        cert = _new_certificate(s, ctx, app, item)
    else:
        cert = _find(s, app.certificate_number)
        before = cert_snapshot(cert)
        if item.effect == "renew":
            start = max(today, (cert.valid_to or today) + timedelta(days=1))
            cert.valid_from = start
            cert.valid_to = add_years(start, item.family.validity_years)
            cert.version += 1
        elif item.effect in ("change", "reissue"):
            if item.effect == "change":
                _change(s, ctx, app, item, cert)
            cert.version += 1
            for v in cert.versions:
                v.voided = True  # the earlier printed copy is no longer the certificate
        elif item.effect == "cancel":
            cert.status = CANCELLED
        elif item.effect == "transfer_out":
            cert.status = TRANSFERRING_OUT
        if item.effect in ("renew", "change", "reissue"):
            cert.issued_on = today
            cert.ecert_id = _ecert(ctx, cert)
        cert.updated_at = ctx.now()
        record(s, actor, "certificate.before", "certificate", cert.number, before, ctx.now())
    app.certificate_number = cert.number
    _version(s, ctx, actor, cert, item.national_operation_type, app.number)
    return cert


def _version(
    s: Session, ctx: ServiceContext, actor: Actor, cert: Certificate, op_type: str, app_number: str | None
) -> None:
    snap = cert_snapshot(cert)
    s.add(
        CertificateVersion(
            certificate_id=cert.id,
            version=cert.version,
            operation_type=op_type,
            application_number=app_number,
            snapshot=snap,
            created_at=ctx.now(),
            created_by=actor.username,
        )
    )
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
        end_transfer_out(s, ctx, actor, _find(s, number), confirmed=True, application_number=None)


def call_off_transfer_out(ctx: ServiceContext, actor: Actor, number: str) -> None:
    """The transfer was called off: valid again, operation type 10 (转出撤销)."""
    with ctx.store.write() as s:
        end_transfer_out(s, ctx, actor, _find(s, number), confirmed=False, application_number=None)


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
    receiving province accepted it) or valid again (01, operation 10: the transfer was called off)."""
    if cert.status != TRANSFERRING_OUT:
        raise DomainError(
            "CERT_STATUS",
            f"证书 {cert.number} 不处于转出中状态",
            field="certificate_number",
            fix="请刷新后核对证书状态：转出可能已由他人确认或撤销。",
        )
    cert.status = CANCELLED if confirmed else VALID
    cert.updated_at = ctx.now()
    _version(s, ctx, actor, cert, "05" if confirmed else "10", application_number)


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
