"""Certificate entries a counter may push: the transfer-out follow-ups of an approved application of its unit
and the nightly expiry, each derived and checked here on the central register. Everything else a counter says
about a certificate is refused; an approval's certificate effect is derived with the approval (app.central.effects).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central.auth import Forbidden, Principal, check_role
from app.central.effects import BACK_OFFICE_ROLES, Applied, check_unit
from app.central.feed import Journal
from app.central.issuing import journal_certificate
from app.central.schemas import CertificatePayload, PushEntry
from app.core import certificate_effects
from app.core.snapshots import certificate_snapshot
from app.domain.errors import DomainError
from app.domain.workflow import Status
from app.models import Application


def _owning_unit(s: Session, number: str) -> str | None:
    """The unit whose approved application last acted on a certificate (the one that may settle its transfer)."""
    row = s.execute(
        select(Application.unit_code)
        .where(Application.certificate_number == number, Application.status == Status.APPROVED.value)
        .order_by(Application.decided_at.desc())
        .limit(1)
    ).first()
    return row[0] if row else None


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
    """A certificate changes only through an approved application of its own unit (derived with the approval),
    through the transfer-out follow-ups of such an application, or through the expiry the centre checks itself.
    Anything else a counter says about a certificate is refused."""
    check_role(p, BACK_OFFICE_ROLES, "发证或变更证书")
    number = pl.certificate.number
    if entry.entity_id != number:
        raise DomainError(
            "ENTITY_MISMATCH", "变更记录与证书编号不一致", field="entity_id", fix="请联系技术支持。"
        )
    if pl.operation_type not in SETTLING_TYPES:
        raise Forbidden(
            "CERT_DERIVED_CENTRALLY",
            f"证书只能通过本单位审核通过的办件变更，中心不接受直接提交的证书变更（操作类型 {pl.operation_type}）",
            field="operation_type",
            fix="请通过办件办理（审核通过后由中心生成证书效果）。",
        )
    cert = certificate_effects.find_certificate(s, number, lock=True)
    if pl.operation_type == EXPIRY_TYPE:
        if cert.status != certificate_effects.VALID or cert.valid_to is None or cert.valid_to >= now.date():
            raise DomainError(
                "CERT_NOT_EXPIRED",
                f"证书 {number} 在中心不是已到期的有效证书",
                field="certificate_number",
                fix="本机时钟或数据可能有误；请同步后再运行到期注销。",
            )
        cert.status = certificate_effects.EXPIRED
        cert.updated_at = now
    else:
        owner = _owning_unit(s, number)
        if owner is None:
            raise Forbidden(
                "UNIT_FORBIDDEN",
                f"证书 {number} 没有可办理转出的本单位办件",
                field="certificate_number",
                fix="请由办理该证书转出的单位办理。",
            )
        check_unit(p, owner)
        certificate_effects.settle_transfer_out(s, number, pl.operation_type == TRANSFER_CONFIRMED, now)
    certificate_effects.write_version(s, cert, pl.operation_type, pl.application_number, p.username, now)
    journal_certificate(journal, p, entry, cert, pl.operation_type, pl.application_number)
    return Applied({"version": cert.version, "certificate": certificate_snapshot(cert)})


EXPIRY_TYPE = "04"
TRANSFER_CONFIRMED = certificate_effects.TRANSFER_CONFIRMED_OP
SETTLING_TYPES = frozenset({EXPIRY_TYPE, TRANSFER_CONFIRMED, certificate_effects.TRANSFER_CALLED_OFF_OP})
