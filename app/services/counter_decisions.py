"""The counter's decisions on a received application: 受理 (accept), 不予受理 (refuse), 撤回 (withdraw) and
一次性告知补正 (request a correction), each one workflow transition with its audit entry and SMS."""

from __future__ import annotations

from typing import Any

from app.domain.rules import RuleFailure, RulesFailed, blocking
from app.domain.workflow import Action, check_transition
from app.services import notifications, photos
from app.services.application_records import check_version, load
from app.services.context import Actor, ServiceContext
from app.services.form_rules import evaluate_stored
from app.services.recording import record
from app.services.views import ApplicationView, snapshot, view_of


def _move(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    action: Action,
    *,
    expected_version: int | None,
    reason: str | None = None,
    missing_items: list[str] | None = None,
) -> ApplicationView:
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        check_version(app, expected_version)
        target = check_transition(
            action, app.status, actor.role, actor=actor.username, reason=reason, missing_items=missing_items
        )
        item = ctx.catalogue_for(app).item(app.item_code)
        previous = app.status
        failures: list[RuleFailure] = []
        if action is Action.ACCEPT:
            failures = evaluate_stored(ctx, app, s)
            if blocking(failures):
                raise RulesFailed(blocking(failures), failures)
            photos.require_photo(s, ctx, app, approving=False)
            app.accepted_by, app.accepted_at = actor.username, now
            app.due_on = ctx.calendar.add_working_days(now.date(), item.family.decide_working_days)
        elif action is Action.REQUEST_CORRECTION:
            # The correction notice names this date; after it the application is treated as withdrawn.
            app.due_on = ctx.calendar.add_working_days(now.date(), item.family.correction_working_days)
        if action in (Action.REFUSE, Action.WITHDRAW, Action.REQUEST_CORRECTION):
            app.reason = reason.strip() if reason else None
        if action is Action.REQUEST_CORRECTION:
            app.missing_items = [m.strip() for m in missing_items or [] if m.strip()]
        if action in (Action.REFUSE, Action.WITHDRAW):
            app.decided_by, app.decided_at = actor.username, now
        app.status = target.value
        app.version += 1
        app.updated_at = now
        app.sync_state = "pending"
        detail: dict[str, Any] = {"from": previous, "to": target.value, "number": app.number}
        if reason:
            detail["reason"] = reason
        if missing_items:
            detail["missing_items"] = app.missing_items
        record(
            s,
            actor,
            f"application.{action.value}",
            "application",
            app.uuid,
            detail,
            now,
            payload={"base_version": app.version - 1, "application": snapshot(app)},
        )
        if action is Action.REFUSE:
            notifications.queue(s, ctx, actor, app, "refusal", reason=app.reason or "")
        elif action is Action.REQUEST_CORRECTION:
            notifications.queue(s, ctx, actor, app, "correction", reason="；".join(app.missing_items))
        return view_of(app, failures)


def withdraw(
    ctx: ServiceContext, actor: Actor, ref: str | int, reason: str, *, expected_version: int | None = None
) -> ApplicationView:
    """撤回 at the applicant's request: only while received (seed 001, 二-2)."""
    return _move(ctx, actor, ref, Action.WITHDRAW, expected_version=expected_version, reason=reason)


def accept(
    ctx: ServiceContext, actor: Actor, ref: str | int, *, expected_version: int | None = None
) -> ApplicationView:
    """受理: every rule must pass, every required material must be there."""
    return _move(ctx, actor, ref, Action.ACCEPT, expected_version=expected_version)


def refuse(
    ctx: ServiceContext, actor: Actor, ref: str | int, reason: str, *, expected_version: int | None = None
) -> ApplicationView:
    """不予受理 with a reason that goes to the applicant by SMS."""
    return _move(ctx, actor, ref, Action.REFUSE, expected_version=expected_version, reason=reason)


def request_correction(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    missing_items: list[str],
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> ApplicationView:
    """一次性告知补正: one complete list of what is missing."""
    text = reason or "请补正以下材料或内容：" + "；".join(missing_items)
    return _move(
        ctx,
        actor,
        ref,
        Action.REQUEST_CORRECTION,
        expected_version=expected_version,
        reason=text,
        missing_items=missing_items,
    )
