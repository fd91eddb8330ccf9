"""A transfer out ends (issue 10, item 6): 确认转出 (06 → 04, operation 05) and 撤销转出 (06 → 01, operation 10),
each one transaction with the certificate version, audit, outbox entry, timeline event and SMS."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError, PermissionDenied
from app.models import AuditEvent, Certificate, CertificateVersion, OutboxEntry, SmsMessage
from app.services import intake, review, transfer_out
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock


def approved_transfer_out(ctx, clerk, supervisor, builder: Builder, item_code: str = "AG-CHG-TRANSFER-OUT"):
    sc = builder.scenario(item_code)
    draft = intake.create_draft(
        ctx,
        clerk,
        item_code,
        sc.form,
        conditions=all_conditions(ctx, item_code),
        material_states=all_materials(ctx, item_code),
    )
    received = intake.submit(ctx, clerk, draft.uuid)
    intake.accept(ctx, clerk, received.uuid)
    return review.approve(ctx, supervisor, received.uuid)


def _cert(ctx, number: str) -> Certificate:
    with ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
        s.expunge(cert)
        return cert


def test_confirm_cancels_the_certificate_with_operation_05(ctx, clerk, supervisor):
    fixed_clock(ctx)
    app = approved_transfer_out(ctx, clerk, supervisor, Builder(ctx))
    found = transfer_out.pending(ctx, app.uuid)
    assert found is not None and found.certificate_status == "06" and found.destination_province == "湖北省"
    with pytest.raises(PermissionDenied):
        transfer_out.confirm(ctx, clerk, app.uuid)
    done = transfer_out.confirm(ctx, supervisor, app.uuid)
    assert done.certificate_status == "04" and _cert(ctx, app.certificate_number).status == "04"
    assert transfer_out.pending(ctx, app.uuid) is None
    with ctx.store.read() as s:
        version = s.execute(
            select(CertificateVersion).order_by(CertificateVersion.id.desc()).limit(1)
        ).scalar_one()
        assert (version.operation_type, version.application_number) == ("05", app.number)
        entry = s.execute(  # the approval wrote one (06, 转出中); the confirmation the last one (04)
            select(OutboxEntry)
            .where(OutboxEntry.op == "certificate.op05")
            .order_by(OutboxEntry.id.desc())
            .limit(1)
        ).scalar_one()
        assert entry.payload["operation_type"] == "05" and entry.payload["application_number"] == app.number
        assert entry.payload["certificate"]["status"] == "04" and entry.created_by == "sup01"
        event = s.execute(
            select(AuditEvent).where(
                AuditEvent.action == "transfer_out.confirmed", AuditEvent.entity_id == app.uuid
            )
        ).scalar_one()
        assert event.detail["certificate"] == app.certificate_number
        sms = s.execute(
            select(SmsMessage).where(SmsMessage.template == "transfer_out_confirmed")
        ).scalar_one()
        assert "注销" in sms.text and "证书已制作完成" not in sms.text
    with pytest.raises(DomainError) as again:  # a second confirmation (or a call-off after it) is refused
        transfer_out.call_off(ctx, supervisor, app.uuid)
    assert again.value.code == "CERT_STATUS"


def test_call_off_makes_the_certificate_valid_again_with_operation_10(ctx, clerk, supervisor):
    fixed_clock(ctx)
    app = approved_transfer_out(ctx, clerk, supervisor, Builder(ctx), "TZ-CHG-TRANSFER-OUT")
    assert transfer_out.call_off(ctx, supervisor, app.uuid).certificate_status == "01"
    assert _cert(ctx, app.certificate_number).status == "01"
    with ctx.store.read() as s:
        ops = [e.op for e in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars()]
        assert "certificate.op10" in ops
        sms = s.execute(
            select(SmsMessage).where(SmsMessage.template == "transfer_out_called_off")
        ).scalar_one()
        assert "恢复有效" in sms.text


def test_only_an_approved_transfer_out_can_be_ended(ctx, clerk, supervisor):
    fixed_clock(ctx)
    builder = Builder(ctx)
    sc = builder.scenario("AG-REISSUE")
    draft = intake.create_draft(
        ctx,
        clerk,
        "AG-REISSUE",
        sc.form,
        conditions=all_conditions(ctx, "AG-REISSUE"),
        material_states=all_materials(ctx, "AG-REISSUE"),
    )
    assert transfer_out.pending(ctx, draft.uuid) is None
    with pytest.raises(DomainError) as err:
        transfer_out.confirm(ctx, supervisor, draft.uuid)
    assert err.value.code == "NOT_A_TRANSFER_OUT"
