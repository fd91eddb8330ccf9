"""Users (用户) and workstations (工作站)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # clerk / supervisor / admin
    unit_code: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The author key (app/core/authorship.py): public keys, newest first, and the private key sealed with the
    # password. Both travel with the account to every counter of the unit.
    sign_public_keys: Mapped[list[Any]] = mapped_column(default=list)
    sign_private: Mapped[str | None] = mapped_column(String(256))


class Workstation(Base):
    __tablename__ = "workstations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    unit_code: Mapped[str] = mapped_column(String(12))
    counter_no: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
