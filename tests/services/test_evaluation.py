"""好差评: stored in the application's form JSON with an audit event and an outbox row, a reason required for the
two lowest grades, kept through a correction of the form, and counted in the monthly statistics."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.evaluation import applicant_view, mask_id_number, mask_mobile
from app.models import OutboxEntry
from app.services import evaluation, intake, reports
from tests.services.scenarios import Builder, all_conditions, all_materials


def _received(ctx, clerk):
    sc = Builder(ctx, seed=21).scenario("AG-RENEW")
    draft = intake.create_draft(
        ctx,
        clerk,
        "AG-RENEW",
        sc.form,
        conditions=all_conditions(ctx, "AG-RENEW"),
        material_states=all_materials(ctx, "AG-RENEW"),
    )
    return intake.submit(ctx, clerk, draft.uuid)


def test_rating_is_stored_synced_and_kept(ctx, clerk):
    app = _received(ctx, clerk)
    with pytest.raises(DomainError) as err:
        evaluation.record_evaluation(ctx, clerk, app.uuid, 1, "  ")
    assert err.value.field == "reason" and "原因" in err.value.message
    view = evaluation.record_evaluation(ctx, clerk, app.uuid, 2, "等候时间太长")
    assert (
        view.form["evaluation"]["label"] == "不满意" and view.form["evaluation"]["reason"] == "等候时间太长"
    )
    with ctx.store.read() as s:
        last = s.execute(select(OutboxEntry).order_by(OutboxEntry.id.desc())).scalars().first()
    assert (
        last.op == "application.evaluation"
        and last.payload["application"]["form"]["evaluation"]["rating"] == 2
    )
    # A later save of the form (correction loop) keeps the rating.
    kept = intake.save_draft(ctx, clerk, app.uuid, {k: v for k, v in view.form.items() if k != "evaluation"})
    assert kept.form["evaluation"]["rating"] == 2


def test_monthly_statistics_count_the_ratings(ctx, clerk, tmp_path):
    app = _received(ctx, clerk)
    evaluation.record_evaluation(ctx, clerk, app.uuid, 5)
    path = reports.export_monthly(ctx, ctx.today().strftime("%Y-%m"), tmp_path / "月度.xlsx")
    sheet = load_workbook(path)["好差评"]
    counts = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert counts["非常满意"] == 1 and counts["不满意"] == 0


def test_the_applicant_sees_identifiers_masked():
    assert mask_id_number("41010519860517002X") == "410105********002X"
    assert mask_mobile("13838012345") == "138****2345"
    rows = applicant_view(
        {"id_number": "41010519860517002X", "name": "张敏", "mobile": ""},
        {"id_number": "身份证号", "name": "姓名", "mobile": "手机号码"},
    )
    assert rows == [("身份证号", "410105********002X"), ("姓名", "张敏")]
