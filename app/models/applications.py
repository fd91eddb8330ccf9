"""Applications (办件) and their materials (申报材料)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base

# Must match app.domain.workflow.OPEN_STATUSES; written out because an index predicate is SQL.
OPEN_STATUS_SQL = "status IN ('received', 'accepted', 'under_review', 'correction_requested')"


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        # One open application per ID number (rule 1): a constraint, not only a check in code. Its PostgreSQL
        # predicate is added by app.central.models: naming it here would import the PostgreSQL dialect into
        # every counter start (50-100 ms) for a database the counter never opens.
        Index("uq_applications_open_id_number", "id_number", unique=True, sqlite_where=text(OPEN_STATUS_SQL)),
        Index("ix_applications_status_due", "status", "due_on"),
        Index("ix_applications_received_at", "received_at"),
        # 今日工作台: a clerk's counts per status and lists by due date (migration 0005).
        Index("ix_applications_created_by_status_due", "created_by", "status", "due_on"),
        Index("ix_applications_created_at", "created_at"),  # 办件查询 by date (migration 0005)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    item_code: Mapped[str] = mapped_column(String(32), index=True)
    family: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(24), index=True)
    version: Mapped[int] = mapped_column(default=1)
    # The catalogue version (事项目录版本) it was taken under: its conditions and material list stay those.
    catalogue_version: Mapped[int] = mapped_column(default=1, server_default="1")
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    applicant_name: Mapped[str] = mapped_column(String(64), index=True)
    mobile: Mapped[str | None] = mapped_column(String(20))
    company_code: Mapped[str | None] = mapped_column(String(18))
    company_name: Mapped[str | None] = mapped_column(String(128), index=True)
    certificate_number: Mapped[str | None] = mapped_column(String(40), index=True)
    form: Mapped[dict[str, Any]]
    conditions: Mapped[list[Any]]
    material_states: Mapped[dict[str, Any]]
    reason: Mapped[str | None] = mapped_column(String(512))
    missing_items: Mapped[list[Any]]
    review_opinion: Mapped[str | None] = mapped_column(Text)  # 审核意见, printed on the review sheet
    provisional: Mapped[bool] = mapped_column(default=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    counter_no: Mapped[str] = mapped_column(String(8))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    received_by: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime | None]
    accepted_by: Mapped[str | None] = mapped_column(String(32))
    accepted_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None]
    due_on: Mapped[date | None]
    sync_state: Mapped[str] = mapped_column(String(12), default="pending")  # pending / synced / rejected
    sync_message: Mapped[str | None] = mapped_column(String(512))
    pages: Mapped[list[MaterialPage]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="MaterialPage.position"
    )


class ApplicationMaterial(Base):
    """Per application and material code: how it was received (paper, scanned, fetched) — the checklist state."""

    __tablename__ = "application_materials"
    __table_args__ = (Index("uq_application_materials", "application_id", "material_code", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    material_code: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12))  # missing / paper / scanned / electronic
    updated_at: Mapped[datetime]


class MaterialPage(Base):
    """One scanned page of one material; the bytes live in the content-addressed material store."""

    __tablename__ = "material_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    material_code: Mapped[str] = mapped_column(String(32))
    position: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    mime: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    encrypted: Mapped[bool]
    width: Mapped[int | None]
    height: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(16))  # file / folder / camera / scanner
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    application: Mapped[Application] = relationship(back_populates="pages")
