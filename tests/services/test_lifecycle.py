"""Every item of the catalogue through its whole lifecycle, with its certificate effect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.catalogue import default_catalogue
from app.domain.numbering import NumberFormat
from app.models import AuditEvent, Certificate, CertificateVersion, OutboxEntry, SmsMessage
from app.services import intake, issuance, notifications, review
from app.services.audit_log import verify_chain
from tests.services.scenarios import TODAY, Builder, all_conditions, all_materials, fixed_clock

ITEMS = sorted(default_catalogue().items)


def _cert(ctx, number: str) -> Certificate:
    with ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
        _ = cert.versions
        return cert


@pytest.mark.parametrize("item_code", ITEMS)
def test_item_lifecycle(ctx, clerk, supervisor, item_code):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario(item_code)
    item = ctx.catalogue.item(item_code)
    draft = intake.create_draft(
        ctx,
        clerk,
        item_code,
        sc.form,
        conditions=all_conditions(ctx, item_code),
        material_states=all_materials(ctx, item_code),
    )
    assert draft.status == "draft"
    assert [f for f in intake.evaluate_application(ctx, draft.uuid) if f.blocking] == []
    received = intake.submit(ctx, clerk, draft.uuid)
    assert received.status == "received"
    assert received.number and len(received.number) == 20 and received.number.isdigit()
    assert received.due_on == ctx.calendar.add_working_days(TODAY, item.family.accept_working_days)
    accepted = intake.accept(ctx, clerk, received.uuid)
    assert accepted.status == "accepted"
    approved = review.approve(ctx, supervisor, accepted.uuid)
    assert approved.status == "approved"
    assert approved.decided_by == supervisor.username

    cert = _cert(ctx, approved.certificate_number)
    fam = item.family
    if item.effect in ("new", "transfer_in"):
        assert NumberFormat(fam.number_format).is_valid(cert.number)
        assert cert.version == 1 and cert.status == "01"
        if item.effect == "new":
            assert cert.valid_to == issuance.add_years(TODAY, fam.validity_years)
        else:
            assert cert.valid_to == date(2027, 6, 30) and cert.origin.startswith("河北省")
        assert cert.versions[-1].operation_type == item.national_operation_type
    elif item.effect == "renew":
        assert cert.version == 2
        assert cert.valid_from == TODAY + timedelta(days=46)
        assert cert.valid_to == issuance.add_years(cert.valid_from, fam.validity_years)
    elif item.effect == "change":
        assert cert.version == 2
        if item.change_type == "company_renamed":
            assert "新名" in cert.company_name
        elif item.change_type == "employer_changed":
            assert cert.company_code == sc.form["new_company_code"]
        elif item.change_type == "personal_changed":
            assert cert.holder_name == "刘建民"
    elif item.effect == "reissue":
        assert cert.version == 2
        assert [v.voided for v in cert.versions] == [True, False]
    elif item.effect == "cancel":
        assert cert.status == "04"
    elif item.effect == "transfer_out":
        assert cert.status == "06"
    if fam.national_type_code and item.effect not in ("cancel", "transfer_out"):
        assert cert.ecert_id.startswith("1.2.156.3005.2." + fam.national_type_code)
        assert f".{cert.version:03d}." in cert.ecert_id

    with ctx.store.read() as s:
        ops = [o for (o,) in s.execute(select(OutboxEntry.op).order_by(OutboxEntry.id))]
        audited = set(s.execute(select(AuditEvent.action)).scalars())
        sms = s.execute(select(SmsMessage.template)).scalars().all()
    # The counter sends what people did; the certificate effect is derived again by the central store.
    assert ops == ["application.submit", "application.accept", "application.approve"]
    assert f"certificate.op{item.national_operation_type}" in audited
    assert sms == [notifications.APPROVAL_TEMPLATES[item.effect]]
    assert verify_chain(ctx).ok


def test_transfer_out_confirmed_and_called_off(ctx, clerk, supervisor):
    fixed_clock(ctx)
    b = Builder(ctx)
    for confirm in (True, False):
        sc = b.scenario("AG-CHG-TRANSFER-OUT")
        d = intake.create_draft(
            ctx,
            clerk,
            sc.item_code,
            sc.form,
            conditions=all_conditions(ctx, sc.item_code),
            material_states=all_materials(ctx, sc.item_code),
        )
        a = intake.accept(ctx, clerk, intake.submit(ctx, clerk, d.uuid).uuid)
        review.approve(ctx, supervisor, a.uuid)
        if confirm:
            issuance.confirm_transfer_out(ctx, supervisor, sc.certificate_number)
            assert _cert(ctx, sc.certificate_number).status == "04"
        else:
            issuance.call_off_transfer_out(ctx, supervisor, sc.certificate_number)
            cert = _cert(ctx, sc.certificate_number)
            assert cert.status == "01"
            assert cert.versions[-1].operation_type == "10"


def test_daily_expiry_job(ctx, supervisor):
    fixed_clock(ctx)
    b = Builder(ctx)
    idn, name = b.person()
    old = b.certificate("AG", "A", idn, name, valid_to=TODAY - timedelta(days=1))
    fresh = b.certificate("TZ", "05", idn, name, valid_to=TODAY)
    assert issuance.expire_certificates(ctx, supervisor) == [old]
    assert _cert(ctx, old).status == "05"
    assert _cert(ctx, old).versions[-1].operation_type == "04"
    assert _cert(ctx, fresh).status == "01"
    assert issuance.expire_certificates(ctx, supervisor) == []


def test_numbers_never_repeat_across_many_issues(ctx, clerk, supervisor):
    fixed_clock(ctx)
    b = Builder(ctx)
    numbers = set()
    for _ in range(6):
        sc = b.scenario("TZ-FIRST")
        d = intake.create_draft(
            ctx,
            clerk,
            sc.item_code,
            sc.form,
            conditions=all_conditions(ctx, sc.item_code),
            material_states=all_materials(ctx, sc.item_code),
        )
        a = intake.accept(ctx, clerk, intake.submit(ctx, clerk, d.uuid).uuid)
        numbers.add(review.approve(ctx, supervisor, a.uuid).certificate_number)
    assert len(numbers) == 6
    assert sorted(numbers)[0] == "豫A012026000001"
    with ctx.store.read() as s:
        assert s.execute(select(func.count()).select_from(CertificateVersion)).scalar() >= 6
        assert s.execute(select(func.count()).select_from(AuditEvent)).scalar() > 20
