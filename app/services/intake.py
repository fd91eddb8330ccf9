"""Counter intake (窗口收件): drafts, submit, withdraw, accept, refuse, request correction.

Drafts are here; the stored row's helpers are in app.services.application_records, the rule checks in
app.services.form_rules, submit in app.services.submission and the counter's decisions in
app.services.counter_decisions; what callers use of them is re-exported here as the intake service's one public
face. The rest of the correction loop (resubmit, lapse after the deadline) is in app.services.corrections."""

from __future__ import annotations

import uuid
from typing import Any

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError
from app.domain.workflow import Status
from app.models import Application
from app.services.application_records import apply_form as apply_form
from app.services.application_records import check_version, set_material_states
from app.services.application_records import clean_form as clean_form
from app.services.application_records import load as load
from app.services.context import Actor, ServiceContext
from app.services.counter_decisions import accept as accept
from app.services.counter_decisions import refuse as refuse
from app.services.counter_decisions import request_correction as request_correction
from app.services.counter_decisions import withdraw as withdraw
from app.services.form_rules import evaluate_application as evaluate_application
from app.services.form_rules import evaluate_form as evaluate_form
from app.services.recording import record
from app.services.submission import submit as submit
from app.services.views import ApplicationView, snapshot, view_of


def create_draft(
    ctx: ServiceContext,
    actor: Actor,
    item_code: str,
    form: dict[str, Any] | None = None,
    *,
    conditions: list[int] | None = None,
    material_states: dict[str, str] | None = None,
    catalogue: Catalogue | None = None,
) -> ApplicationView:
    """Open a new application as a draft (草稿); nothing is checked yet so that nothing typed is ever refused.
    It is taken under the current catalogue (or the one the screen was built from) and keeps that version."""
    catalogue = catalogue or ctx.catalogue
    item = catalogue.item(item_code)
    now = ctx.now()
    clean = clean_form(ctx, item_code, form or {})
    states = {r.code: ("electronic" if r.electronic else "missing") for r in item.materials}
    states.update(material_states or {})
    with ctx.store.write() as s:
        app = Application(
            uuid=str(uuid.uuid4()),
            item_code=item.code,
            family=item.family.code,
            status=Status.DRAFT.value,
            version=1,
            catalogue_version=catalogue.version,
            form={},
            conditions=sorted(set(conditions or [])),
            material_states=states,
            missing_items=[],
            provisional=True,
            unit_code=ctx.workstation.unit_code,
            counter_no=ctx.workstation.counter_no,
            created_by=actor.username,
            created_at=now,
            updated_at=now,
            sync_state="local",
        )
        apply_form(app, clean)
        s.add(app)
        s.flush()
        record(s, actor, "application.create_draft", "application", app.uuid, {"item": item.code}, now)
        return view_of(app)


def save_draft(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    form: dict[str, Any],
    *,
    conditions: list[int] | None = None,
    material_states: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> ApplicationView:
    """Autosave: store whatever is typed, valid or not. Allowed while draft or awaiting correction."""
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        if app.status not in (Status.DRAFT, Status.CORRECTION, Status.RECEIVED):
            raise DomainError(
                "NOT_EDITABLE",
                "办件已受理，表单不能再修改",
                field="status",
                fix="已受理的办件由审核人员处理；如需更正，请由审核人员退件后重新申请。",
            )
        check_version(app, expected_version)
        apply_form(app, clean_form(ctx, app.item_code, form))
        if conditions is not None:
            app.conditions = sorted(set(conditions))
        if material_states is not None:
            set_material_states(s, app, material_states, now)
        app.updated_at = now
        # Drafts stay local (no outbox row): the central store first hears of an application on submit.
        if app.status != Status.DRAFT:
            app.version += 1
            record(
                s,
                actor,
                "application.update",
                "application",
                app.uuid,
                {"fields": sorted(form)},
                now,
                payload={"base_version": app.version - 1, "application": snapshot(app)},
            )
        return view_of(app)


def get(ctx: ServiceContext, ref: str | int) -> ApplicationView:
    with ctx.store.read() as s:
        return view_of(load(s, ref))


def discard_draft(ctx: ServiceContext, actor: Actor, ref: str | int) -> None:
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        if app.status != Status.DRAFT:
            raise DomainError("NOT_DRAFT", "只有草稿可以删除", field="status", fix="已提交的办件请使用撤回。")
        record(s, actor, "application.discard_draft", "application", app.uuid, {"item": app.item_code}, now)
        s.delete(app)
