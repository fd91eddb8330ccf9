from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from PIL import ImageChops

from app.domain.errors import DomainError
from app.printing.data import FormView
from app.printing.forms import form_layout, render_form

NUMBER = "41000020260105000124"


def _squash(text: str) -> str:
    return re.sub(r"[\s　]+", "", text)


def _change(photo: bytes, **overrides: object) -> FormView:
    view = FormView(
        item_code="JN-CHG-EMPLOYER",
        item_name="技能人员职业培训合格证信息变更（工作单位变更）",
        application_number=NUMBER,
        name="王小明",
        sex="男",
        id_number="410105199001011238",
        photo_jpeg=photo,
        certificate_number="豫建技202600000123",
        old_company="郑州市某某建筑劳务有限公司",
        new_company="河南省第二建设集团有限公司",
        personal_before="姓名：王小名",
        personal_after="姓名：王小明",
    )
    return dataclasses.replace(view, **overrides)  # type: ignore[arg-type]


def test_generic_form(pdf_tools) -> None:
    view = FormView(
        item_code="AG-RENEW",
        item_name="安全生产考核合格认定延续",
        application_number=NUMBER,
        date=date(2026, 1, 5),
        fields=[
            ("姓名", "欧阳娜娜"),
            ("身份证号", "410105198503121234"),
            ("证书编号", "豫建安C2（2026）0000123"),
            ("企业名称", "河南省第一建筑工程集团有限责任公司"),
        ],
    )
    assert form_layout(view) == "generic"
    pdf = render_form(view)
    text = _squash(pdf_tools.text(pdf))
    for value in (
        "安全生产考核合格认定延续申请表",
        "欧阳娜娜",
        "410105198503121234",
        "豫建安C2（2026）0000123",
        "河南省第一建筑工程集团有限责任公司",
        "申请人（签字）",
        "本人对申请表内容",
    ):
        assert value in text, value
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(pdf))
    assert pdf_tools.decode(pdf_tools.pages(pdf)[0]).get("Code 128") == NUMBER


def test_skilled_worker_change_form(photo: bytes, pdf_tools) -> None:
    view = _change(photo)
    assert form_layout(view) == "jn_change"
    pdf = render_form(view)
    text = _squash(pdf_tools.text(pdf))
    for value in (
        "信息变更申请表",
        "王小明",
        "410105199001011238",
        "豫建技202600000123",
        "企业名称变更",
        "工作单位变更",
        "自然情况变更",
        "郑州市某某建筑劳务有限公司",
        "河南省第二建设集团有限公司",
        "姓名：王小名",
        "原聘用",
        "现聘用",
        "企业意见",
        "（签章）",
        "申请人（签字）",
    ):
        assert value in text, value
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(pdf))


def test_change_reason_tick_follows_the_item(photo: bytes, pdf_tools) -> None:
    employer = pdf_tools.pages(render_form(_change(photo)), dpi=100)[0]
    rename = pdf_tools.pages(render_form(_change(photo, item_code="JN-CHG-RENAME")), dpi=100)[0]
    explicit = pdf_tools.pages(render_form(_change(photo, change_reason="企业名称变更")), dpi=100)[0]
    assert ImageChops.difference(employer, rename).getbbox() is not None
    assert ImageChops.difference(rename, explicit).getbbox() is None


def test_unknown_change_reason_is_refused(photo: bytes) -> None:
    with pytest.raises(DomainError) as err:
        render_form(_change(photo, change_reason="跨省转入"))
    assert err.value.code == "FORM_CHANGE_REASON"


def test_skilled_worker_cancellation_form(pdf_tools) -> None:
    view = FormView(
        item_code="JN-CANCEL",
        item_name="技能人员职业培训合格证注销",
        application_number=NUMBER,
        name="王小明",
        sex="男",
        certificate_number="豫建技202600000123",
        cancel_reason="本人申请",
        company="河南省第二建设集团有限公司",
    )
    assert form_layout(view) == "jn_cancel"
    pdf = render_form(view)
    text = _squash(pdf_tools.text(pdf))
    for value in (
        "职业培训合格证注销申请表",
        "王小明",
        "豫建技202600000123",
        "本人申请",
        "河南省第二建设集团有限公司",
        "照片",
        "所在聘用企业意见",
        "证书注销由此带来的后果负责",
    ):
        assert value in text, value
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(pdf))


def test_empty_generic_form_is_refused() -> None:
    with pytest.raises(DomainError) as err:
        render_form(FormView(item_code="AG-FIRST", item_name="首次申请"))
    assert err.value.code == "FORM_EMPTY"


def test_a_captured_signature_is_printed_on_the_signature_line(pdf_tools) -> None:
    """The transfer-out form with the signature captured at the counter (issue 12: forms take a signature image)."""
    import io

    from PIL import Image, ImageDraw

    from app.printing import FormView, render_form

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).line(
        [(20, 150), (150, 40), (260, 160), (420, 50), (580, 140)], fill="black", width=9
    )
    png = io.BytesIO()
    image.save(png, "PNG")
    view = FormView(
        item_code="AG-CHG-TRANSFER-OUT",
        item_name="安管人员跨省转出",
        fields=(("姓名", "欧阳娜娜"), ("身份证号", "410105198503121234"), ("转入省份", "湖北省")),
        application_number="41000020261202010009",
    )
    plain, signed = render_form(view), render_form(dataclasses.replace(view, signature_png=png.getvalue()))
    assert b"/Subtype /Image" not in plain and b"/Subtype /Image" in signed
    assert "申请人（签字）" in pdf_tools.text(signed)
    page = pdf_tools.pages(signed, dpi=80)[0]
    page.save("/tmp/form_signature.png")
    # Ink where the signature goes: dark pixels right of the "申请人（签字）：" label that the unsigned form lacks.
    unsigned = pdf_tools.pages(plain, dpi=80)[0]

    def dark(image: Image.Image) -> int:  # pixels whose red channel is below 80
        return sum(image.getchannel(0).histogram()[:80])

    assert dark(page) > dark(unsigned) + 100
