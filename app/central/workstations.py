"""Workstation enrolment (工作站登记): an administrator enrols a workstation once and it gets a credential of its
own, with which it syncs whoever is logged in there (also at the login screen). The credential names the
workstation and its unit only; what each entry does is still checked against its author (app/central/authors.py).
Revoking it stops that workstation at once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from sqlalchemy import select

from app.central import auth, errors
from app.central.auth import AuthError, Forbidden, Principal, utcnow
from app.central.feed import Journal
from app.central.models import IssuingUnit, WorkstationCredential
from app.central.schemas import EnrolAnswer, EnrolRequest
from app.central.store import single_read
from app.domain.errors import NotFoundError
from app.models import Workstation
from app.models.db import Store


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii", "replace")).hexdigest()


def resolve_workstation(store: Store, token: str) -> Principal:
    """The principal of a workstation credential `ws1.<code>.<secret>`, or AuthError (401)."""
    _, _, rest = token.partition(auth.WORKSTATION_TOKEN_PREFIX)
    code, _, secret = rest.rpartition(".")
    with single_read(store) as s:
        row = s.execute(
            select(WorkstationCredential, Workstation)
            .join(Workstation, Workstation.code == WorkstationCredential.workstation_code)
            .where(WorkstationCredential.workstation_code == code)
        ).first()
    if row is None or not hmac.compare_digest(row[0].secret_hash, _digest(secret)):
        raise AuthError(
            "WORKSTATION_CREDENTIAL_INVALID",
            "本工作站的登记凭据无效",
            field="token",
            fix="请管理员在“工作站设置”中重新登记本工作站。",
        )
    cred, ws = row
    if cred.revoked_at is not None:
        raise AuthError(
            "WORKSTATION_REVOKED",
            f"工作站“{code}”的登记已被撤销，不能再同步",
            field="token",
            fix="如需继续使用，请管理员重新登记本工作站。",
        )
    return Principal(f"ws:{code}", auth.WORKSTATION_ROLE, cred.unit_code, ws.name, code, _digest(secret))


def enrol(store: Store, p: Principal, req: EnrolRequest) -> EnrolAnswer:
    """Register (or re-register) a workstation of the administrator's unit; a new credential replaces the old."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    with store.write() as s:
        ws = s.execute(select(Workstation).where(Workstation.code == req.code)).scalar_one_or_none()
        if ws is None:
            ws = Workstation(
                code=req.code, name=req.name, unit_code=p.unit_code, counter_no=req.counter_no, created_at=now
            )
            s.add(ws)
        elif ws.unit_code != p.unit_code:
            raise Forbidden(
                "UNIT_FORBIDDEN",
                f"工作站“{req.code}”属于单位 {ws.unit_code}，不能由本单位登记",
                field="code",
                fix="请换一个工作站编号，或由所属单位的管理员登记。",
            )
        else:
            ws.name, ws.counter_no = req.name, req.counter_no
        cred = s.get(WorkstationCredential, req.code)
        if cred is None:
            cred = WorkstationCredential(
                workstation_code=req.code,
                secret_hash=_digest(secret),
                unit_code=p.unit_code,
                enrolled_by=p.username,
                enrolled_at=now,
            )
            s.add(cred)
        else:
            cred.secret_hash, cred.enrolled_by, cred.enrolled_at = _digest(secret), p.username, now
            cred.revoked_at = cred.revoked_by = None
        journal = Journal()
        journal.audit(p.username, "central.workstation_enrol", "workstation", req.code, {"unit": p.unit_code})
        s.flush()
        journal.flush(s, now)
        unit = s.get(IssuingUnit, p.unit_code)
        issuer = unit.issuer_uscc if unit is not None else None
    return EnrolAnswer(
        code=req.code,
        unit_code=p.unit_code,
        credential=f"{auth.WORKSTATION_TOKEN_PREFIX}{req.code}.{secret}",
        issuer_uscc=issuer,
    )


def revoke(store: Store, p: Principal, code: str) -> None:
    now = utcnow()
    with store.write() as s:
        cred = s.get(WorkstationCredential, code)
        if cred is None:
            raise NotFoundError(
                "WORKSTATION_NOT_FOUND", f"工作站“{code}”未登记", field="code", fix="请核对工作站编号。"
            )
        auth.check_unit_of(p, cred.unit_code)
        cred.revoked_at, cred.revoked_by = now, p.username
        journal = Journal()
        journal.audit(p.username, "central.workstation_revoke", "workstation", code, {})
        journal.flush(s, now)


def router(store: Store, admin_only: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(tags=["工作站"])

    @r.post("/admin/workstations/enrol", response_model=EnrolAnswer)
    def post_enrol(req: EnrolRequest, p: Principal = Depends(admin_only)) -> EnrolAnswer:
        """登记工作站：返回该工作站专用的同步凭据（只显示这一次）。"""
        return enrol(store, p, req)

    @r.post("/admin/workstations/{code}/revoke", responses=errors.responses(404))
    def post_revoke(
        code: str = PathParam(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$"),
        p: Principal = Depends(admin_only),
    ) -> dict[str, str]:
        """撤销工作站登记：该工作站立即不能再同步。"""
        revoke(store, p, code)
        return {"status": "revoked", "code": code}

    return r
