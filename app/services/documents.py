"""Documents from the store (证书、文书、申请表): the views app.printing renders.

The views are plain values; photos and scans come through a `PhotoLoader` (the material store's `get`, wrapped by
`loader_of`), so this module never needs the material key. The record of printing is in certificate_printing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.catalogue import Family
from app.domain.errors import DomainError, NotFoundError
from app.domain.identifiers import parse_resident_id
from app.domain.workflow import Role
from app.models import Application, Certificate, MaterialPage, Person
from app.models.certificates import CERT_STATUS_NAMES
from app.printing.data import CertificateView, FormView, NoticeKind, NoticeView
from app.printing.layout import load_template
from app.printing.signing import PayloadFields, verification_url
from app.services import settings
from app.services.application_records import load
from app.services.context import ServiceContext
from app.services.issuance import VALID
from app.services.signing_keys import Signer

PhotoLoader = Callable[[str], bytes | None]
RECEIVED_STATES = ("paper", "scanned")
_PRINTERS = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def loader_of(get: Callable[[str], bytes]) -> PhotoLoader:
    """Wrap a material store's `get(sha256) -> bytes` (which raises when a blob is absent) as a PhotoLoader."""

    def load_blob(sha256: str) -> bytes | None:
        try:
            return get(sha256)
        except NotFoundError:
            return None

    return load_blob


# ---------------------------------------------------------------- certificates


def load_certificate(s: Session, number: str) -> Certificate:
    cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one_or_none()
    if cert is None:
        raise NotFoundError(
            "CERT_NOT_FOUND",
            f"未找到证书 {number}",
            field="certificate_number",
            fix="请核对证书编号；新办结的证书请刷新列表后再试。",
        )
    return cert


def _identity(cert: Certificate) -> tuple[str, date | None]:
    """Sex and birth date from the record, else from the ID number (imported records often lack them)."""
    sex, birth = cert.holder_sex or "", cert.holder_birth_date
    if not sex or birth is None:
        try:
            rid = parse_resident_id(cert.holder_id_number, record=True)
        except DomainError:
            return sex, birth
        sex, birth = sex or rid.sex, birth or rid.birth_date
    return sex, birth


def _family_fields(fam: Family, cert: Certificate) -> dict[str, str]:
    name = fam.categories.get(cert.category, "")
    if fam.code == "AG":
        return {"category": cert.category, "category_name": name}
    if fam.code == "TZ":
        return {"category": cert.category, "trade_code": cert.category, "trade_name": name}
    return {
        "category": cert.category,
        "occupation": name or cert.category,
        "grade": cert.grade or "",
        "training_body": cert.training_body or fam.issuer,
    }


def _photo_sha(s: Session, cert: Certificate) -> str | None:
    if cert.photo_sha256:
        return cert.photo_sha256
    return s.execute(select(Person.photo_sha256).where(Person.id_number == cert.holder_id_number)).scalar()


def verify_base_url(ctx: ServiceContext) -> str:
    """Where a phone verifies a certificate: the configured verification address, else the central store's
    address; empty when neither is set (the QR then carries the bare signed payload)."""
    client = settings.get(ctx, "client")
    return str(client.get("verify_base_url") or client.get("central_url") or "").strip()


def certificate_view(
    ctx: ServiceContext,
    number: str,
    *,
    signer: Signer,
    photo_loader: PhotoLoader | None,
    allow_missing_photo: bool = False,
) -> CertificateView:
    """Everything printed on the certificate as it stands now, with its QR signed by this workstation's key.

    Only a valid certificate is printed. A missing photo is PHOTO_MISSING unless `allow_missing_photo` (a
    preview), in which case the page shows an empty photo box."""
    base = verify_base_url(ctx)
    with ctx.store.read() as s:
        cert = load_certificate(s, number)
        if cert.status != VALID:
            status = CERT_STATUS_NAMES.get(cert.status, cert.status)
            raise DomainError(
                "CERT_NOT_PRINTABLE",
                f"证书 {number} 当前状态为“{status}”，不能打印。",
                field="certificate_number",
                fix="只有有效的证书才能打印；请核对证书状态。",
            )
        if cert.valid_to is not None and cert.valid_to < ctx.today():
            raise DomainError(
                "CERT_NOT_PRINTABLE",
                f"证书 {number} 的有效期已于{cert.valid_to.isoformat()}届满，不能打印。",
                field="certificate_number",
                fix="过期证书不能打印；持证人须重新考核后首次申请。",
            )
        sha = _photo_sha(s, cert)
        fam = ctx.catalogue.family(cert.family)
        sex, birth = _identity(cert)
        extra = _family_fields(fam, cert)
        fields = PayloadFields.of(
            number=cert.number,
            family=cert.family,
            category=cert.category,
            name=cert.holder_name,
            id_number=cert.holder_id_number,
            valid_from=cert.valid_from,
            valid_to=cert.valid_to,
            version=cert.version,
        )
        photo = photo_loader(sha) if (sha and photo_loader is not None) else None
        if photo is None and not allow_missing_photo:
            raise DomainError(
                "PHOTO_MISSING",
                f"{cert.holder_name}（证书编号 {cert.number}）的证件照片{'不在本机' if sha else '未采集'}，证书不能打印。",
                field="photo",
                fix="请先同步材料；仍缺失的，请在申请材料中采集本人近期免冠证件照（JPG，200～300dpi，不超过50KB）。",
            )
        return CertificateView(
            family=cert.family,  # type: ignore[arg-type]
            number=cert.number,
            name=cert.holder_name,
            sex=sex,
            id_number=cert.holder_id_number,
            issue_date=cert.issued_on,
            issuing_authority=fam.issuer,
            qr_text=verification_url(base, signer.sign(fields)) if base else signer.sign(fields),
            birth_date=birth,
            photo_jpeg=photo,
            company=cert.company_name or "",
            position=cert.position or "",
            first_issue_date=cert.first_issued_on,
            valid_from=cert.valid_from,
            valid_to=cert.valid_to,
            version=cert.version,
            ecert_identifier=cert.ecert_id or "",
            **extra,
        )


def _pages_by_material(s: Session, app: Application) -> dict[str, int]:
    rows = s.execute(
        select(MaterialPage.material_code, func.count())
        .where(MaterialPage.application_id == app.id)
        .group_by(MaterialPage.material_code)
    ).all()
    return {code: int(n) for code, n in rows}


def _notice_date(app: Application, kind: str, today: date) -> date:
    when = {
        "receipt": app.received_at,
        "acceptance": app.accepted_at,
        "return": app.decided_at,
    }.get(kind) or app.updated_at
    return when.date() if when else today


def notice_view(ctx: ServiceContext, uuid: str, kind: NoticeKind, *, clerk_name: str = "") -> NoticeView:
    """The notice of an application as recorded: materials handed in (with scanned page counts), the complete
    correction list, or the refusal/return reason."""
    with ctx.store.read() as s:
        app = load(s, uuid)
        item = ctx.catalogue_for(app).item(app.item_code)
        pages = _pages_by_material(s, app)
        materials = tuple(
            (req.material.name, max(1, pages.get(req.code, 1)))
            for req in item.materials
            if app.material_states.get(req.code) in RECEIVED_STATES
        )
        return NoticeView(
            kind=kind,
            application_number=app.number or "",
            item_name=item.name,
            applicant_name=app.applicant_name,
            id_number=app.id_number,
            date=_notice_date(app, kind, ctx.today()),
            unit_name=ctx.workstation.unit_name,
            company=app.company_name or "",
            clerk_name=clerk_name,
            materials=materials if kind in ("receipt", "acceptance") else (),
            missing_items=tuple(str(m) for m in app.missing_items) if kind == "correction" else (),
            reason=(app.reason or "") if kind in ("refusal", "return") else "",
            due_date=app.due_on,
        )


def _display(ctx: ServiceContext, family: str, field_name: str, value: Any) -> str:
    text = "" if value is None else str(value)
    if field_name in ("category", "trade_code", "occupation"):
        name = ctx.catalogue.family(family).categories.get(text)
        return f"{text} {name}" if name else text
    return text


def _personal(form: dict[str, Any], cert: Certificate | None) -> tuple[str, str]:
    before, after = [], []
    for label, new_key, old in (
        ("姓名", "new_name", cert.holder_name if cert else form.get("name")),
        ("身份证号", "new_id_number", cert.holder_id_number if cert else form.get("id_number")),
        ("性别", "new_sex", (cert.holder_sex if cert else None) or form.get("sex")),
    ):
        if form.get(new_key):
            before.append(f"{label}：{old or ''}")
            after.append(f"{label}：{form[new_key]}")
    return "；".join(before), "；".join(after)


def form_view(ctx: ServiceContext, uuid: str, *, photo_loader: PhotoLoader | None = None) -> FormView:
    """The application form filled in from the application (the layout is chosen by its item)."""
    with ctx.store.read() as s:
        app = load(s, uuid)
        item = ctx.catalogue_for(app).item(app.item_code)
        form = dict(app.form)
        cert = None
        if app.certificate_number:
            cert = s.execute(
                select(Certificate).where(Certificate.number == app.certificate_number)
            ).scalar_one_or_none()
        sha = s.execute(
            select(MaterialPage.sha256)
            .where(MaterialPage.application_id == app.id, MaterialPage.kind == "photo")
            .order_by(MaterialPage.position)
        ).scalar()
        if sha is None and cert is not None:
            sha = _photo_sha(s, cert)
        signature_sha = s.execute(  # the latest, if the applicant signed again
            select(MaterialPage.sha256)
            .where(MaterialPage.application_id == app.id, MaterialPage.kind == "signature")
            .order_by(MaterialPage.position.desc(), MaterialPage.id.desc())
        ).scalar()
        fields = tuple(
            (f.label, _display(ctx, app.family, f.name, form.get(f.name)))
            for f in item.fields
            if form.get(f.name) not in (None, "")
        )
        before, after = _personal(form, cert)
        old_company = form.get("old_company_name") or (cert.company_name if cert else "") or ""
        new_company = form.get("new_company_name") or form.get("company_name") or ""
        return FormView(
            item_code=item.code,
            item_name=item.name,
            fields=fields,
            application_number=app.number or "",
            unit_name=ctx.workstation.unit_name,
            date=(app.received_at or app.created_at).date(),
            name=app.applicant_name,
            sex=str(form.get("sex") or (cert.holder_sex if cert else "") or ""),
            id_number=app.id_number,
            photo_jpeg=photo_loader(sha) if (sha and photo_loader) else None,
            certificate_number=app.certificate_number or "",
            change_reason=str(load_template("forms").get("change_reason_by_item", {}).get(item.code, "")),
            old_company=str(old_company),
            new_company=str(new_company),
            personal_before=before,
            personal_after=after,
            cancel_reason=str(form.get("cancel_reason") or ""),
            company=str(app.company_name or (cert.company_name if cert else "") or ""),
            signature_png=photo_loader(signature_sha) if (signature_sha and photo_loader) else None,
        )
