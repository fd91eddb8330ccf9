"""The correction loop (补正): the applicant comes back with what the correction notice listed and the clerk
resubmits the same application; when the notice's deadline passes first, the application is treated as withdrawn.

Time limits (行政许可法 art. 32, DOMAIN.md §4): the notice gives the applicant until `due_on` (the family's
`correction_working_days`); the acceptance period starts again from the day the corrected materials are received,
so a resubmission gets a new acceptance due date. The history keeps every step: the notice with its list, the
resubmission with what was corrected, or the lapse.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.rules import RulesFailed, blocking
from app.domain.workflow import Action, Status, check_transition
from app.models import Application
from app.services import notifications
from app.services.application_records import apply_form, check_version, clean_form, load, set_material_states
from app.services.context import Actor, ServiceContext
from app.services.form_rules import evaluate_stored
from app.services.recording import record
from app.services.submission import NOT_BLOCKING_AT_SUBMIT
from app.services.views import ApplicationView, snapshot, view_of

LAPSE_REASON = "逾期未补正，视为撤回申请（补正期限{due}）"


def _deadline_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def is_lapsed(app: Application | Any, today: date) -> bool:
    """Past the correction notice's deadline (the whole last day still counts)."""
    return app.status == Status.CORRECTION.value and app.due_on is not None and app.due_on < today


def resubmit(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    *,
    form: dict[str, Any] | None = None,
    conditions: list[int] | None = None,
    material_states: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> ApplicationView:
    """补正后重新提交: the corrected form and materials and the move back to received, in one transaction.

    The form is checked as at submit (a missing material does not stop it: acceptance does); the acceptance due
    date is counted again from today."""
    now, today = ctx.now(), ctx.today()
    with ctx.store.write() as s:
        app = load(s, ref)
        check_version(app, expected_version)
        check_transition(Action.RESUBMIT, app.status, actor.role, actor=actor.username)
        if app.due_on is not None and is_lapsed(app, today):
            raise DomainError(
                "CORRECTION_LAPSED",
                f"办件 {app.number} 的补正期限已于{_deadline_text(app.due_on)}届满，按补正告知书视为撤回申请，"
                "不能再补正后提交",
                field="due_on",
                fix="请告知申请人重新申请（新建办件），本次带来的材料可在新办件中扫描。",
            )
        before_form, before_states = dict(app.form), dict(app.material_states)
        if form is not None:
            apply_form(app, clean_form(ctx, app.item_code, form))
        if conditions is not None:
            app.conditions = sorted(set(conditions))
        if material_states is not None:
            set_material_states(s, app, material_states, now)
        failures = evaluate_stored(ctx, app, s)
        stop = [f for f in blocking(failures) if f.rule not in NOT_BLOCKING_AT_SUBMIT]
        if stop:
            raise RulesFailed(stop, failures)
        item = ctx.catalogue_for(app).item(app.item_code)
        asked = list(app.missing_items)
        app.status = Status.RECEIVED.value
        app.due_on = ctx.calendar.add_working_days(today, item.family.accept_working_days)
        app.reason, app.missing_items = None, []
        app.version += 1
        app.updated_at = now
        app.sync_state = "pending"
        # What the notice asked for and is now here (scans attached since the notice already show as scanned),
        # and whatever else was missing before this call and is collected now.
        collected = [
            r.material.name
            for r in item.materials
            if app.material_states.get(r.code, "missing") not in ("missing", "electronic")
            and (r.material.name in asked or before_states.get(r.code, "missing") == "missing")
        ]
        changed = [
            f.label
            for f in item.fields
            if str(before_form.get(f.name) or "") != str(app.form.get(f.name) or "")
        ]
        record(
            s,
            actor,
            "application.resubmit",
            "application",
            app.uuid,
            {
                "from": Status.CORRECTION.value,
                "to": Status.RECEIVED.value,
                "number": app.number,
                "asked": asked,
                "collected": collected,
                "changed_fields": changed,
                "due_on": app.due_on.isoformat(),
                "note": _resubmit_note(collected, changed, app.due_on),
            },
            now,
            payload={"base_version": app.version - 1, "application": snapshot(app)},
        )
        return view_of(app, failures)


def _resubmit_note(collected: list[str], changed: list[str], due: date) -> str:
    parts = []
    if collected:
        parts.append("已补交：" + "、".join(collected))
    if changed:
        parts.append("已更正：" + "、".join(changed))
    parts.append(f"受理时限重新计算至{_deadline_text(due)}")
    return "；".join(parts)


def lapse_overdue(ctx: ServiceContext, actor: Actor) -> list[str]:
    """The check at start and the daily job: applications of this counter past their correction deadline become
    withdrawn (视为撤回), each with its audit event, outbox row and SMS. Returns their numbers.

    Only the counter that received an application lapses it, so two workstations of one unit never both record
    the same lapse."""
    now, today = ctx.now(), ctx.today()
    ws = ctx.workstation
    with ctx.store.write() as s:
        due = (
            s.execute(
                select(Application)
                .where(
                    Application.status == Status.CORRECTION.value,
                    Application.due_on.is_not(None),
                    Application.due_on < today,
                    Application.unit_code == ws.unit_code,
                    Application.counter_no == ws.counter_no,
                )
                .order_by(Application.due_on, Application.id)
            )
            .scalars()
            .all()
        )
        for app in due:
            target = check_transition(Action.LAPSE, app.status, actor.role, actor=actor.username)
            deadline = app.due_on
            assert deadline is not None  # selected by due_on < today
            app.status = target.value
            app.reason = LAPSE_REASON.format(due=_deadline_text(deadline))
            app.decided_by, app.decided_at = actor.username, now
            app.version += 1
            app.updated_at = now
            app.sync_state = "pending"
            record(
                s,
                actor,
                "application.lapse",
                "application",
                app.uuid,
                {
                    "from": Status.CORRECTION.value,
                    "to": target.value,
                    "number": app.number,
                    "reason": app.reason,
                    "deadline": deadline.isoformat(),
                },
                now,
                payload={"base_version": app.version - 1, "application": snapshot(app)},
            )
            notifications.queue(s, ctx, actor, app, "correction_lapsed", reason=app.reason)
        return [a.number or a.uuid for a in due]
