"""The SMS text follows what the decision did (issue 10, item 4): only an effect that leaves a certificate to
collect asks the applicant to come and collect one."""

from __future__ import annotations

import zlib

import pytest
from sqlalchemy import select

from app.models import SmsMessage
from app.services import intake, review
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock

EXPECTED = {
    # item: (words the message must carry, words it must not carry)
    "AG-FIRST": (["证书（编号", "已核发", "领取"], ["注销", "转出"]),
    "AG-CHG-TRANSFER-IN": (["本省证书", "已核发", "领取"], ["注销"]),
    "AG-RENEW": (["有效期已延续至", "领取新证书"], ["注销"]),
    "TZ-CHG-EMPLOYER": (["信息已变更", "领取变更后的证书"], ["注销"]),
    "AG-REISSUE": (["已补发", "领取"], ["注销"]),
    "AG-CANCEL": (["已注销", "不再有效"], ["领取", "制作完成"]),
    "JN-CANCEL": (["已注销", "不再有效"], ["领取", "制作完成"]),
    "AG-CHG-TRANSFER-OUT": (["已办理转出至湖北省"], ["领取", "制作完成"]),
    "TZ-CHG-TRANSFER-OUT": (["已办理转出至湖北省"], ["领取", "制作完成"]),
}


def _accepted(ctx, clerk, item_code):
    sc = Builder(ctx, seed=zlib.crc32(item_code.encode()) % 1000).scenario(item_code)
    draft = intake.create_draft(
        ctx,
        clerk,
        item_code,
        sc.form,
        conditions=all_conditions(ctx, item_code),
        material_states=all_materials(ctx, item_code),
    )
    return sc, intake.accept(ctx, clerk, intake.submit(ctx, clerk, draft.uuid).uuid)


def _texts(ctx) -> list[str]:
    with ctx.store.read() as s:
        return list(s.execute(select(SmsMessage.text).order_by(SmsMessage.id)).scalars())


@pytest.mark.parametrize("item_code", sorted(EXPECTED))
def test_approval_message_follows_the_effect(ctx, clerk, supervisor, item_code):
    fixed_clock(ctx)
    sc, accepted = _accepted(ctx, clerk, item_code)
    approved = review.approve(ctx, supervisor, accepted.uuid)
    [text] = _texts(ctx)
    present, absent = EXPECTED[item_code]
    for words in present:
        assert words in text, (words, text)
    for words in absent:
        assert words not in text, (words, text)
    assert approved.number in text and (approved.certificate_number or "") in text
    assert "{" not in text


def test_refusal_and_return_messages_carry_the_reason(ctx, clerk, supervisor):
    fixed_clock(ctx)
    _sc, accepted = _accepted(ctx, clerk, "AG-RENEW")
    review.return_application(ctx, supervisor, accepted.uuid, "继续教育学时记录与培训机构不一致")
    sc2 = Builder(ctx, seed=99).scenario("TZ-RENEW")
    draft = intake.create_draft(ctx, clerk, "TZ-RENEW", sc2.form)
    received = intake.submit(ctx, clerk, draft.uuid)
    intake.refuse(ctx, clerk, received.uuid, "申请人所持证书不在本省注册")
    returned, refused = _texts(ctx)
    assert "已退件" in returned and "继续教育学时记录与培训机构不一致" in returned and "领取" not in returned
    assert "不予受理" in refused and "申请人所持证书不在本省注册" in refused and "领取" not in refused
