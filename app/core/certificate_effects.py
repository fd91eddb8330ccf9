"""What an approved item does to the certificate register (证书效果), computed the same way at the counter and at
the central store. The counter's result is provisional until the centre, running this same code on its own copy
of the register, has accepted the approval.

What differs between the two sides comes in as arguments: where a new certificate's number comes from (the
counter draws it from a leased block, the centre checks the number the counter printed) and how the
e-certificate identifier is made from a certificate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.snapshots import certificate_snapshot
from app.domain.catalogue import Item
from app.domain.errors import DomainError
from app.models import Application, Certificate, CertificateVersion, Person

VALID, CANCELLED, EXPIRED, TRANSFERRING_OUT = "01", "04", "05", "06"
# Operation types of the national interface for the transfer-out follow-ups.
TRANSFER_CONFIRMED_OP, TRANSFER_CALLED_OFF_OP = "05", "10"

NumberSource = Callable[[str, str | None], str]  # (category, city) -> certificate number
EcertMaker = Callable[[Certificate], "str | None"]


@dataclass(frozen=True)
class Effect:
    certificate: Certificate
    before: dict[str, Any] | None  # the certificate before the change (None for a new one)
    operation_type: str


def add_years(day: date, years: int) -> date:
    """The last day of a validity of `years` years starting on `day`."""
    try:
        end = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        end = day.replace(year=day.year + years, day=28)
    return end - timedelta(days=1)


def find_certificate(s: Session, number: str | None, *, lock: bool = False) -> Certificate:
    stmt = select(Certificate).where(Certificate.number == (number or ""))
    cert = s.execute(stmt.with_for_update() if lock else stmt).scalar_one_or_none()
    if cert is None:
        raise DomainError(
            "CERT_NOT_FOUND",
            f"未找到证书 {number}",
            field="certificate_number",
            fix="请核对证书编号后重新受理。",
        )
    return cert


def upsert_person(s: Session, form: dict[str, Any], now: datetime) -> None:
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
                updated_at=now,
            )
        )
    elif form.get("mobile"):
        person.mobile = form["mobile"]
        person.updated_at = now


def _new_certificate(
    s: Session,
    app: Application,
    item: Item,
    today: date,
    now: datetime,
    number_for: NumberSource,
    photo: str | None,
) -> Certificate:
    form, fam = app.form, item.family
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
        number=number_for(category, str(form.get("city") or "") or None),
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
        photo_sha256=photo,
        origin=origin,
        updated_at=now,
    )
    s.add(cert)
    s.flush()
    upsert_person(s, form, now)
    return cert


def _change(s: Session, app: Application, item: Item, cert: Certificate, now: datetime) -> None:
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
            person.updated_at = now


def apply_effect(
    s: Session,
    app: Application,
    item: Item,
    *,
    today: date,
    now: datetime,
    number_for: NumberSource,
    ecert: EcertMaker,
    photo: str | None,
    author: str,
) -> Effect:
    """Carry out the approved item's effect on the register and write the certificate's version row."""
    before: dict[str, Any] | None = None
    if item.effect in ("new", "transfer_in"):
        cert = _new_certificate(s, app, item, today, now, number_for, photo)
        cert.ecert_id = ecert(cert)
    else:
        cert = find_certificate(s, app.certificate_number, lock=True)
        before = certificate_snapshot(cert)
        if item.effect == "renew":
            start = max(today, (cert.valid_to or today) + timedelta(days=1))
            cert.valid_from = start
            cert.valid_to = add_years(start, item.family.validity_years)
            cert.version += 1
        elif item.effect in ("change", "reissue"):
            if item.effect == "change":
                _change(s, app, item, cert, now)
            cert.version += 1
            for v in cert.versions:
                v.voided = True  # the earlier printed copy is no longer the certificate
        elif item.effect == "cancel":
            cert.status = CANCELLED
        elif item.effect == "transfer_out":
            cert.status = TRANSFERRING_OUT
        if item.effect in ("renew", "change", "reissue"):
            if photo:
                cert.photo_sha256 = photo
            cert.issued_on = today
            cert.ecert_id = ecert(cert)
        cert.updated_at = now
    app.certificate_number = cert.number
    write_version(s, cert, item.national_operation_type, app.number, author, now)
    return Effect(cert, before, item.national_operation_type)


def write_version(
    s: Session, cert: Certificate, op_type: str, app_number: str | None, author: str, now: datetime
) -> dict[str, Any]:
    """The certificate's version row for one operation; returns the snapshot it recorded."""
    s.flush()
    snap = certificate_snapshot(cert)
    s.add(
        CertificateVersion(
            certificate_id=cert.id,
            version=cert.version,
            operation_type=op_type,
            application_number=app_number,
            snapshot=snap,
            created_at=now,
            created_by=author,
        )
    )
    return snap


def settle_transfer_out(s: Session, number: str, confirmed: bool, now: datetime) -> Certificate:
    """确认转出 (the receiving province accepted: cancelled) or 撤销转出 (valid again) of a certificate in 06."""
    cert = find_certificate(s, number, lock=True)
    if cert.status != TRANSFERRING_OUT:
        raise DomainError(
            "CERT_STATUS",
            f"证书 {number} 不处于转出中状态",
            field="certificate_number",
            fix="请核对证书状态。",
        )
    cert.status = CANCELLED if confirmed else VALID
    cert.updated_at = now
    return cert
