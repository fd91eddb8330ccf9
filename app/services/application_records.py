"""An application's stored row: load it, check the version the clerk saw, and write a form or material states
into it. What intake, corrections, review and the other application services share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import ConflictError, DomainError, NotFoundError
from app.domain.evaluation import KEPT_KEYS
from app.domain.rules.idcard import ID_CARD_KEY
from app.models import Application, ApplicationMaterial
from app.services.context import ServiceContext
from app.services.lookup import normalise_id

MATERIAL_STATES = ("missing", "paper", "scanned", "electronic")


def load(session: Session, ref: str | int, *, lock: bool = False) -> Application:
    stmt = select(Application).where(
        Application.uuid == ref if isinstance(ref, str) else Application.id == ref
    )
    app = session.execute(stmt).scalar_one_or_none()
    if app is None:
        raise not_found(ref)
    return app


def not_found(ref: str | int) -> NotFoundError:
    return NotFoundError(
        "APPLICATION_NOT_FOUND", f"未找到办件 {ref}", field="application", fix="请刷新列表后重试。"
    )


def check_version(app: Application | Any, expected: int | None) -> None:
    if expected is not None and app.version != expected:
        raise ConflictError(
            "STALE_VERSION",
            f"办件 {app.number or ''} 已被他人修改（当前版本 {app.version}，您看到的是 {expected}）",
            field="version",
            fix="请重新打开办件，核对最新内容后再办理。",
        )


def clean_form(ctx: ServiceContext, item_code: str, form: dict[str, Any]) -> dict[str, Any]:
    """Trim strings and keep only the item's fields; normalise identifiers that parse, keep the rest as typed."""
    item = ctx.catalogue.item(item_code)
    names = {f.name for f in item.fields} | {ID_CARD_KEY}  # what the ID card reader read is kept too
    out: dict[str, Any] = {}
    for key, value in form.items():
        if key not in names or value is None:
            continue
        if key == ID_CARD_KEY:
            if isinstance(value, dict):
                out[key] = {str(k): str(v) for k, v in value.items()}
            continue
        out[key] = value.strip() if isinstance(value, str) else value
    if out.get("id_number"):
        out["id_number"] = normalise_id(str(out["id_number"]))
    return out


def apply_form(app: Application, form: dict[str, Any]) -> None:
    before = app.form or {}
    # What the applicant gave on their screen (好差评, signature) survives the clerk's saves of the form.
    form = {**{k: before[k] for k in KEPT_KEYS if k in before and k not in form}, **form}
    app.form = form
    app.id_number = str(form.get("id_number") or "")
    app.applicant_name = str(form.get("name") or "")
    app.mobile = str(form.get("mobile") or "") or None
    app.certificate_number = str(form.get("certificate_number") or "") or None
    company_code = form.get("new_company_code") or form.get("company_code")
    app.company_code = str(company_code or "") or None
    app.company_name = str(form.get("new_company_name") or form.get("company_name") or "") or None


def set_material_states(s: Session, app: Application, states: dict[str, str], now: Any) -> None:
    merged = dict(app.material_states)
    for code, state in states.items():
        if state not in MATERIAL_STATES:
            raise DomainError("MATERIAL_STATE", f"材料状态“{state}”无效", field="materials")
        merged[code] = state
        row = s.execute(
            select(ApplicationMaterial).where(
                ApplicationMaterial.application_id == app.id, ApplicationMaterial.material_code == code
            )
        ).scalar_one_or_none()
        if row is None:
            s.add(ApplicationMaterial(application_id=app.id, material_code=code, state=state, updated_at=now))
        else:
            row.state, row.updated_at = state, now
    app.material_states = merged
