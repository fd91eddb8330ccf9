"""Certificates (证书) with their version history; status codes follow the national e-certificate interface."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base

CERT_STATUS_NAMES = {
    "01": "有效",
    "02": "暂扣",
    "03": "撤销",
    "04": "注销",
    "05": "过期",
    "06": "转出中",
    "07": "吊销",
    "99": "其他",
}


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    family: Mapped[str] = mapped_column(String(4), index=True)
    category: Mapped[str] = mapped_column(String(8))  # A/B/C1.. or trade code or occupation code
    grade: Mapped[str | None] = mapped_column(String(16))
    holder_id_number: Mapped[str] = mapped_column(String(18), index=True)
    holder_name: Mapped[str] = mapped_column(String(64))
    holder_sex: Mapped[str | None] = mapped_column(String(2))
    holder_birth_date: Mapped[date | None]
    company_code: Mapped[str | None] = mapped_column(String(18), index=True)
    company_name: Mapped[str | None] = mapped_column(String(128))
    position: Mapped[str | None] = mapped_column(String(32))
    training_body: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(2), default="01", index=True)
    first_issued_on: Mapped[date]
    valid_from: Mapped[date]
    valid_to: Mapped[date | None] = mapped_column(index=True)
    issued_on: Mapped[date]
    version: Mapped[int] = mapped_column(default=1)
    # Unique (migrations 0003 / c0004): derived by app.domain.numbering.certificate_ecert_id.
    ecert_id: Mapped[str | None] = mapped_column(String(96), unique=True, index=True)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    origin: Mapped[str | None] = mapped_column(String(64))  # transfer-in: other province's number
    issuer: Mapped[str | None] = mapped_column(String(64))  # set for certificates of the legacy register
    updated_at: Mapped[datetime]
    versions: Mapped[list[CertificateVersion]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", order_by="CertificateVersion.version"
    )


class CertificateVersion(Base):
    """One row per issued version: what was printed, by which operation (national operation type)."""

    __tablename__ = "certificate_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    operation_type: Mapped[str] = mapped_column(String(2))
    application_number: Mapped[str | None] = mapped_column(String(32))
    snapshot: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(32))
    printed_at: Mapped[datetime | None]
    voided: Mapped[bool] = mapped_column(default=False)
    certificate: Mapped[Certificate] = relationship(back_populates="versions")


class VoidedNumber(Base):
    """作废证书编号: a number an approval drew from its block that never became a certificate (the centre refused
    the approval). The number is never handed out again and paper printed with it is void."""

    __tablename__ = "voided_certificate_numbers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    application_number: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(512))
    voided_at: Mapped[datetime]
