"""Outbox (待同步): every local change waits here, in order, until the central store answers it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

OUTBOX_STATES = ("pending", "applied", "duplicate", "rejected")


class OutboxEntry(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)  # push order
    key: Mapped[str] = mapped_column(String(36), unique=True)  # client-made UUID: the idempotency key
    op: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    blobs: Mapped[list[Any]]  # SHA-256 of material files the server must have first
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None]
    result_code: Mapped[str | None] = mapped_column(String(48))
    result_message: Mapped[str | None] = mapped_column(String(512))
    acknowledged: Mapped[bool] = mapped_column(default=False)  # a rejection the clerk has seen and dealt with
    # The author's Ed25519 signature, made when the entry was written (app/core/authorship.py); None for an
    # entry made without an unlocked key (the CLI's system jobs, a standalone counter).
    signature: Mapped[str | None] = mapped_column(String(128))
