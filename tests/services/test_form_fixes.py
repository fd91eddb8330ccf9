"""Form fixes seen at the counter: 提取 fills 工种 from the passed exam, a wrong 工种 is named on its field, a new employer code alone is a change."""

from __future__ import annotations

from app.services import intake, lookup
from tests.conftest import CLERK
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


def test_a_new_employer_code_alone_is_a_change(ctx):
    b = Builder(ctx, seed=5)
    sc = b.scenario("JN-CHG-EMPLOYER")
    new_code, _name = b.company()
    form = {**sc.form, "new_company_name": sc.form.get("old_company_name", ""), "new_company_code": new_code}
    codes = {
        f.code
        for f in intake.evaluate_form(
            ctx,
            "JN-CHG-EMPLOYER",
            form,
            conditions=all_conditions(ctx, "JN-CHG-EMPLOYER"),
            material_states=all_materials(ctx, "JN-CHG-EMPLOYER"),
        )
    }
    assert "CHANGE_NOTHING" not in codes
    same = {**form, "new_company_code": ""}
    assert "CHANGE_NOTHING" in {
        f.code
        for f in intake.evaluate_form(
            ctx,
            "JN-CHG-EMPLOYER",
            same,
            conditions=all_conditions(ctx, "JN-CHG-EMPLOYER"),
            material_states=all_materials(ctx, "JN-CHG-EMPLOYER"),
        )
    }


def test_an_expired_id_card_is_a_failure_with_its_fix(ctx):
    b = Builder(ctx, seed=6)
    sc = b.scenario("AG-RENEW")
    yesterday = ctx.today().fromordinal(ctx.today().toordinal() - 1).isoformat()
    card = {"id_number": sc.form["id_number"], "valid_from": "2006-01-01", "valid_to": yesterday}
    failures = {
        f.code: f
        for f in intake.evaluate_form(
            ctx,
            "AG-RENEW",
            {**sc.form, "id_card": card},
            conditions=all_conditions(ctx, "AG-RENEW"),
            material_states=all_materials(ctx, "AG-RENEW"),
        )
    }
    expired = failures["ID_CARD_EXPIRED"]
    assert expired.blocking and expired.field == "id_number" and "换领" in expired.fix
    long_term = {**card, "valid_to": "长期"}
    assert "ID_CARD_EXPIRED" not in {
        f.code
        for f in intake.evaluate_form(
            ctx,
            "AG-RENEW",
            {**sc.form, "id_card": long_term},
            conditions=all_conditions(ctx, "AG-RENEW"),
            material_states=all_materials(ctx, "AG-RENEW"),
        )
    }
    # The card's facts are kept with the application's form.
    draft = intake.create_draft(ctx, CLERK, "AG-RENEW", {**sc.form, "id_card": long_term})
    assert draft.form["id_card"]["valid_to"] == "长期"
