from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from app.domain.errors import DomainError
from app.printing.data import NOTICE_KINDS, NoticeView
from app.printing.notices import render_notice

NUMBER = "41000020260105000123"
MISSING = ["近期免冠证件照片（JPG，200～300dpi，不超过50KB）", "劳动合同或上月社保缴纳记录", "原证书原件"]
REASON = "申请人所在企业未取得房屋建筑、市政公用工程或建筑劳务资质，不符合申请条件。"
TITLES = {
    "receipt": "材料接收凭证",
    "acceptance": "受理通知书",
    "correction": "补正告知书",
    "refusal": "不予受理通知书",
    "return": "退件通知书",
}


def _view(kind: str) -> NoticeView:
    return NoticeView(
        kind=kind,  # type: ignore[arg-type]
        application_number=NUMBER,
        item_name="建筑施工企业专职安全生产管理人员安全生产考核合格认定延续",
        applicant_name="欧阳娜娜",
        id_number="410105198503121234",
        company="河南省第一建筑工程集团有限责任公司",
        date=date(2026, 1, 5),
        clerk_name="李明",
        unit_name="河南省住房和城乡建设厅",
        due_date=date(2026, 1, 12),
        materials=[("申请表（本人签字、企业盖章）", 2), ("身份证（正反面）复印件", 1), ("原证书", 1)],
        missing_items=MISSING,
        reason=REASON,
    )


def _squash(text: str) -> str:
    return re.sub(r"[\s　]+", "", text)


@pytest.mark.parametrize("kind", NOTICE_KINDS)
def test_notice_text_fonts_and_barcode(kind: str, pdf_tools) -> None:
    pdf = render_notice(_view(kind))
    text = _squash(pdf_tools.text(pdf))
    for value in (
        TITLES[kind],
        NUMBER,
        "欧阳娜娜",
        "410105********1234",
        "河南省住房和城乡建设厅",
        "2026年01月05日",
        "李明",
    ):
        assert value in text, value
    assert "建筑施工企业专职安全生产管理人员安全生产考核合格认定延续" in text
    assert "410105198503121234" not in text, "the notice must mask the ID number"
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(pdf))
    page = pdf_tools.pages(pdf, dpi=200, last=1)[0]
    assert pdf_tools.decode(page).get("Code 128") == NUMBER


def test_receipt_lists_materials_and_pages(pdf_tools) -> None:
    text = _squash(pdf_tools.text(render_notice(_view("receipt"))))
    for name in ("申请表（本人签字、企业盖章）", "身份证（正反面）复印件", "原证书"):
        assert name in text
    assert "共3项材料，4页" in text
    assert "2026年01月12日" in text


def test_correction_numbers_every_missing_item(pdf_tools) -> None:
    text = _squash(pdf_tools.text(render_notice(_view("correction"))))
    for i, item in enumerate(MISSING, start=1):
        assert f"{i}．{_squash(item)}" in text
    assert "一次性" in text
    assert "2026年01月12日" in text


def test_correction_with_a_long_list_runs_onto_more_pages(pdf_tools) -> None:
    many = [f"第{i}项需要补正的材料：加盖企业公章的劳动合同复印件（含续签页）" for i in range(1, 61)]
    pdf = render_notice(dataclasses.replace(_view("correction"), missing_items=many))
    text = _squash(pdf_tools.text(pdf))
    assert all(_squash(f"{i}．{item}") in text for i, item in enumerate(many, start=1))
    pages = pdf_tools.pages(pdf, dpi=200)
    assert len(pages) >= 2
    assert pdf_tools.decode(pages[-1]).get("Code 128") == NUMBER


@pytest.mark.parametrize("kind", ["refusal", "return"])
def test_refusal_and_return_give_reason_and_remedies(kind: str, pdf_tools) -> None:
    text = _squash(pdf_tools.text(render_notice(_view(kind))))
    assert _squash(REASON) in text
    assert "行政复议" in text
    assert "行政诉讼" in text


def test_correction_needs_missing_items() -> None:
    with pytest.raises(DomainError) as err:
        render_notice(dataclasses.replace(_view("correction"), missing_items=["  "]))
    assert err.value.code == "NOTICE_NO_MISSING_ITEMS"


@pytest.mark.parametrize("kind", ["refusal", "return"])
def test_refusal_and_return_need_a_reason(kind: str) -> None:
    with pytest.raises(DomainError) as err:
        render_notice(dataclasses.replace(_view(kind), reason=""))
    assert err.value.code == "NOTICE_NO_REASON"


def test_unknown_kind() -> None:
    with pytest.raises(DomainError) as err:
        render_notice(dataclasses.replace(_view("receipt"), kind="memo"))  # type: ignore[arg-type]
    assert err.value.code == "NOTICE_KIND"


def test_markup_characters_in_names_are_printed_literally(pdf_tools) -> None:
    view = dataclasses.replace(_view("acceptance"), company="A&B<建筑>有限公司")
    assert "A&B<建筑>有限公司" in _squash(pdf_tools.text(render_notice(view)))
