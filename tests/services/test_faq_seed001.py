"""One test per problem of the seed-001 FAQ that the system can detect: the message and the fix a clerk sees."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.identifiers import make_uscc
from app.models import SmsMessage
from app.services import intake, review
from tests.services.scenarios import TODAY, Builder, all_conditions, all_materials, fixed_clock


def _failures(ctx, item_code, form, **kw):
    return {
        f.code: f
        for f in intake.evaluate_form(
            ctx,
            item_code,
            form,
            conditions=all_conditions(ctx, item_code),
            **{"material_states": all_materials(ctx, item_code), **kw},
        )
    }


@pytest.fixture
def b(ctx):
    fixed_clock(ctx)
    return Builder(ctx)


def test_no_company_information_suggests_old_org_code(ctx, b):
    sc = b.scenario("AG-FIRST")
    sc.form["company_code"] = make_uscc(random.Random(99))  # well-formed, but no such company on record
    f = _failures(ctx, "AG-FIRST", sc.form)["COMPANY_NOT_FOUND"]
    assert "未获取到企业信息" in f.message
    assert "旧组织机构代码" in f.fix and "7个工作日" in f.fix


def test_company_on_record_under_old_org_code_is_found(ctx, b):
    sc = b.scenario("AG-FIRST")
    uscc, _ = b.company(("房屋建筑",), old_code_only=True)
    sc.form["company_code"] = uscc
    failures = _failures(ctx, "AG-FIRST", sc.form)
    assert "COMPANY_NOT_FOUND" not in failures
    assert failures["COMPANY_OLD_ORG_CODE"].blocking is False
    # The clerk may also type the old organisation code itself.
    sc.form["company_code"] = uscc[8:16] + "-" + uscc[16]
    assert "COMPANY_NOT_FOUND" not in _failures(ctx, "AG-FIRST", sc.form)


def test_company_without_building_qualification(ctx, b):
    sc = b.scenario("AG-FIRST")
    uscc, _ = b.company(("装饰装修",))
    sc.form["company_code"] = uscc
    f = _failures(ctx, "AG-FIRST", sc.form)["COMPANY_NO_QUALIFICATION"]
    assert "无房屋建筑、市政公用工程、建筑劳务类资质" in f.message
    assert f.fix.startswith("企业须首先获得房屋建筑、市政公用工程、建筑劳务类资质")


def test_expired_certificate_was_cancelled_automatically(ctx, b):
    sc = b.scenario("AG-RENEW")
    with ctx.store.write() as s:
        from app.models import Certificate

        s.execute(
            select(Certificate).where(Certificate.number == sc.certificate_number)
        ).scalar_one().valid_to = TODAY - timedelta(days=3)
    f = _failures(ctx, "AG-RENEW", sc.form)["CERT_EXPIRED"]
    assert "未提取到有效证书或证书已过期注销" in f.message
    assert "参加首次取证考试合格后，再进行首次申请" in f.fix


def test_wrong_id_number_on_certificate(ctx, b):
    sc = b.scenario("AG-REISSUE")
    other, _ = b.person(name="陈某")
    sc.form["id_number"] = other
    f = _failures(ctx, "AG-REISSUE", sc.form)["CERT_NOT_FOUND"]
    assert "未提取到有效证书" in f.message
    assert "原聘用企业出具签章说明" in f.fix


@pytest.mark.parametrize(
    ("passed", "expired", "code", "fix_part"),
    [
        (None, False, "SCORE_NOT_FOUND", "20个工作日"),
        (False, False, "SCORE_FAILED", "重新参加教育考试"),
        (True, True, "SCORE_EXPIRED", "重新参加考试"),
    ],
)
def test_score_problems(ctx, b, passed, expired, code, fix_part):
    idn, name = b.person()
    uscc, cname = b.company()
    if passed is not None:
        b.score(
            idn,
            name,
            "exam",
            "AG",
            "A",
            passed=passed,
            valid_to=TODAY - timedelta(days=1) if expired else None,
        )
    form = {
        "id_number": idn,
        "name": name,
        "mobile": "13838012345",
        "category": "A",
        "company_code": uscc,
        "company_name": cname,
    }
    f = _failures(ctx, "AG-FIRST", form)[code]
    assert fix_part in f.fix


def test_continuing_education_missing_for_renewal(ctx, b):
    sc = b.scenario("AG-RENEW")
    from app.models import Score

    with ctx.store.write() as s:
        for row in s.execute(select(Score).where(Score.id_number == sc.id_number)).scalars():
            s.delete(row)
    f = _failures(ctx, "AG-RENEW", sc.form)["SCORE_NOT_FOUND"]
    assert "继续教育成绩" in f.message


def test_blacklisted_applicant(ctx, b):
    sc = b.scenario("AG-FIRST")
    b.blacklist(sc.id_number, sc.form["name"])
    f = _failures(ctx, "AG-FIRST", sc.form)["BLACKLISTED"]
    assert "黑名单" in f.message
    assert "报告整改情况并提请重新考核" in f.fix


def test_constructor_registered_under_old_id_number(ctx, b):
    sc = b.scenario("AG-FIRST")
    sc.form["category"] = "B"
    b.score(sc.id_number, sc.form["name"], "exam", "AG", "B")
    old15 = sc.id_number[:6] + sc.id_number[8:17]
    b.constructor(old15, sc.form["name"], sc.company_code)
    f = _failures(ctx, "AG-FIRST", sc.form)["CONSTRUCTOR_OLD_ID"]
    assert "老旧身份证号" in f.message
    assert "首先申请建造师个人信息变更事项" in f.fix


def test_constructor_not_synchronised(ctx, b):
    sc = b.scenario("AG-FIRST")
    sc.form["category"] = "B"
    b.score(sc.id_number, sc.form["name"], "exam", "AG", "B")
    f = _failures(ctx, "AG-FIRST", sc.form)["CONSTRUCTOR_NOT_FOUND"]
    assert f.message == "未获取到建造师信息"
    assert "一级建造师数据可能尚未同步" in f.fix
    b.constructor(sc.id_number, sc.form["name"], sc.company_code)
    assert "CONSTRUCTOR_NOT_FOUND" not in _failures(ctx, "AG-FIRST", sc.form)


def test_one_open_application_per_id_number(ctx, b, clerk):
    sc = b.scenario("AG-RENEW")
    first = intake.create_draft(
        ctx,
        clerk,
        "AG-RENEW",
        sc.form,
        conditions=all_conditions(ctx, "AG-RENEW"),
        material_states=all_materials(ctx, "AG-RENEW"),
    )
    intake.submit(ctx, clerk, first.uuid)
    second = intake.create_draft(
        ctx,
        clerk,
        "AG-CANCEL",
        {**sc.form, "cancel_reason": "本人申请"},
        conditions=all_conditions(ctx, "AG-CANCEL"),
        material_states=all_materials(ctx, "AG-CANCEL"),
    )
    with pytest.raises(DomainError) as err:
        intake.submit(ctx, clerk, second.uuid)
    failure = next(f for f in err.value.failures if f.code == "OPEN_APPLICATION_EXISTS")
    assert failure.message.startswith("您尚有未办结的申请事项，请等待办结后再进行申报")


def test_withdrawal_only_while_received(ctx, b, clerk):
    sc = b.scenario("AG-REISSUE")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    received = intake.submit(ctx, clerk, d.uuid)
    accepted = intake.accept(ctx, clerk, received.uuid)
    with pytest.raises(DomainError) as err:
        intake.withdraw(ctx, clerk, accepted.uuid, "申请人要求撤回")
    assert err.value.code == "WITHDRAW_NOT_RECEIVED"
    assert "只有“收件”状态的办件才能撤回" in err.value.message
    # While received it works.
    sc2 = b.scenario("AG-CANCEL")
    d2 = intake.create_draft(
        ctx,
        clerk,
        sc2.item_code,
        sc2.form,
        conditions=all_conditions(ctx, sc2.item_code),
        material_states=all_materials(ctx, sc2.item_code),
    )
    assert (
        intake.withdraw(ctx, clerk, intake.submit(ctx, clerk, d2.uuid).uuid, "申请人要求撤回").status
        == "withdrawn"
    )


def test_transfer_out_needs_onsite_signature(ctx, b):
    """The signature is drawn at the counter and stored: a ticked box or paper alone does not count."""
    sc = b.scenario("AG-CHG-TRANSFER-OUT")
    assert "onsite_signed" not in {f.name for f in ctx.catalogue.item(sc.item_code).fields}
    for state in ("missing", "paper"):
        states = {**all_materials(ctx, sc.item_code), "onsite_signature": state}
        f = _failures(ctx, sc.item_code, sc.form, material_states=states)
        assert "现场签名" in f["ONSITE_SIGNATURE_MISSING"].message
    assert "ONSITE_SIGNATURE_MISSING" not in _failures(ctx, sc.item_code, sc.form)  # signed: "scanned"


def test_refusal_and_return_reasons_go_by_sms(ctx, b, clerk, supervisor):
    sc = b.scenario("TZ-REISSUE")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    intake.refuse(ctx, clerk, intake.submit(ctx, clerk, d.uuid).uuid, "申请材料与原件不符")
    sc2 = b.scenario("TZ-CANCEL")
    d2 = intake.create_draft(
        ctx,
        clerk,
        sc2.item_code,
        sc2.form,
        conditions=all_conditions(ctx, sc2.item_code),
        material_states=all_materials(ctx, sc2.item_code),
    )
    accepted = intake.accept(ctx, clerk, intake.submit(ctx, clerk, d2.uuid).uuid)
    review.return_application(ctx, supervisor, accepted.uuid, "注销原因与证明材料不一致")
    with ctx.store.read() as s:
        texts = {m.template: m.text for m in s.execute(select(SmsMessage)).scalars()}
    assert "申请材料与原件不符" in texts["refusal"] and "不予受理" in texts["refusal"]
    assert "注销原因与证明材料不一致" in texts["return"] and "退件" in texts["return"]


def test_paper_certificate_to_electronic_by_reissue(ctx, b, clerk, supervisor):
    sc = b.scenario("AG-REISSUE")
    sc.form["reissue_reason"] = "纸质证书换发电子证书"
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    approved = review.approve(
        ctx, supervisor, intake.accept(ctx, clerk, intake.submit(ctx, clerk, d.uuid).uuid).uuid
    )
    from app.models import Certificate

    with ctx.store.read() as s:
        cert = s.execute(
            select(Certificate).where(Certificate.number == approved.certificate_number)
        ).scalar_one()
    assert cert.version == 2 and cert.ecert_id.split(".")[-2] == "002"


def test_lost_certificate_needs_loss_notice(ctx, b):
    sc = b.scenario("TZ-REISSUE")
    sc.form["reissue_reason"] = "遗失"
    assert "LOSS_NOTICE_MISSING" in _failures(ctx, sc.item_code, sc.form)


def test_unclassified_c_certificate_refused_for_transfer_in(ctx, b):
    sc = b.scenario("AG-CHG-TRANSFER-IN")
    sc.form["category"] = "C"
    f = _failures(ctx, sc.item_code, sc.form)["TRANSFER_IN_PLAIN_C"]
    assert "2023-07-13" in f.message and "C1、C2或C3" in f.fix


def test_malformed_company_code_is_named_at_its_field(ctx, b):
    sc = b.scenario("AG-FIRST")
    sc.form["company_code"] = sc.company_code[:-1] + ("0" if sc.company_code[-1] != "0" else "1")
    f = _failures(ctx, "AG-FIRST", sc.form)["USCC_CHECKSUM"]
    assert f.field == "company_code"


def test_submit_reports_the_whole_evaluation(ctx, b, clerk):
    from app.domain.rules import RulesFailed

    sc = b.scenario("AG-FIRST")
    d = intake.create_draft(ctx, clerk, "AG-FIRST", {**sc.form, "mobile": "12345"})
    with pytest.raises(RulesFailed) as err:
        intake.submit(ctx, clerk, d.uuid)
    assert {f.code for f in err.value.stopping} == {"MOBILE_INVALID"}
    assert {"MOBILE_INVALID", "CONDITIONS_UNCHECKED", "MATERIALS_MISSING"} <= {
        f.code for f in err.value.failures
    }


def test_all_failures_reported_at_once(ctx, b):
    """一次性告知: a bad application lists every problem, not just the first."""
    idn, name = b.person()
    b.blacklist(idn, name)
    form = {
        "id_number": idn,
        "name": name,
        "mobile": "12345",
        "category": "B",
        "company_code": "91410100MA44XXXXX10",
    }
    got = {f.code for f in intake.evaluate_form(ctx, "AG-FIRST", form)}
    assert {
        "MOBILE_INVALID",
        "CONDITIONS_UNCHECKED",
        "MATERIALS_MISSING",
        "BLACKLISTED",
        "SCORE_NOT_FOUND",
        "CONSTRUCTOR_NOT_FOUND",
    } <= got
