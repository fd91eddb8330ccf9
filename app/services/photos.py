"""Is there a photo to print the certificate with? Checked on the store itself (pages, registry), not on the
material states a clerk ticks: a photo marked "scanned" by keyboard but never captured does not print."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.rules.photo import PHOTO_MATERIAL_KIND, PHOTO_SPEC
from app.models import Application, Certificate, MaterialPage, Person
from app.services.context import ServiceContext


def photo_of(s: Session, app: Application | Any) -> str | None:
    """The SHA-256 of the photo the approved certificate will carry: this application's captured photo first,
    then the certificate's, then the person's (the order app.services.issuance and documents use)."""
    sha = s.execute(
        select(MaterialPage.sha256)
        .where(MaterialPage.application_id == app.id, MaterialPage.kind == PHOTO_MATERIAL_KIND)
        .order_by(MaterialPage.position)
    ).scalar()
    if sha is None and app.certificate_number:
        sha = s.execute(
            select(Certificate.photo_sha256).where(Certificate.number == app.certificate_number)
        ).scalar()
    if sha is None and app.id_number:
        sha = s.execute(select(Person.photo_sha256).where(Person.id_number == app.id_number)).scalar()
    return sha


def require_photo(s: Session, ctx: ServiceContext, app: Application | Any, *, approving: bool) -> None:
    """Refuse to accept or approve an item that prints a certificate when no photo is on file for it."""
    item = ctx.catalogue_for(app).item(app.item_code)
    if not item.prints_certificate or photo_of(s, app) is not None:
        return
    who = f"{app.applicant_name}（办件号 {app.number or ''}）"
    if approving:
        raise DomainError(
            "PHOTO_REQUIRED",
            f"不能审核通过：{who}没有证件照片，审核通过后证书无法打印",
            field="photo",
            fix=f"请退件，原因中写明需补交{PHOTO_SPEC}；申请人补交后重新申报。",
        )
    raise DomainError(
        "PHOTO_REQUIRED",
        f"不能受理：{who}档案中没有证件照片，也未扫描采集，证书将无法打印",
        field="materials",
        fix=f"请在“扫描材料”中采集{PHOTO_SPEC}；申请人未带的，请一次性告知补正。",
    )
