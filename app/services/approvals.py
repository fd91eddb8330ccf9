"""An approval counts when the central store has accepted it (docs/DESIGN.md).

The counter applies an approval's certificate effect at once, provisionally; the certificate is printed and the
applicant told only once the centre has accepted the approval's outbox entry. A counter that has never synced
(a standalone installation, no central store configured) is its own authority.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.models import OutboxEntry, Setting, SmsMessage

Confirmation = Literal["confirmed", "pending", "refused"]
HELD = "held"  # an SMS row waiting for the centre's word on its approval
PENDING_TEXT = "已审核，待中心确认"


def is_standalone(s: Session) -> bool:
    """Never synced and not enrolled with a central store: this counter is its own authority."""
    return s.get(Setting, "sync_status") is None and s.get(Setting, "enrolment") is None


def confirmation(s: Session, application_uuid: str | None) -> Confirmation:
    """What the centre has said of the application's latest approval ("confirmed" when none is waiting)."""
    if application_uuid is None:
        return "confirmed"
    state = s.execute(
        select(OutboxEntry.state)
        .where(OutboxEntry.entity_id == application_uuid, OutboxEntry.op == "application.approve")
        .order_by(OutboxEntry.id.desc())
        .limit(1)
    ).scalar()
    if state is None or state in ("applied", "duplicate"):
        return "confirmed"
    if state == "rejected":
        return "refused"
    return "confirmed" if is_standalone(s) else "pending"


def require_confirmed(s: Session, application_uuid: str | None, number: str) -> None:
    """Printing waits for the centre: a certificate of an unconfirmed or refused approval is never printed."""
    found = confirmation(s, application_uuid)
    if found == "pending":
        raise DomainError(
            "APPROVAL_UNCONFIRMED",
            f"证书 {number} 的审核结果尚未得到中心确认（{PENDING_TEXT}），暂不能打印。",
            field="certificate_number",
            fix="请联网同步；中心确认后该证书会出现在待打印队列中。",
        )
    if found == "refused":
        raise DomainError(
            "APPROVAL_REFUSED",
            f"证书 {number} 的审核未被中心接受，该证书已作废，不能打印。",
            field="certificate_number",
            fix="请在办件详情中查看中心拒绝的原因，按中心的最新状态重新办理。",
        )


def hold_messages(s: Session, application_number: str | None) -> None:
    """The approval's SMS waits for the centre (a standalone counter sends it at once)."""
    if application_number and not is_standalone(s):
        s.execute(
            update(SmsMessage)
            .where(SmsMessage.application_number == application_number, SmsMessage.state == "queued")
            .values(state=HELD)
        )


def release_messages(s: Session, application_number: str | None, *, send: bool) -> None:
    """The centre accepted (send) or refused (cancel) the approval the held messages announce."""
    if application_number:
        s.execute(
            update(SmsMessage)
            .where(SmsMessage.application_number == application_number, SmsMessage.state == HELD)
            .values(state="queued" if send else "cancelled")
        )
