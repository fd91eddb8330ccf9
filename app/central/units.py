"""The unit's issuing authority (发证机关) held by the central store: its unified social credit code goes into
every e-certificate identifier the centre derives, so it is the centre's own data, entered by the unit's
administrator, never taken from a counter's entry."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.central.auth import Principal, utcnow
from app.central.feed import Journal
from app.central.models import IssuingUnit
from app.central.schemas import UnitIssuer
from app.domain.errors import DomainError
from app.domain.identifiers import parse_uscc
from app.models.db import Store


def unit_issuer(s: Session, unit_code: str) -> str:
    """The unit's issuer code, or a refusal naming the field and how the administrator enters it."""
    unit = s.get(IssuingUnit, unit_code)
    if unit is None:
        raise DomainError(
            "ISSUER_NOT_SET",
            f"中心尚未登记本单位（{unit_code}）发证机关的统一社会信用代码，不能生成电子证照标识",
            field="issuer_uscc",
            fix="请中心管理员登记本单位发证机关代码（counterdesk-central migrate --unit 单位代码 --issuer-uscc 代码，"
            "或 POST /admin/unit），然后重新审核。",
        )
    return unit.issuer_uscc


def checked_uscc(text: str) -> str:
    try:
        return parse_uscc(text)
    except DomainError as err:
        raise DomainError(err.code, err.message, field="issuer_uscc", fix=err.fix) from None


def set_issuer(s: Session, unit_code: str, uscc: str, name: str | None, who: str) -> IssuingUnit:
    """Enter or change the unit's issuer code (validated); the caller's transaction holds the audit with it."""
    code = checked_uscc(uscc)
    now = utcnow()
    unit = s.get(IssuingUnit, unit_code)
    if unit is None:
        unit = IssuingUnit(
            unit_code=unit_code, issuer_uscc=code, issuer_name=name, updated_by=who, updated_at=now
        )
        s.add(unit)
    else:
        unit.issuer_uscc, unit.issuer_name, unit.updated_by, unit.updated_at = code, name, who, now
    return unit


def _answer(unit: IssuingUnit | None) -> dict[str, str | None]:
    if unit is None:
        return {"unit_code": None, "issuer_uscc": None, "issuer_name": None}
    return {"unit_code": unit.unit_code, "issuer_uscc": unit.issuer_uscc, "issuer_name": unit.issuer_name}


def router(store: Store, admin_only: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(prefix="/admin", tags=["admin"])

    @r.get("/unit")
    def get_unit(p: Principal = Depends(admin_only)) -> dict[str, str | None]:
        with store.read() as s:
            return _answer(s.get(IssuingUnit, p.unit_code))

    @r.post("/unit")
    def put_unit(req: UnitIssuer, p: Principal = Depends(admin_only)) -> dict[str, str | None]:
        """The administrator's own unit only: its issuing authority's code and name."""
        now = utcnow()
        with store.write() as s:
            unit = set_issuer(s, p.unit_code, req.issuer_uscc, req.issuer_name, p.username)
            journal = Journal()
            journal.audit(
                p.username, "central.unit_issuer", "unit", p.unit_code, {"issuer_uscc": unit.issuer_uscc}
            )
            s.flush()
            journal.flush(s, now)
            return _answer(unit)

    return r
