"""What the central store's answer to an approval does to the counter's provisional certificate.

Accepted: the certificate becomes the centre's (its derived copy replaces the provisional one) and the held SMS
goes out. Refused (for instance another supervisor's approval of the same application won): the provisional
effect is undone visibly — a certificate this approval created is removed and its number voided (paper printed
with it is void and the number is never reused), a certificate it changed takes the centre's copy back — and the
held SMS is cancelled. Nothing was printed meanwhile: printing waits for the confirmation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from app.models import Application, Certificate, CertificateVersion, VoidedNumber
from app.services import approvals
from app.services.recording import audit
from app.sync.pull import apply_change


def _write(s: Any, data: dict[str, Any], now: datetime, op_type: str | None = None) -> None:
    apply_change(
        s,
        "certificates",
        {
            "entity_id": data["number"],
            "data": {**data, "operation_type": op_type or data.get("operation_type")},
        },
        now,
    )


def confirm(s: Any, app: Application, central: dict[str, Any] | None, now: datetime) -> None:
    if central is not None:
        _write(s, central, now)
    approvals.release_messages(s, app.number, send=True)


def undo_provisional(
    s: Any, app: Application, central: dict[str, Any] | None, reason: str | None, now: datetime
) -> None:
    approvals.release_messages(s, app.number, send=False)
    number = app.certificate_number
    if not number:
        return
    cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one_or_none()
    if cert is None:
        return
    if central is not None and central.get("number") == number:
        # The approval changed a certificate that exists centrally: take the register's copy back.
        s.execute(
            delete(CertificateVersion).where(
                CertificateVersion.certificate_id == cert.id,
                CertificateVersion.application_number == app.number,
                CertificateVersion.created_by != "central",
            )
        )
        cert.version = 0  # let the central copy win whatever its version
        _write(s, central, now)
        audit(s, "system", "certificate.restored", "certificate", number, {"application": app.number}, now)
        return
    created_here = s.execute(
        select(CertificateVersion.id).where(
            CertificateVersion.certificate_id == cert.id, CertificateVersion.application_number != app.number
        )
    ).first()
    if created_here is not None:
        return  # the certificate has a history of its own: not this approval's to remove
    s.delete(cert)
    if s.execute(select(VoidedNumber.id).where(VoidedNumber.number == number)).first() is None:
        s.add(VoidedNumber(number=number, application_number=app.number, reason=reason, voided_at=now))
    audit(
        s,
        "system",
        "certificate.voided",
        "certificate",
        number,
        {"application": app.number, "reason": reason or ""},
        now,
    )
