"""The record of every certificate printed (打印记录): what is waiting to be printed, and `print_certificate`.

`print_certificate` is called only after the printer reported success: it archives the printed PDF, marks the
version printed and writes the audit event, all in one transaction (the archive file is written first, like a
material blob: an orphan file is harmless, a record citing a missing file is not).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.domain.errors import ConflictError, DomainError, PermissionDenied
from app.domain.workflow import Role
from app.models import Application, Certificate, CertificateVersion
from app.models.certificates import CERT_STATUS_NAMES
from app.paths import data_dir as default_data_dir
from app.services import approvals
from app.services.context import Actor, ServiceContext
from app.services.documents import load_certificate
from app.services.issuance import VALID
from app.services.recording import audit

_PRINTERS = frozenset({Role.SUPERVISOR.value, Role.ADMIN.value})
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


@dataclass(frozen=True)
class PrintState:
    """One certificate's current version and whether it has been printed (a second print is a reprint)."""

    number: str
    holder_name: str
    family: str
    status: str
    version: int
    application_number: str | None
    issued_at: datetime
    printed_at: datetime | None

    @property
    def is_reprint(self) -> bool:
        return self.printed_at is not None


def _current(s: Session, cert: Certificate) -> CertificateVersion:
    row = s.execute(
        select(CertificateVersion)
        .where(CertificateVersion.certificate_id == cert.id, CertificateVersion.version == cert.version)
        .order_by(CertificateVersion.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        raise DomainError(
            "CERT_VERSION_MISSING",
            f"证书 {cert.number} 缺少第{cert.version}版的签发记录，不能打印。",
            field="certificate_number",
            fix="请先同步；仍缺失的请联系管理员核查该证书的登记记录。",
        )
    return row


def _state(s: Session, cert: Certificate) -> PrintState:
    # A status change (expiry, transfer out) adds a version row that is no print; the print marker sits on the
    # newest row of the current version.
    printed = s.execute(
        select(func.max(CertificateVersion.printed_at)).where(
            CertificateVersion.certificate_id == cert.id, CertificateVersion.version == cert.version
        )
    ).scalar()
    current = _current(s, cert)
    return PrintState(
        cert.number,
        cert.holder_name,
        cert.family,
        cert.status,
        cert.version,
        current.application_number,
        current.created_at,
        printed,
    )


def _approved_application(s: Session, number: str | None) -> str | None:
    if not number:
        return None
    return s.execute(select(Application.uuid).where(Application.number == number)).scalar()


def print_state(ctx: ServiceContext, number: str) -> PrintState:
    with ctx.store.read() as s:
        return _state(s, load_certificate(s, number))


def print_queue(ctx: ServiceContext, *, limit: int = 500) -> list[PrintState]:
    """Valid certificates whose current version was issued here through an application the central store has
    accepted, and not yet printed, oldest first. Imported certificates were printed before CounterDesk and never appear."""
    other = aliased(CertificateVersion)
    printed = (
        select(other.id)
        .where(
            other.certificate_id == CertificateVersion.certificate_id,
            other.version == CertificateVersion.version,
            other.printed_at.is_not(None),
        )
        .exists()
    )
    with ctx.store.read() as s:
        rows = s.execute(
            select(CertificateVersion, Certificate)
            .join(Certificate, Certificate.id == CertificateVersion.certificate_id)
            .where(
                Certificate.status == VALID,
                CertificateVersion.version == Certificate.version,
                CertificateVersion.application_number.is_not(None),
                ~printed,
            )
            .order_by(CertificateVersion.created_at, CertificateVersion.id)
            .limit(limit)
        ).all()
        return [
            PrintState(
                c.number,
                c.holder_name,
                c.family,
                c.status,
                c.version,
                v.application_number,
                v.created_at,
                None,
            )
            for v, c in rows
            # An approval the centre has not accepted yet joins the queue once it has (docs/DESIGN.md).
            if approvals.confirmation(s, _approved_application(s, v.application_number)) == "confirmed"
        ]


def archive_dir(ctx: ServiceContext) -> Path:
    return (ctx.data_dir or default_data_dir()) / "printed" / "certificates"


def _archive(ctx: ServiceContext, number: str, version: int, pdf: bytes) -> tuple[Path, str]:
    digest = hashlib.sha256(pdf).hexdigest()
    path = archive_dir(ctx) / _UNSAFE.sub("_", number).strip("_") / f"v{version:03d}-{digest[:16]}.pdf"
    if not path.exists():  # content-addressed: the same bytes printed twice are kept once
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as out:
            out.write(pdf)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    return path, digest


@dataclass(frozen=True)
class PrintRecord:
    number: str
    version: int
    printed_at: datetime
    reprint: bool
    archive_path: Path
    sha256: str


def print_certificate(
    ctx: ServiceContext,
    actor: Actor,
    number: str,
    pdf_bytes: bytes,
    printer: str,
    *,
    reason: str | None = None,
    version: int | None = None,
) -> PrintRecord:
    """Record a certificate the printer reported as printed: archive the PDF, mark the version printed, audit.

    `version` is the version the PDF was rendered from; if the certificate changed since, nothing is recorded.
    A second print of the same version is a reprint and needs a reason."""
    if actor.role not in _PRINTERS:
        raise PermissionDenied("PRINT_ROLE", "只有审核人或管理员可以打印证书。", fix="请由审核人员打印证书。")
    if not pdf_bytes.startswith(b"%PDF"):
        raise DomainError("PRINT_NOT_PDF", "要归档的打印文件不是PDF。", fix="请重新生成证书后再打印。")
    now = ctx.now()
    with ctx.store.write() as s:
        cert = load_certificate(s, number)
        if version is not None and version != cert.version:
            raise ConflictError(
                "CERT_CHANGED",
                f"证书 {number} 已更新为第{cert.version}版，打印的是第{version}版。",
                field="version",
                fix="请重新预览并打印最新版本，旧版不再记为已打印。",
            )
        if cert.status != VALID:
            raise DomainError(
                "CERT_NOT_PRINTABLE",
                f"证书 {number} 当前状态为“{CERT_STATUS_NAMES.get(cert.status, cert.status)}”，不能记为已打印。",
                field="certificate_number",
                fix="只有有效的证书才能打印。",
            )
        state = _state(s, cert)
        approvals.require_confirmed(s, _approved_application(s, state.application_number), number)
        reprint = state.is_reprint
        clean = (reason or "").strip()
        if reprint and not clean:
            raise DomainError(
                "REPRINT_REASON_REQUIRED",
                f"证书 {number} 第{cert.version}版已于{state.printed_at:%Y-%m-%d %H:%M}打印过，重新打印必须填写原因。",
                field="reason",
                fix="请填写补打原因（例如：卡纸、打印质量不合格），原因将记入审计日志。",
            )
        path, digest = _archive(ctx, number, cert.version, pdf_bytes)
        current = _current(s, cert)
        if current.printed_at is None:
            current.printed_at = now
        root = ctx.data_dir or default_data_dir()
        detail: dict[str, Any] = {
            "version": cert.version,
            "printer": printer,
            "sha256": digest,
            "archive": str(path.relative_to(root)) if path.is_relative_to(root) else str(path),
            "reprint": reprint,
        }
        if clean:
            detail["reason"] = clean
        audit(
            s,
            actor,
            "certificate.reprint" if reprint else "certificate.print",
            "certificate",
            number,
            detail,
            now,
        )
        return PrintRecord(number, cert.version, now, reprint, path, digest)


# ---------------------------------------------------------------- notices and forms
