"""Every paper of an application (issue 12): which kinds a status allows, each PDF's key text, the correction
notice with a remedy per item, the review sheet with the opinion and the comparison, archive and history."""

from __future__ import annotations

import re

import pytest

from app.domain.errors import DomainError
from app.printing.data import NoticeView
from app.printing.notices import render_notice
from app.services import intake, paperwork, review
from app.services.audit_log import timeline
from app.services.views import snapshot
from tests.printing.conftest import PdfTools
from tests.services.scenarios import all_conditions, all_materials
from tests.services.test_documents import Desk

NO_LINE_START = "，。、；：！？）》」』】”’"


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


@pytest.fixture
def pdf(tmp_path) -> PdfTools:
    return PdfTools(tmp_path)


def _received(desk: Desk, item_code: str = "TZ-FIRST"):
    sc = desk.scenario(item_code)
    draft = intake.create_draft(
        desk.ctx,
        desk.clerk,
        item_code,
        sc.form,
        conditions=all_conditions(desk.ctx, item_code),
        material_states=all_materials(desk.ctx, item_code),
    )
    return intake.submit(desk.ctx, desk.clerk, draft.uuid)


def test_kinds_follow_the_status(desk) -> None:
    draft = intake.create_draft(desk.ctx, desk.clerk, "TZ-FIRST", desk.scenario("TZ-FIRST").form)
    assert paperwork.available(draft) == ["form"]
    received = _received(desk)
    assert paperwork.available(received) == ["form", "receipt"]
    accepted = intake.accept(desk.ctx, desk.clerk, received.uuid)
    assert paperwork.available(accepted) == ["form", "receipt", "acceptance", "review"]
    with pytest.raises(DomainError) as err:
        paperwork.render(desk.ctx, desk.clerk, accepted.uuid, "refusal")
    assert err.value.code == "PAPER_NOT_AVAILABLE" and err.value.fix
    with pytest.raises(DomainError) as err:
        paperwork.render(desk.ctx, desk.clerk, accepted.uuid, "poster")
    assert err.value.code == "PAPER_KIND"


def test_form_before_submission_and_acceptance_notice(desk, pdf) -> None:
    draft = intake.create_draft(desk.ctx, desk.clerk, "TZ-FIRST", desk.scenario("TZ-FIRST").form)
    form = paperwork.render(desk.ctx, desk.clerk, draft.uuid, "form")
    text = pdf.text(form.pdf)
    assert "申请表" in text and draft.applicant_name in text and "申请人（签字）" in text
    accepted = intake.accept(desk.ctx, desk.clerk, _received(desk).uuid)
    notice = pdf.text(paperwork.render(desk.ctx, desk.clerk, accepted.uuid, "acceptance").pdf)
    assert "受理通知书" in notice and f"受理字〔2026〕{accepted.number}号" in notice
    assert desk.ctx.workstation.unit_name in notice


def test_correction_notice_lists_every_item_with_its_remedy(desk, pdf) -> None:
    received = _received(desk)
    asked = intake.request_correction(
        desk.ctx, desk.clerk, received.uuid, ["居民身份证（人像面）", "申请表企业盖章不清晰，请重新盖章"]
    )
    paper = paperwork.render(desk.ctx, desk.clerk, asked.uuid, "correction")
    text = re.sub(r"\s+", "", pdf.text(paper.pdf))
    assert "补正告知书" in text and "1．居民身份证（人像面）" in text and "2．申请表企业盖章不清晰" in text
    assert "补正要求：请提交居民身份证（人像面）" in text


def test_review_sheet_with_opinion_and_comparison(desk, pdf) -> None:
    app = desk.accepted("AG-FIRST")
    done = review.approve(desk.ctx, desk.supervisor, app.uuid, opinion="材料齐全，考核成绩合格，同意发证。")
    assert done.review_opinion == "材料齐全，考核成绩合格，同意发证。"
    rows = [("姓名", "", done.applicant_name, "新登记"), ("聘用企业", "甲公司", "乙公司", "与登记不符")]
    paper = paperwork.render(desk.ctx, desk.supervisor, done.uuid, "review", comparison=rows)
    text = re.sub(r"\s+", "", pdf.text(paper.pdf))
    for expected in (
        "审核表",
        "审核意见",
        "材料齐全，考核成绩合格，同意发证。",
        "审核结论：审核通过",
        "与登记不符",
    ):
        assert expected in text, expected
    assert pdf.decode(pdf.pages(paper.pdf)[0]).get("Code 128") == done.number


def test_review_opinion_travels_in_the_snapshot(desk) -> None:
    app = desk.accepted("TZ-FIRST")
    returned = review.return_application(
        desk.ctx, desk.supervisor, app.uuid, "体检证明过期", opinion="体检证明已超过有效期，退件。"
    )
    with desk.ctx.store.read() as s:
        assert snapshot(intake.load(s, returned.uuid))["review_opinion"] == "体检证明已超过有效期，退件。"
    with pytest.raises(DomainError) as err:
        review.approve(desk.ctx, desk.supervisor, desk.accepted("TZ-FIRST").uuid, opinion="很" * 2001)
    assert err.value.code == "OPINION_TOO_LONG" and err.value.field == "review_opinion"


def test_printed_papers_are_archived_and_in_the_history(desk) -> None:
    refused = intake.refuse(desk.ctx, desk.clerk, _received(desk).uuid, "申请人年龄不符合特种作业人员条件")
    paper = paperwork.render(desk.ctx, desk.clerk, refused.uuid, "refusal")
    record = paperwork.record_printed(desk.ctx, desk.clerk, paper, "PDF:/tmp/x.pdf")
    assert record.archive_path.read_bytes() == paper.pdf
    assert refused.number in str(record.archive_path)
    events = [e for e in timeline(desk.ctx, "application", refused.uuid) if e.action == "document.print"]
    assert len(events) == 1 and events[0].detail["kind"] == "refusal"
    assert events[0].detail["sha256"] == record.sha256


def test_punctuation_never_starts_a_line(pdf) -> None:
    from datetime import date

    # A reason long enough to wrap many times, with punctuation at every possible break.
    reason = (
        "，".join(["申请人提交的安全生产考核合格证书已过有效期"] * 6)
        + "。"
        + "；".join(["材料不全"] * 12)
        + "。"
    )
    view = NoticeView(
        kind="refusal",
        application_number="41000020261202000001",
        item_name="特种作业人员首次申请",
        applicant_name="张三",
        id_number="410105198503121234",
        date=date(2026, 12, 2),
        unit_name="河南省住房和城乡建设厅政务服务窗口",
        reason=reason,
    )
    lines = [line.strip() for line in pdf.text(render_notice(view)).splitlines() if line.strip()]
    assert len(lines) > 10
    assert not [line for line in lines if line[0] in NO_LINE_START]


def test_a_comma_never_opens_a_line_in_a_form_cell(pdf) -> None:
    """What was seen: in the seed-003 cancellation form the declaration's second line began with "，"."""
    from app.printing.data import FormView
    from app.printing.forms import render_form

    view = FormView(
        item_code="JN-CANCEL",
        item_name="技能人员职业培训合格证注销",
        name="刘建国",
        sex="男",
        certificate_number="豫建技202400001001",
        cancel_reason="本人申请",
        company="河南测试445140建设有限公司",
    )
    lines = [line.strip() for line in pdf.text(render_form(view)).splitlines() if line.strip()]
    assert any("如有虚假" in line for line in lines)
    assert not [line for line in lines if line[0] in NO_LINE_START], lines
