"""特种作业 首次申请: 提取 fills 工种 from the passed exam; a wrong 工种 names the mismatch on the 工种 field."""

from __future__ import annotations

from app.services import intake, lookup
from tests.services.scenarios import Builder, all_conditions, all_materials


def _failures(ctx, form):
    return intake.evaluate_form(
        ctx,
        "TZ-FIRST",
        form,
        conditions=all_conditions(ctx, "TZ-FIRST"),
        material_states=all_materials(ctx, "TZ-FIRST"),
    )


def test_extract_fills_the_trade_of_the_passed_exam(ctx):
    b = Builder(ctx, seed=3)
    idn, name = b.person()
    b.score(idn, name, "exam", "TZ", "03", passed=True)
    values = lookup.extract(ctx, idn).form_values("TZ")
    assert values["trade_code"] == "03"


def test_a_wrong_trade_is_named_on_the_trade_field(ctx):
    b = Builder(ctx, seed=4)
    sc = b.scenario("TZ-FIRST")
    passed = sc.form["trade_code"]
    wrong = next(c for c in ctx.catalogue.family("TZ").categories if c != passed)
    form = {**sc.form, "trade_code": wrong}
    failures = [f for f in _failures(ctx, form) if f.rule == "EXAM_SCORE"]
    assert len(failures) == 1
    f = failures[0]
    assert f.field == "trade_code" and f.code == "SCORE_OTHER_CATEGORY"
    assert wrong in f.message and passed in f.message and "获取不到" not in f.message
