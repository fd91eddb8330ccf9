"""Rule checks on an application's form: the rule panel's while the clerk types, and a stored application's
before submit, acceptance or approval."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain.catalogue import Catalogue
from app.domain.rules import RuleFailure, evaluate
from app.models import Application
from app.services.application_records import clean_form, load
from app.services.context import ServiceContext
from app.services.lookup import rule_context


def evaluate_application(ctx: ServiceContext, ref: str | int) -> list[RuleFailure]:
    with ctx.store.read() as s:
        app = load(s, ref)
        return evaluate_stored(ctx, app)


def evaluate_form(
    ctx: ServiceContext,
    item_code: str,
    form: dict[str, Any],
    *,
    conditions: list[int] | None = None,
    material_states: dict[str, str] | None = None,
    exclude_application: str | None = None,
    catalogue: Catalogue | None = None,
) -> list[RuleFailure]:
    """Every rule failure for a form as it stands, for the rule panel while the clerk types (against the catalogue
    its draft was taken under, when the screen passes it)."""
    rc = rule_context(
        ctx,
        item_code,
        clean_form(ctx, item_code, form),
        conditions=conditions,
        materials=material_states,
        exclude_application=exclude_application,
        catalogue=catalogue,
    )
    return evaluate(rc)


def evaluate_stored(
    ctx: ServiceContext, app: Application | Any, session: Session | None = None
) -> list[RuleFailure]:
    rc = rule_context(
        ctx,
        app.item_code,
        app.form,
        conditions=app.conditions,
        materials=app.material_states,
        exclude_application=app.number,
        conn=session.connection() if session is not None else None,
        catalogue=ctx.catalogue_for(app),
    )
    return evaluate(rc)
