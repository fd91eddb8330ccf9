"""The correction loop (issue 10, item 2): 一次性告知补正 → the applicant comes back → the same application is
corrected and resubmitted, with the due dates of 行政许可法 art. 32; past the notice's deadline it is treated as
withdrawn, recorded like every other move (audit event, outbox row, SMS)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError, PermissionDenied
from app.domain.workflow import Action, Status, allowed_actions
from app.models import AuditEvent, OutboxEntry, SmsMessage
from app.services import corrections, intake
from app.services.audit_log import timeline, verify_chain
from tests.services.scenarios import NOW, TODAY, Builder, all_conditions, all_materials, fixed_clock

ITEM = "AG-RENEW"


def _corrected(ctx, clerk):
    """A renewal received without the ID card's back and with a wrong mobile, sent back for correction."""
    fixed_clock(ctx)
    sc = Builder(ctx).scenario(ITEM)
    states = all_materials(ctx, ITEM) | {"id_card_back": "missing"}
    draft = intake.create_draft(
        ctx, clerk, ITEM, sc.form, conditions=all_conditions(ctx, ITEM), material_states=states
    )
    received = intake.submit(ctx, clerk, draft.uuid)
    notice = intake.request_correction(ctx, clerk, received.uuid, ["居民身份证（国徽面）", "手机号码有误"])
    return sc, received, notice


def _ops(ctx, uuid):
    with ctx.store.read() as s:
        return [o for (o,) in s.execute(select(OutboxEntry.op).where(OutboxEntry.entity_id == uuid))]


def test_notice_gives_the_configured_correction_deadline(ctx, clerk):
    _sc, received, notice = _corrected(ctx, clerk)
    family = ctx.catalogue.item(ITEM).family
    assert notice.status == Status.CORRECTION.value
    assert notice.due_on == ctx.calendar.add_working_days(TODAY, family.correction_working_days)
    assert notice.due_on > received.due_on  # not the acceptance deadline of the first receipt


def test_resubmit_the_same_application_with_the_corrections(ctx, clerk, clerk2):
    sc, received, notice = _corrected(ctx, clerk)
    later = NOW + timedelta(days=3)
    fixed_clock(ctx, later)
    form = dict(notice.form) | {"mobile": "13912345678"}
    states = dict(notice.material_states) | {"id_card_back": "scanned"}
    again = corrections.resubmit(
        ctx, clerk2, notice.uuid, form=form, material_states=states, expected_version=notice.version
    )
    assert again.uuid == received.uuid and again.number == received.number  # the same application
    assert again.status == Status.RECEIVED.value
    assert again.mobile == "13912345678" and again.material_states["id_card_back"] == "scanned"
    # The acceptance period starts again from the receipt of the corrected materials.
    family = ctx.catalogue.item(ITEM).family
    assert again.due_on == ctx.calendar.add_working_days(later.date(), family.accept_working_days)
    assert again.received_at == received.received_at and again.received_by == clerk.username
    assert again.missing_items == [] and again.reason is None
    steps = [
        (e.action, e.detail)
        for e in timeline(ctx, "application", again.uuid)
        if e.action.startswith("application.")
    ]
    assert [a for a, _d in steps][-3:] == [
        "application.submit",
        "application.request_correction",
        "application.resubmit",
    ]
    detail = steps[-1][1]
    assert detail["asked"] == ["居民身份证（国徽面）", "手机号码有误"]
    assert detail["collected"] == ["居民身份证（国徽面）"] and detail["changed_fields"] == ["手机号码"]
    assert "受理时限重新计算至" in detail["note"]
    assert _ops(ctx, again.uuid)[-1] == "application.resubmit"
    assert intake.accept(ctx, clerk2, again.uuid).status == Status.ACCEPTED.value
    assert verify_chain(ctx).ok


def test_resubmit_keeps_the_form_rules(ctx, clerk):
    _sc, _received, notice = _corrected(ctx, clerk)
    with pytest.raises(DomainError) as err:
        corrections.resubmit(ctx, clerk, notice.uuid, form=dict(notice.form) | {"mobile": "123"})
    assert err.value.code == "RULES_FAILED" and err.value.field == "mobile"
    assert intake.get(ctx, notice.uuid).status == Status.CORRECTION.value  # nothing half-done


def test_only_the_counter_resubmits_and_only_from_correction(ctx, clerk, supervisor):
    _sc, received, notice = _corrected(ctx, clerk)
    with pytest.raises(PermissionDenied):
        corrections.resubmit(ctx, supervisor, notice.uuid)
    corrections.resubmit(ctx, clerk, notice.uuid)
    with pytest.raises(DomainError) as err:
        corrections.resubmit(ctx, clerk, notice.uuid)
    assert err.value.code == "TRANSITION_INVALID"


def test_after_the_deadline_the_application_is_treated_as_withdrawn(ctx, clerk, supervisor):
    _sc, received, notice = _corrected(ctx, clerk)
    assert Action.LAPSE not in allowed_actions(Status.CORRECTION, "clerk")  # a deadline, not a button
    fixed_clock(ctx, datetime.combine(notice.due_on, NOW.time()))
    assert corrections.lapse_overdue(ctx, supervisor) == []  # the last day still counts
    fixed_clock(ctx, datetime.combine(notice.due_on + timedelta(days=1), NOW.time()))
    with pytest.raises(DomainError) as err:
        corrections.resubmit(ctx, clerk, notice.uuid)
    assert err.value.code == "CORRECTION_LAPSED" and "视为撤回" in err.value.message and err.value.fix
    assert corrections.lapse_overdue(ctx, supervisor) == [received.number]
    lapsed = intake.get(ctx, notice.uuid)
    assert lapsed.status == Status.WITHDRAWN.value and "逾期未补正，视为撤回申请" in (lapsed.reason or "")
    assert lapsed.decided_by == supervisor.username
    assert _ops(ctx, notice.uuid)[-1] == "application.lapse"
    with ctx.store.read() as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.action == "application.lapse")).scalar_one()
        assert event.detail["deadline"] == notice.due_on.isoformat()
        sms = s.execute(select(SmsMessage).where(SmsMessage.template == "correction_lapsed")).scalar_one()
        assert "逾期未补正" in sms.text and received.number in sms.text
    assert corrections.lapse_overdue(ctx, supervisor) == []  # once
    # The ID number is free again for a new application.
    again = intake.create_draft(ctx, clerk, ITEM, dict(notice.form), conditions=all_conditions(ctx, ITEM))
    assert not [f for f in intake.evaluate_application(ctx, again.uuid) if f.rule == "ONE_OPEN"]
    assert verify_chain(ctx).ok


def test_only_the_receiving_counter_lapses_it(ctx, clerk, supervisor):
    _sc, _received, notice = _corrected(ctx, clerk)
    fixed_clock(ctx, datetime.combine(notice.due_on + timedelta(days=1), NOW.time()))
    ctx.workstation = type(ctx.workstation)(**(vars(ctx.workstation) | {"counter_no": "99"}))
    assert corrections.lapse_overdue(ctx, supervisor) == []
    assert intake.get(ctx, notice.uuid).status == Status.CORRECTION.value
