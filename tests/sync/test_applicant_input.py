"""What the applicant gives on the applicant's screen reaches the central store (issue 14 with issue 11's rule): the
signature drawn before submission travels with the submission; the 好差评 given after the receipt, when the
clerk has already accepted the application and the form is no longer editable, is its own change. The central
store takes only that key, rebuilt from its parts, and refuses a forged one naming the field, with no changed row.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import uuid as uuidlib
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.evaluation import EVALUATION_KEY, SIGNATURE_KEY
from app.domain.workflow import Status
from app.models import Application
from app.services import evaluation, intake, users
from app.services.views import snapshot
from tests.services.scenarios import Builder, all_conditions, all_materials
from tests.sync.helpers import PASSWORDS, Central, set_passwords_centrally
from tests.sync.test_correction_lapse import _central_app, _enrolled, _outbox_answer

pytestmark = pytest.mark.postgres

# A 1×1 PNG: what a signature pad hands over, reduced to its bytes.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_the_signature_and_a_rating_after_acceptance_reach_the_centre(
    pg_central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(pg_central)
    ctx, worker = _enrolled(pg_central, tmp_path / "ws1")
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()
    form = Builder(ctx, seed=5).scenario("TZ-FIRST").form
    draft = intake.create_draft(
        ctx,
        clerk,
        "TZ-FIRST",
        form,
        conditions=all_conditions(ctx, "TZ-FIRST"),
        material_states=all_materials(ctx, "TZ-FIRST"),
    )
    evaluation.record_signature(ctx, clerk, draft.uuid, PNG)  # the applicant confirms the form and signs
    uuid = intake.submit(ctx, clerk, draft.uuid).uuid
    intake.accept(ctx, clerk, uuid)
    evaluation.record_evaluation(ctx, clerk, uuid, 2, "等候时间较长")  # after the receipt
    assert worker.run_once().error is None

    assert _outbox_answer(ctx, "application.evaluation") == ("applied", None)
    held = _central_app(pg_central, uuid)
    assert held.status == Status.ACCEPTED.value
    assert held.form[SIGNATURE_KEY]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert held.form[EVALUATION_KEY]["label"] == "不满意"
    assert held.form[EVALUATION_KEY]["reason"] == "等候时间较长"
    with ctx.store.read() as s:
        local = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
    assert local.sync_state == "synced" and local.version == held.version


def _rating_entry(app: Application, value: object) -> dict:
    snap = snapshot(app)
    snap["form"] = {**snap["form"], EVALUATION_KEY: value}
    return {
        "key": str(uuidlib.uuid4()),
        "op": "application.evaluation",
        "entity": "application",
        "entity_id": app.uuid,
        "actor": "clerk01",
        "payload": {"base_version": app.version, "application": snap},
        "blobs": [],
    }


def test_a_forged_rating_is_refused_naming_the_field_and_changes_nothing(
    pg_central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(pg_central)
    ctx, worker = _enrolled(pg_central, tmp_path / "ws1")
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()
    draft = intake.create_draft(
        ctx,
        clerk,
        "TZ-FIRST",
        Builder(ctx, seed=6).scenario("TZ-FIRST").form,
        conditions=all_conditions(ctx, "TZ-FIRST"),
        material_states=all_materials(ctx, "TZ-FIRST"),
    )
    uuid = intake.submit(ctx, clerk, draft.uuid).uuid
    intake.accept(ctx, clerk, uuid)
    assert worker.run_once().error is None
    before = _central_app(pg_central, uuid)
    with ctx.store.read() as s:
        app = copy.copy(s.execute(select(Application).where(Application.uuid == uuid)).scalar_one())

    # The clerk's own session pushes entries a counter could have forged: a grade that does not exist, a low
    # grade without its reason, a label that lies about the grade.
    clerk_session = pg_central.client("clerk01")
    forged = [
        ({"rating": 9, "reason": "", "at": "2026-11-23T10:00:00"}, "rating"),
        ({"rating": 1, "reason": " ", "at": "2026-11-23T10:00:00"}, "reason"),
        ({"rating": "5", "reason": "", "at": "2026-11-23T10:00:00"}, "rating"),
    ]
    rejected: str | None = None  # each retry names the refusal it follows (the conflict rule)
    for value, field in forged:
        entry = {**_rating_entry(app, value), "after_rejection": rejected}
        [answer] = clerk_session.push([entry])
        assert answer["status"] == "rejected", answer
        assert answer["field"] == field and answer["message"] and answer["fix"], answer
        rejected = entry["key"]
        assert _central_app(pg_central, uuid).form == before.form  # no changed row

    # A label that lies about the grade is not refused but never stored: the centre writes its own.
    lie = {"rating": 5, "label": "非常不满意", "reason": "", "at": "2026-11-23T10:00:00"}
    [answer] = clerk_session.push([{**_rating_entry(app, lie), "after_rejection": rejected}])
    assert answer["status"] == "applied", answer
    after = _central_app(pg_central, uuid)
    assert after.form[EVALUATION_KEY]["label"] == "非常满意"
    assert after.version == before.version + 1
