"""Administration endpoints (admin only): users, workstations, registry imports, feed compaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from app.central import auth
from app.central.admin_effects import journal_user
from app.central.auth import Forbidden, Principal, utcnow
from app.central.feed import Journal, compact
from app.central.schemas import CompactRequest, NewUser, NewWorkstation, RegistryRequest, UserInfo
from app.core import authorship, records
from app.domain.errors import DomainError
from app.models import User, Workstation
from app.models.db import Store


def _own_unit(p: Principal, unit_code: str | None) -> str:
    unit = unit_code or p.unit_code
    if unit != p.unit_code:
        raise Forbidden(
            "UNIT_FORBIDDEN",
            f"管理员只能管理本单位（{p.unit_code}）的账号和工作站",
            field="unit_code",
            fix="请由该单位的管理员办理。",
        )
    return unit


def router(store: Store, admin_only: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(prefix="/admin", tags=["admin"])

    @r.post("/users", response_model=UserInfo)
    def put_user(req: NewUser, p: Principal = Depends(admin_only)) -> UserInfo:
        """Register a user centrally, or reset an existing one's password, role and name (same unit only)."""
        unit = _own_unit(p, req.unit_code)
        now = utcnow()
        with store.write() as s:
            user = s.execute(select(User).where(User.username == req.username)).scalar_one_or_none()
            if user is None:
                user = User(
                    username=req.username,
                    display_name=req.display_name,
                    role=req.role,
                    unit_code=unit,
                    password_hash=auth.hash_password(req.password),
                    active=True,
                    must_change_password=False,
                    created_at=now,
                    updated_at=now,
                )
                s.add(user)
            else:
                _own_unit(p, user.unit_code)
                user.display_name, user.role, user.updated_at = req.display_name, req.role, now
                user.password_hash, user.failed_logins, user.active = (
                    auth.hash_password(req.password),
                    0,
                    True,
                )
            # The account's author key, sealed with the password just set (the old keys stay valid for what
            # they signed); it reaches the unit's counters with the account.
            public, sealed = authorship.new_identity(req.password)
            user.sign_public_keys = authorship.with_key(user.sign_public_keys, public)
            user.sign_private = sealed
            journal = Journal()
            journal.audit(
                p.username, "central.user_put", "user", req.username, {"role": req.role, "unit": unit}
            )
            s.flush()
            journal_user(journal, user)
            journal.flush(s, now)
            return UserInfo(
                username=user.username,
                display_name=user.display_name,
                role=user.role,
                unit_code=user.unit_code,
            )

    @r.post("/workstations")
    def put_workstation(req: NewWorkstation, p: Principal = Depends(admin_only)) -> dict[str, str]:
        unit = _own_unit(p, req.unit_code)
        now = utcnow()
        with store.write() as s:
            ws = s.execute(select(Workstation).where(Workstation.code == req.code)).scalar_one_or_none()
            if ws is None:
                s.add(
                    Workstation(
                        code=req.code,
                        name=req.name,
                        unit_code=unit,
                        counter_no=req.counter_no,
                        created_at=now,
                    )
                )
            else:
                _own_unit(p, ws.unit_code)
                ws.name, ws.counter_no = req.name, req.counter_no
            journal = Journal()
            journal.audit(p.username, "central.workstation_put", "workstation", req.code, {"unit": unit})
            s.flush()
            journal.flush(s, now)
        return {"code": req.code, "unit_code": unit}

    @r.post("/registry")
    def put_registry(req: RegistryRequest, p: Principal = Depends(admin_only)) -> dict[str, Any]:
        """Import reference records; each one becomes a change of the registry stream."""
        now = utcnow()
        with store.write() as s:
            journal = Journal()
            for row in req.rows:
                key = records.natural_key(req.kind, row)
                if req.delete:
                    records.remove(s, req.kind, key)
                    journal.change("registry", req.kind, key, "delete", {"key": key})
                    continue
                obj = records.upsert(s, req.kind, row, now)
                s.flush()
                journal.change("registry", req.kind, key, "upsert", records.as_json(req.kind, obj))
            journal.audit(
                p.username,
                "central.registry_import",
                "registry",
                req.kind,
                {"rows": len(req.rows), "delete": req.delete},
            )
            journal.flush(s, now)
        return {"kind": req.kind, "rows": len(req.rows)}

    @r.post("/feed/compact")
    def compact_feed(req: CompactRequest, p: Principal = Depends(admin_only)) -> dict[str, Any]:
        now = utcnow()
        with store.write() as s:
            dropped = compact(s, req.stream, req.upto, now)
            journal = Journal()
            journal.audit(
                p.username, "central.feed_compact", "feed", req.stream, {"upto": req.upto, "dropped": dropped}
            )
            journal.flush(s, now)
        return {"stream": req.stream, "floor": req.upto, "dropped": dropped}

    return r


__all__ = ["DomainError", "router"]
