"""What the ID card reader read (居民身份证读卡信息), kept in the form under `id_card`: an expired card, or a card of
another person than the form names, is a failure the clerk can act on at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from app.domain.facts import RuleContext
from app.domain.rules.core import RuleFailure

ID_CARD_KEY = "id_card"  # {"id_number", "nation", "address", "authority", "valid_from", "valid_to"}


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None  # 长期 (no end date), or nothing read


def id_card_checks(ctx: RuleContext) -> Iterator[RuleFailure]:
    card = ctx.form.get(ID_CARD_KEY)
    if not isinstance(card, dict):
        return
    valid_to = _date(card.get("valid_to"))
    if valid_to is not None and valid_to < ctx.today:
        yield RuleFailure(
            "ID_CARD_VALID",
            "ID_CARD_EXPIRED",
            f"申请人的居民身份证已过有效期（有效期至 {valid_to:%Y-%m-%d}）",
            "请申请人持有效期内的居民身份证或公安机关出具的临时身份证办理；身份证已过期的，请先到户籍所在地公安机关换领。",
            "id_number",
        )
    read = str(card.get("id_number") or "").upper()
    typed = ctx.value("id_number").upper()
    if read and typed and read != typed:
        yield RuleFailure(
            "ID_CARD_VALID",
            "ID_CARD_OTHER_PERSON",
            f"读卡得到的身份证号 {read} 与申请表中的身份证号 {typed} 不一致",
            "请核对是否放错了身份证；确认后重新读卡，或改正申请表中的身份证号。",
            "id_number",
        )
