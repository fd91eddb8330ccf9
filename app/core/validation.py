"""Values a record must have before any store keeps it, checked with the same validators as at the counter.

The central store runs these on every pushed application and certificate: a counter's claim is never stored as
it came. Each failure is a DomainError naming the field and the fix.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.catalogue import Catalogue, Item
from app.domain.errors import DomainError
from app.domain.identifiers import parse_company_code, parse_mobile, parse_resident_id
from app.domain.numbering import NumberFormat

_TEXT_LIMITS = {"applicant_name": 64, "company_name": 128, "reason": 512}


def _bad(field: str, message: str, fix: str) -> DomainError:
    return DomainError("VALUE_INVALID", message, field=field, fix=fix)


def item_of(catalogue: Catalogue, item_code: str) -> Item:
    try:
        return catalogue.item(item_code)
    except (KeyError, DomainError):
        raise _bad(
            "item_code", f"事项代码“{item_code}”不在事项目录中", "请同步事项目录后重新办理。"
        ) from None


def check_application_values(catalogue: Catalogue, snap: Any, today: date) -> Item:
    """The applicant's data of a pushed application: item, ID number, name, mobile, company code, numbers."""
    item = item_of(catalogue, snap.item_code)
    if snap.family != item.family.code:
        raise _bad(
            "family",
            f"事项“{item.name}”属于“{item.family.name}”，不是“{snap.family}”",
            "请刷新办件后重新办理。",
        )
    parse_resident_id(snap.id_number, today=today)
    if not (snap.applicant_name or "").strip():
        raise _bad("applicant_name", "未填写申请人姓名", "请录入申请人姓名。")
    if snap.mobile:
        parse_mobile(snap.mobile)
    if snap.company_code:
        parse_company_code(snap.company_code)
    if snap.number is not None and not (len(snap.number) == 20 and snap.number.isdigit()):
        raise _bad("number", f"办件编号“{snap.number}”不是20位数字", "请检查本工作站的单位代码与窗口号设置。")
    if snap.certificate_number:
        check_certificate_number(catalogue, item.family.code, snap.certificate_number)
    for name, limit in _TEXT_LIMITS.items():
        value = getattr(snap, name, None)
        if value is not None and len(value) > limit:
            raise _bad(name, f"“{name}”超过 {limit} 个字", "请缩短后重新提交。")
    return item


def check_certificate_number(catalogue: Catalogue, family: str, number: str) -> None:
    fmt = catalogue.family(family).number_format
    if fmt and not NumberFormat(fmt).is_valid(number):
        raise _bad(
            "certificate_number",
            f"证书编号“{number}”不符合{catalogue.family(family).name}的编号格式",
            "请核对证书编号后重新办理。",
        )
