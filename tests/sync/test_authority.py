"""The central store as the authority (issue 11): it derives effects, refuses certificates made up by a counter,
and applies one conflict rule; a losing approval leaves no valid certificate behind."""

from __future__ import annotations

import uuid as uuidlib
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.numbering import serial_key
from app.models import Application, Certificate, OutboxEntry, VoidedNumber
from app.services import certificate_printing, intake, review
from app.services.context import Actor
from app.services.numbers import grant_block
from app.sync import outbox
from tests.sync.helpers import (
    CLERK,
    CLERK2,
    SUPERVISOR,
    Central,
    clone,
    counter,
    eligible_forms,
    outbox_states,
    submitted,
    worker,
)

SUPERVISOR2 = Actor("sup02", "supervisor", "赵刚")


def _local(ctx, uuid: str) -> Application:
    with ctx.store.read() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()


def _forged_certificate(number: str, holder: str, op: str = "01") -> dict:
    snap = {
        "number": number,
        "family": "TZ",
        "category": "01",
        "holder_id_number": "11010519491231002X",
        "holder_name": holder,
        "status": "01",
        "first_issued_on": "2026-01-01",
        "valid_from": "2026-01-01",
        "valid_to": "2028-01-01",
        "issued_on": "2026-01-01",
        "version": 1,
    }
    return {
        "key": str(uuidlib.uuid4()),
        "op": f"certificate.op{op}",
        "entity": "certificate",
        "entity_id": number,
        "actor": "sup01",
        "payload": {"operation_type": op, "application_number": None, "certificate": snap},
        "blobs": [],
    }


def test_a_supervisor_cannot_create_or_rewrite_a_certificate_without_an_application(
    central: Central,
) -> None:
    sup = central.client("sup01")
    [made_up] = sup.push([_forged_certificate("豫A012026000001", "伪造人")])
    assert (made_up["status"], made_up["code"]) == ("rejected", "CERT_DERIVED_CENTRALLY")
    [changed] = sup.push([_forged_certificate("豫A012026000001", "改名", op="02")])
    assert changed["status"] == "rejected"
    with central.store.read() as s:
        assert s.execute(select(Certificate)).first() is None


def test_a_rejected_change_never_lands_through_the_next_entry(central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a", "WS-01")
    form = eligible_forms(a, 1)[0]
    b = counter(clone(a, tmp_path / "b"), "WS-02")
    uuid = submitted(a, CLERK, form, "TZ-FIRST")
    wa, wb = worker(a, central, "clerk01"), worker(b, central, "clerk02")
    assert wa.run_once().error is None and wb.run_once().error is None
    intake.save_draft(b, CLERK2, uuid, {**form, "mobile": "13900000002"})  # B's edit: accepted first
    assert wb.push_all(b.now())["applied"] == 1
    intake.save_draft(a, CLERK, uuid, {**form, "mobile": "13900000001"})  # A's offline edit: stale
    intake.accept(a, CLERK, uuid)  # built on A's edit; its base version happens to equal the central one
    with a.store.write() as s:  # make the accept look like the centre's version, as in the report
        row = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.accept")).scalar_one()
        row.payload = {**row.payload, "base_version": 3}
    counts = wa.push_all(a.now())
    assert counts["applied"] == 0 and counts["rejected"] >= 1
    assert [c for _, _, c in outbox_states(a)[-2:]] == ["STALE_VERSION", "PREVIOUS_REJECTED"]
    with central.store.read() as s:
        app = s.execute(select(Application)).scalar_one()
        assert (app.status, app.mobile) == ("received", "13900000002")  # B's change stands
    local = _local(a, uuid)
    assert (local.status, local.mobile, local.sync_state) == ("received", "13900000002", "rejected")
    # A takes the central state and accepts again: the new entry names the rejection and counts.
    intake.accept(a, CLERK, uuid)
    batch = outbox.next_batch(a.store, None, 10)
    assert batch[0]["after_rejection"] is not None
    assert wa.push_all(a.now())["applied"] == 1
    with central.store.read() as s:
        assert s.execute(select(Application.status)).scalar_one() == "accepted"


def test_the_losing_approval_leaves_no_valid_certificate(central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a", "WS-01")
    form = eligible_forms(a, 1)[0]
    uuid = submitted(a, CLERK, form, "TZ-FIRST")
    intake.accept(a, CLERK, uuid)
    wa = worker(a, central, "clerk01")
    assert wa.run_once().error is None
    b = counter(clone(a, tmp_path / "b"), "WS-02")
    category = str(form.get("category") or form.get("trade_code") or form.get("occupation"))
    with b.store.write() as s:  # each workstation prints from its own block
        grant_block(
            s,
            "TZ",
            serial_key("TZ", category, str(form.get("city") or b.workstation.city_letter)),
            b.today().year,
            501,
            600,
        )
    review.approve(a, SUPERVISOR, uuid)  # both supervisors approve offline
    review.approve(b, SUPERVISOR2, uuid)
    lost_number = _local(b, uuid).certificate_number
    won_number = _local(a, uuid).certificate_number
    # Printing waits for the centre on both sides.
    for ctx, number, who in ((a, won_number, SUPERVISOR), (b, lost_number, SUPERVISOR2)):
        with pytest.raises(DomainError) as refused:
            certificate_printing.print_certificate(ctx, who, number, b"%PDF-1.4", "PDF")
        assert refused.value.code == "APPROVAL_UNCONFIRMED"
    assert worker(a, central, "sup01").push_all(a.now())["applied"] == 1
    assert worker(b, central, "sup02").push_all(b.now())["rejected"] == 1
    with b.store.read() as s:
        assert s.execute(select(Certificate).where(Certificate.number == lost_number)).first() is None
        voided = s.execute(select(VoidedNumber.number)).scalars().all()
    assert voided == [lost_number]
    assert _local(b, uuid).sync_state == "rejected"
    with central.store.read() as s:
        assert s.execute(select(Certificate.number)).scalars().all() == [won_number]
    record = certificate_printing.print_certificate(a, SUPERVISOR, won_number, b"%PDF-1.4 x", "PDF")
    assert record.number == won_number and not record.reprint


def test_a_retry_answer_does_not_overwrite_the_reason_an_entry_was_refused(
    central: Central, tmp_path: Path
) -> None:
    a = counter(tmp_path / "a")
    forms = eligible_forms(a, 1)
    uuid = submitted(a, CLERK, forms[0], "TZ-FIRST")
    intake.accept(a, CLERK, uuid)
    with a.store.read() as s:
        first, second = s.execute(select(OutboxEntry.key).order_by(OutboxEntry.id)).scalars().all()
    answers = [
        {"key": first, "status": "rejected", "code": "STALE_VERSION", "message": "已被他人修改"},
        {"key": second, "status": "retry", "code": "APPLICATION_NOT_YET", "message": "稍后自动重试"},
    ]
    outbox.apply_answers(a.store, answers, a.now())
    with a.store.read() as s:
        rows = s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars().all()
        assert [(r.state, r.result_code) for r in rows] == [
            ("rejected", "STALE_VERSION"),
            ("rejected", "PREVIOUS_REJECTED"),
        ]
        assert "自动重试" not in (rows[1].result_message or "")


def test_an_invalid_holder_id_number_is_refused_centrally(central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a")
    submitted(a, CLERK, eligible_forms(a, 1)[0], "TZ-FIRST")
    [entry] = outbox.next_batch(a.store, None, 10)
    entry["payload"]["application"]["id_number"] = "110105194912310021"  # wrong check digit
    [answer] = central.client("clerk01").push([entry])
    assert (answer["status"], answer["field"]) == ("rejected", "id_number")
    with central.store.read() as s:
        assert s.execute(select(Application)).first() is None
