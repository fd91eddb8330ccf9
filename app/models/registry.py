"""Reference registries (基础库): persons, companies, constructor registrations, scores, blacklist.

The central store is the authority for these; counters hold a synced copy used by "extract" (提取) and the rules.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    old_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[date | None]
    mobile: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(16))
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime]


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    org_code: Mapped[str | None] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    region: Mapped[str | None] = mapped_column(String(6))
    updated_at: Mapped[datetime]
    qualifications: Mapped[list[CompanyQualification]] = relationship(
        back_populates="company", cascade="all, delete-orphan", lazy="selectin"
    )


class CompanyQualification(Base):
    __tablename__ = "company_qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))  # 房屋建筑 / 市政公用工程 / 建筑劳务 / ...
    grade: Mapped[str | None] = mapped_column(String(16))
    valid_to: Mapped[date | None]
    company: Mapped[Company] = relationship(back_populates="qualifications")


class ConstructorRegistration(Base):
    """建造师注册: needed for a B certificate, under the same current ID number (rule 6)."""

    __tablename__ = "constructor_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    registration_number: Mapped[str] = mapped_column(String(32), unique=True)
    level: Mapped[str] = mapped_column(String(8))  # 一级 / 二级
    specialty: Mapped[str | None] = mapped_column(String(32))
    company_uscc: Mapped[str | None] = mapped_column(String(18))
    valid_to: Mapped[date | None]
    updated_at: Mapped[datetime]


class Score(Base):
    """成绩: exam (考核) or continuing-education (继续教育) results sent by training bodies."""

    __tablename__ = "scores"
    __table_args__ = (
        Index("uq_scores_natural", "id_number", "kind", "family", "category", "exam_date", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # exam / ce
    family: Mapped[str] = mapped_column(String(4))
    category: Mapped[str] = mapped_column(String(8))
    score: Mapped[float]  # the total, or the theory part when a sheet sends only parts
    theory_score: Mapped[float | None]  # 理论成绩, when the sheet sends the parts separately
    practice_score: Mapped[float | None]  # 实操成绩
    passed: Mapped[bool]
    exam_date: Mapped[date]
    valid_to: Mapped[date | None]
    training_body: Mapped[str | None] = mapped_column(String(128))
    certificate_number: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime]


class BlacklistEntry(Base):
    """黑名单: a person held accountable for a safety accident cannot apply until reinstated (rule 5)."""

    __tablename__ = "blacklist_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    name: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(256))
    listed_on: Mapped[date]
    lifted_on: Mapped[date | None]
    updated_at: Mapped[datetime]
