"""Local bookkeeping: settings, sequences, sync cursors, leased certificate-number blocks, SMS outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class Sequence(Base):
    """Counters for numbers unique without the central store (e.g. application numbers per day and counter)."""

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int]


class SyncCursor(Base):
    __tablename__ = "sync_cursors"

    stream: Mapped[str] = mapped_column(String(32), primary_key=True)
    cursor: Mapped[int]
    updated_at: Mapped[datetime]


class NumberBlock(Base):
    """A block of certificate serial numbers leased from the central store so that issuance works offline."""

    __tablename__ = "number_blocks"
    __table_args__ = (Index("ix_number_blocks_key", "family", "key", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    block_id: Mapped[str] = mapped_column(String(36), unique=True)
    family: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(
        String(16)
    )  # category / city+trade, the part of the number a serial runs in
    year: Mapped[int]
    first: Mapped[int]
    last: Mapped[int]
    next: Mapped[int]
    leased_at: Mapped[datetime]
    returned: Mapped[bool] = mapped_column(default=False)


class SmsMessage(Base):
    """SMS outbox (短信): refusal, return and ready-for-collection messages to the applicant's phone."""

    __tablename__ = "sms_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_number: Mapped[str | None] = mapped_column(String(32), index=True)
    mobile: Mapped[str] = mapped_column(String(20))
    template: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued / sent / failed
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
