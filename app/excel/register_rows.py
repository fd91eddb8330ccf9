"""Rows of the legacy certificate register export (证书库导出): the sheet spec and the row validator.

Pure: no database. The spec comes from resources/excel/certificates.yaml (headers, the old status codes and the
family words), so the same header tolerance and error workbook as the other imports apply. A 15-digit ID number
is upgraded to 18 digits and kept as the person's old number.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError
from app.domain.identifiers import parse_company_code, parse_resident_id
from app.domain.numbering import NumberFormat, normalise_certificate_text
from app.excel.rows import CellProblem, RowCheck, last_day_after_years
from app.excel.spec import Column, SheetSpec
from app.excel.values import CellError, compact, parse_date, parse_text, squeeze
from app.paths import load_yaml, resource_path

Record = dict[str, Any]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    path = resource_path("excel", "certificates.yaml")
    try:
        return dict(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise DomainError(
            "EXCEL_SPEC_INVALID",
            f"证书库导入定义文件 {path} 无法读取",
            fix="请管理员恢复 resources/excel/certificates.yaml 后重试。",
        ) from exc


def register_spec() -> SheetSpec:
    raw = _raw()
    columns = tuple(
        Column(
            key=c["key"],
            label=c["label"],
            aliases=tuple(c.get("aliases", ())),
            required=bool(c.get("required")),
            note="",
            width=16,
        )
        for c in raw["columns"]
    )
    return SheetSpec("certificates", str(raw["title"]), "", columns)


def status_table() -> dict[str, str]:
    """Old code or word (compact, upper case) → national status code."""
    out: dict[str, str] = {}
    for code, words in (_raw().get("statuses") or {}).items():
        for word in words:
            out[compact(word).upper()] = str(code)
    return out


def _family_words() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, words in (_raw().get("families") or {}).items():
        for word in words:
            out[compact(word).upper()] = str(code)
    return out


class RegisterValidator:
    """One row of the register export → a clean certificate record, or every problem of the row."""

    def __init__(self, catalogue: Catalogue, today: date) -> None:
        self.spec = register_spec()
        self.catalogue = catalogue
        self.today = today
        self.statuses = status_table()
        self.families = _family_words()
        self.formats = {code: NumberFormat(f.number_format) for code, f in catalogue.families.items()}

    def validate(self, values: dict[str, Any]) -> tuple[Record | None, list[CellProblem]]:
        check = RowCheck(self.spec, values)
        number = check.take("number", self._number)
        family = check.take("family", self._family, required=False)
        if family is None and number is not None:
            family = next((c for c, fmt in self.formats.items() if fmt.is_valid(number)), None)
            if family is None:
                check.fail(
                    "family", "未填写证书种类，且证书编号不是现行格式，无法判断；请填写安管、特种作业或技能"
                )
        category = check.take("category", lambda v: self._category(v, family), required=family is not None)
        person = check.take("id_number", self._id)
        status = check.take("status", self._status)
        issued_on = check.take("issued_on", parse_date)
        first = check.take("first_issued_on", parse_date, required=False) or issued_on
        valid_from = check.take("valid_from", parse_date, required=False) or issued_on
        valid_to = check.take("valid_to", parse_date, required=False)
        fam = self.catalogue.families.get(family) if family else None
        if fam is not None and fam.validity_years and valid_to is None and valid_from is not None:
            valid_to = last_day_after_years(valid_from, fam.validity_years)
        if issued_on is not None and issued_on > self.today:
            check.fail("issued_on", f"发证日期{issued_on:%Y-%m-%d}晚于今天，请核对")
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            check.fail("valid_to", f"有效期至{valid_to:%Y-%m-%d}早于有效期起{valid_from:%Y-%m-%d}，请核对")
        company = check.take("company_code", self._company, required=False)
        record: Record = {
            "number": number,
            "family": family,
            "category": category,
            "grade": check.take("grade", lambda v: parse_text(v, max_len=16), required=False) or None,
            "holder_id_number": person[0] if person else None,
            "old_id_number": person[1] if person else None,
            "holder_name": check.take("name", lambda v: parse_text(v, max_len=64)),
            "holder_sex": check.take("sex", _sex, required=False) or (person[2] if person else None),
            "holder_birth_date": person[3] if person else None,
            "company_code": company,
            "company_name": check.take("company_name", lambda v: parse_text(v, max_len=128), required=False)
            or None,
            "position": check.take("position", lambda v: parse_text(v, max_len=32), required=False) or None,
            "training_body": check.take("training_body", lambda v: parse_text(v, max_len=128), required=False)
            or None,
            "status": status,
            "first_issued_on": first,
            "valid_from": valid_from,
            "valid_to": valid_to if fam is None or fam.validity_years else None,
            "issued_on": issued_on,
            "issuer": check.take("issuer", lambda v: parse_text(v, max_len=64), required=False)
            or (fam.issuer if fam else None),
            "ecert_id": check.take("ecert_id", _ecert, required=False) or None,
            "version": 1,
        }
        return (None if check.errors() else record), check.problems

    def _number(self, raw: Any) -> str:
        text = normalise_certificate_text(squeeze(raw))
        if not 4 <= len(text) <= 40:
            raise CellError(f"证书编号“{squeeze(raw)}”长度不对，应为4至40个字符")
        return text

    def _family(self, raw: Any) -> str:
        found = self.families.get(compact(raw).upper())
        if found is None:
            raise CellError(f"“{squeeze(raw)}”不是证书种类；请填写安管、特种作业或技能")
        return found

    def _category(self, raw: Any, family: str | None) -> str:
        if family is None:
            raise CellError("证书种类不明，无法核对类别")
        text = compact(raw).upper()
        if text.isdigit() and len(text) == 1:
            text = "0" + text
        categories = self.catalogue.family(family).categories
        if text in categories:
            return text
        for code, name in categories.items():
            if compact(name).upper() == text or text == compact(f"{code}{name}").upper():
                return code
        head = squeeze(raw).split(" ", 1)[0].upper()
        if head in categories:
            return head
        name = self.catalogue.family(family).name
        raise CellError(f"“{squeeze(raw)}”不是{name}的类别；请填写类别代码，如 {next(iter(categories))}")

    def _id(self, raw: Any) -> tuple[str, str | None, str, date]:
        text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
        if isinstance(raw, float) and raw >= 10**15:
            raise CellError("身份证号被Excel存成了数字，后几位已经丢失；请从原系统重新导出为文本")
        typed = compact(text).upper()
        parsed = parse_resident_id(typed, today=self.today, record=True)
        return parsed.number, typed if len(typed) == 15 else None, parsed.sex, parsed.birth_date

    def _status(self, raw: Any) -> str:
        found = self.statuses.get(compact(raw).upper())
        if found is None:
            raise CellError(
                f"状态“{squeeze(raw)}”不在状态对照表中；请在 resources/excel/certificates.yaml 中补充"
            )
        return found

    def _company(self, raw: Any) -> str:
        return parse_company_code(str(raw))[1]


def _sex(raw: Any) -> str:
    text = compact(raw)
    if text in ("男", "1", "M"):
        return "男"
    if text in ("女", "2", "F"):
        return "女"
    raise CellError(f"性别“{squeeze(raw)}”应为男或女")


def _ecert(raw: Any) -> str:
    text = compact(raw)
    if len(text) > 96:
        raise CellError(f"电子证照标识过长（{len(text)}个字符），最多96个字符")
    return text


__all__ = ["CellProblem", "RegisterValidator", "register_spec", "status_table"]
