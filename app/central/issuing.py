"""审核通过 at the central store: the approved item's certificate effect on the central register, derived with the
counters' own code (app/core/certificate_effects.py). From the counter only the number it printed from its leased
block and a photo that is one of the application's own material files are taken; the issuer code is the centre's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central.auth import Principal
from app.central.feed import Journal
from app.central.models import LeasedBlock, MaterialRecord, WorkstationCredential
from app.central.schemas import ApplicationPayload, PushEntry
from app.central.units import unit_issuer
from app.core import certificate_effects
from app.core.snapshots import certificate_snapshot
from app.core.validation import check_certificate_number
from app.domain.catalogue import default_catalogue
from app.domain.errors import ConflictError, DomainError
from app.domain.numbering import NumberFormat, certificate_ecert_id, number_serial_key
from app.models import Application, Certificate


def issue_certificate(
    s: Session,
    p: Principal,
    entry: PushEntry,
    pl: ApplicationPayload,
    app: Application,
    item: Any,
    now: datetime,
    journal: Journal,
) -> None:
    """审核通过: the item's certificate effect on the central register, derived here with the counters' code.
    For a new certificate the only thing taken from the counter is the number it printed from its leased block."""
    catalogue = default_catalogue()
    printed = pl.application.certificate_number

    def number_for(category: str, city: str | None) -> str:
        if not printed:
            raise DomainError(
                "VALUE_INVALID",
                "审核通过的记录缺少证书编号",
                field="certificate_number",
                fix="请联系技术支持。",
            )
        check_certificate_number(catalogue, item.family.code, printed)
        taken = s.execute(select(Certificate.id).where(Certificate.number == printed)).first()
        if taken is not None:
            raise ConflictError(
                "CERT_NUMBER_TAKEN",
                f"证书编号 {printed} 已被使用",
                field="certificate_number",
                fix="证书编号段由中心统一分配；请联网同步领取新的编号段后重新办理。",
            )
        check_leased(s, p, item.family, printed)
        return printed

    def ecert(c: Certificate) -> str | None:
        type_code = catalogue.family(c.family).national_type_code
        if not type_code:
            return None
        # The same derivation as at the counter, unique by construction (app/domain/numbering.py), with the
        # unit's issuer code as the centre holds it (app/central/units.py), not the one the counter sent.
        return certificate_ecert_id(type_code, unit_issuer(s, app.unit_code), c.number, c.version)

    effect = certificate_effects.apply_effect(
        s,
        app,
        item,
        today=now.date(),
        now=now,
        number_for=number_for,
        ecert=ecert,
        photo=photo_of(s, app, pl.photo_sha256),
        author=p.username,
    )
    journal_certificate(journal, p, entry, effect.certificate, effect.operation_type, app.number)


def check_leased(s: Session, p: Principal, family: Any, number: str) -> None:
    """An enrolled workstation prints only from blocks the central store leased to it: a number outside them
    (made up, or from another workstation's block) is refused. A counter that is not enrolled grants its own
    blocks (standalone, app/services/numbers.py) and is not checked here."""
    if not p.workstation:
        return
    enrolled = s.get(WorkstationCredential, p.workstation)
    if enrolled is None or enrolled.revoked_at is not None:
        return
    parts = NumberFormat(family.number_format).parse(number)
    serial, year = int(parts["serial"]), int(parts["year"])
    leased = s.execute(
        select(LeasedBlock.block_id).where(
            LeasedBlock.family == family.code,
            LeasedBlock.key == number_serial_key(family.code, parts),
            LeasedBlock.year == year,
            LeasedBlock.first <= serial,
            LeasedBlock.last >= serial,
            LeasedBlock.workstation_code == p.workstation,
        )
    ).first()
    if leased is None:
        raise DomainError(
            "CERT_NUMBER_NOT_LEASED",
            f"证书编号 {number} 不在中心分配给本工作站（{p.workstation}）的编号段内",
            field="certificate_number",
            fix="证书编号段由中心统一分配；请联网同步领取编号段后重新审核打印。",
        )


def photo_of(s: Session, app: Application, sha: str | None) -> str | None:
    """The photo a counter names is taken only if it is one of this application's own material files."""
    if not sha:
        return None
    rows = s.execute(
        select(MaterialRecord.blobs).where(MaterialRecord.application_uuid == app.uuid)
    ).scalars()
    return sha if any(sha in (blobs or []) for blobs in rows) else None


def journal_certificate(
    journal: Journal, p: Principal, entry: PushEntry, cert: Certificate, op_type: str, app_number: str | None
) -> None:
    data = certificate_snapshot(cert)
    journal.change(
        "certificates",
        "certificate",
        cert.number,
        f"certificate.op{op_type}",
        {**data, "operation_type": op_type, "application_number": app_number},
    )
    journal.audit(
        p.username,
        f"certificate.op{op_type}",
        "certificate",
        cert.number,
        {"key": str(entry.key), "version": cert.version},
    )
