"""Row validators for each import kind: raw cell values in, a clean record or every problem of the row out.

Pure: no database. The import service matches the clean records against the store; here a row only has to be
right on its own (check digits, real dates, score ranges, known codes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError
from app.domain.identifiers import org_code_of_uscc, parse_company_code, parse_resident_id, parse_uscc
from app.excel.score_sheets import (
    PARTS,
    Absent,
    parse_part,
    retired_category_error,
    score_rules,
    unknown_category_error,
)
from app.excel.spec import SheetSpec, category_codes
from app.excel.values import (
    CellError,
    compact,
    is_blank,
    parse_choice,
    parse_date,
    parse_text,
    split_list,
)

Record = dict[str, Any]


@dataclass(frozen=True)
class CellProblem:
    """What is wrong with one cell of a row; `column` is the spec key, `message` names the fix (Chinese)."""

    column: str
    message: str
    outcome: str = "error"  # "error" keeps the row out; "warning" imports it with a note; "skip" is no record


class RowCheck:
    """Collects the problems of one row while its cells are parsed, so a row reports everything at once."""

    def __init__(self, spec: SheetSpec, values: dict[str, Any]) -> None:
        self.spec = spec
        self.values = values
        self.problems: list[CellProblem] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(CellProblem(key, message))

    def warn(self, key: str, message: str) -> None:
        self.problems.append(CellProblem(key, message, "warning"))

    def errors(self) -> bool:
        return any(p.outcome != "warning" for p in self.problems)

    def take(self, key: str, parse: Callable[[Any], Any], *, required: bool = True) -> Any:
        raw = self.values.get(key)
        if is_blank(raw):
            if required:
                self.fail(key, f"未填写{self.spec.column(key).label}")
            return None
        try:
            return parse(raw)
        except CellError as err:
            self.fail(key, err.message)
        except DomainError as err:
            self.fail(key, f"{err.message}；{err.fix}" if err.fix else err.message)
        return None

    def choice(self, key: str, *, required: bool = True) -> Any:
        col = self.spec.column(key)
        return self.take(key, lambda v: parse_choice(v, col.accepted, what=col.label), required=required)


def _id_number(today: date) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        if isinstance(raw, float):
            if not (raw.is_integer() and raw < 10**15):
                raise CellError(
                    "身份证号被Excel存成了数字，超过15位的部分已经丢失；请把该列设为文本格式，按身份证原件重新录入"
                )
            raw = int(raw)
        return parse_resident_id(str(raw), today=today).number

    return parse


def _text(max_len: int) -> Callable[[Any], str]:
    return lambda raw: parse_text(raw, max_len=max_len)


def _code_text(max_len: int) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = compact(raw).upper()
        if len(text) > max_len:
            raise CellError(f"内容过长（{len(text)}个字符），最多{max_len}个字符")
        return text

    return parse


def _not_after(check: RowCheck, key: str, day: date | None, today: date) -> None:
    if day is not None and day > today:
        check.fail(key, f"{check.spec.column(key).label}{day:%Y-%m-%d}晚于今天，请核对")


def _not_before(check: RowCheck, key: str, day: date | None, start: date | None, start_key: str) -> None:
    if day is not None and start is not None and day < start:
        label, start_label = check.spec.column(key).label, check.spec.column(start_key).label
        check.fail(key, f"{label}{day:%Y-%m-%d}早于{start_label}{start:%Y-%m-%d}，请核对")


def last_day_after_years(start: date, years: int) -> date:
    """The last day of a validity of `years` years starting on `start` (a 29 February start ends on 27 February)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return end - timedelta(days=1)


class Validators:
    """The row validator of every kind, bound to one catalogue and one "today"."""

    def __init__(self, spec: SheetSpec, catalogue: Catalogue, today: date) -> None:
        self.spec = spec
        self.catalogue = catalogue
        self.today = today
        self._categories = category_codes(catalogue)
        self._id = _id_number(today)
        self._rules = score_rules()
        self.validate: Callable[[dict[str, Any]], tuple[Record | None, list[CellProblem]]] = getattr(
            self, f"_{spec.kind}"
        )

    def _finish(self, check: RowCheck, record: Record) -> tuple[Record | None, list[CellProblem]]:
        return (None if check.errors() else record), check.problems

    def _category(self, raw: Any) -> str:
        text = compact(raw).upper()
        if text.isdigit() and len(text) == 1:
            text = "0" + text  # trade code 01 typed into a number cell arrives as 1
        col = self.spec.column("category")
        if text in col.accepted:
            return str(col.accepted[text])
        try:
            return parse_choice(raw, col.accepted, what=col.label)
        except CellError:
            # The full list of 17 categories is no help; name the current ones a retired category maps to.
            raise retired_category_error(raw, self._rules, self.catalogue) or unknown_category_error(
                raw
            ) from None

    def _scores(self, values: dict[str, Any]) -> tuple[Record | None, list[CellProblem]]:
        check = RowCheck(self.spec, values)
        id_number = check.take("id_number", self._id)
        name = check.take("name", _text(64))
        kind = check.choice("kind", required=False) or "exam"  # sheets without 成绩类型 are exam results
        family = check.choice("family", required=False)
        category = check.take("category", self._category)
        if category is not None:
            owner = self._categories[category][0]
            if family is not None and family != owner:
                check.fail(
                    "category",
                    f"类别“{category}”属于{self.catalogue.family(owner).name}，"
                    f"与人员类别“{self.catalogue.family(family).name}”不符",
                )
            family = owner
        parts = self._score_parts(check, values)
        passed = check.choice("passed", required=False)
        exam_date = check.take("exam_date", parse_date)
        _not_after(check, "exam_date", exam_date, self.today)
        valid_to = check.take("valid_to", parse_date, required=False)
        _not_before(check, "valid_to", valid_to, exam_date, "exam_date")
        if valid_to is None and kind == "exam" and exam_date is not None:
            valid_to = last_day_after_years(exam_date, self.catalogue.limits.exam_score_valid_years)
        if parts is not None and all(isinstance(v, Absent) or v is None for v in parts.values()):
            if not check.errors():
                words = "、".join(dict.fromkeys(v.word for v in parts.values() if isinstance(v, Absent)))
                check.problems.append(CellProblem("", f"{words}，没有成绩，未导入", "skip"))
            return None, check.problems
        score = theory = practice = None
        if parts is not None:
            theory, practice, score = (_number(parts.get(k)) for k in ("theory", "practice", "score"))
            if passed is None:
                passed = self._verdict(family, parts)
            if score is None:
                score = theory if theory is not None else practice
        if valid_to is not None and valid_to < self.today and not check.errors():
            check.warn("", f"成绩已于{valid_to:%Y-%m-%d}过期，已导入，但不能用于新的申请")
        return self._finish(
            check,
            {
                "id_number": id_number,
                "name": name,
                "kind": kind,
                "family": family,
                "category": category,
                "score": score,
                "theory_score": theory,
                "practice_score": practice,
                "passed": passed,
                "exam_date": exam_date,
                "valid_to": valid_to,
                "training_body": check.take("training_body", _text(128), required=False) or None,
                "certificate_number": check.take("certificate_number", _code_text(32), required=False)
                or None,
            },
        )

    def _score_parts(
        self, check: RowCheck, values: dict[str, Any]
    ) -> dict[str, float | Absent | None] | None:
        """成绩, 理论成绩 and 实操成绩 as the sheet has them (None: the sheet's column left blank); None when a
        part cannot be read (the problem is on `check`) or no part was filled in."""
        keys = [k for k in ("score", "theory", "practice") if k in values] or ["score"]
        labels = {"score": "成绩", **PARTS}
        parts: dict[str, float | Absent | None] = {}
        for key in keys:
            parts[key] = check.take(
                key, lambda v, k=key: parse_part(v, labels[k], self._rules), required=False
            )
        if any(p.column in parts for p in check.problems):
            return None
        if all(v is None for v in parts.values()):
            named = "、".join(labels[k] for k in keys)
            check.fail(keys[0], f"未填写{named}；缺考的请填“缺考”")
            return None
        return parts

    def _verdict(self, family: str | None, parts: dict[str, float | Absent | None]) -> bool:
        """Passed when every part filled in reaches its pass mark; an absent part fails the exam."""
        for key, value in parts.items():
            if isinstance(value, Absent):
                return False
            if value is not None and value < self._rules.mark(family, key):
                return False
        return True

    def _companies(self, values: dict[str, Any]) -> tuple[Record | None, list[CellProblem]]:
        check = RowCheck(self.spec, values)
        code = check.take("code", lambda v: parse_company_code(str(v)))
        name = check.take("name", _text(128))
        accepted = self.spec.column("qualifications").accepted
        quals: list[str] = []
        raw_quals = values.get("qualifications")
        if is_blank(raw_quals):
            check.fail("qualifications", "未填写资质类别")
        else:
            unknown = [q for q in split_list(raw_quals) if compact(q).upper() not in accepted]
            quals = list(
                dict.fromkeys(
                    accepted[compact(q).upper()]
                    for q in split_list(raw_quals)
                    if compact(q).upper() in accepted
                )
            )
            if unknown:
                shown = "、".join(self.spec.column("qualifications").choices)
                check.fail("qualifications", f"资质类别“{'、'.join(unknown)}”不在可选范围内，可填写：{shown}")
        grade = check.choice("grade", required=False)
        valid_to = check.take("valid_to", parse_date, required=False)
        region = check.take("region", _region, required=False)
        uscc = org = None
        if code is not None:
            uscc = code[1] if code[0] == "uscc" else None
            org = org_code_of_uscc(uscc) if uscc else code[1]
            region = region or (uscc[2:8] if uscc else None)
        return self._finish(
            check,
            {
                "uscc": uscc,
                "org_code": org,
                "name": name,
                "qualifications": quals,
                "grade": grade,
                "valid_to": valid_to,
                "region": region,
            },
        )

    def _constructors(self, values: dict[str, Any]) -> tuple[Record | None, list[CellProblem]]:
        check = RowCheck(self.spec, values)
        record = {
            "id_number": check.take("id_number", self._id),
            "name": check.take("name", _text(64)),
            "registration_number": check.take("registration_number", _code_text(32)),
            "level": check.choice("level"),
            "specialty": check.take("specialty", _text(32), required=False) or None,
            "company_uscc": check.take("company_uscc", lambda v: parse_uscc(str(v)), required=False),
            "valid_to": check.take("valid_to", parse_date, required=False),
        }
        return self._finish(check, record)

    def _blacklist(self, values: dict[str, Any]) -> tuple[Record | None, list[CellProblem]]:
        check = RowCheck(self.spec, values)
        listed_on = check.take("listed_on", parse_date)
        _not_after(check, "listed_on", listed_on, self.today)
        lifted_on = check.take("lifted_on", parse_date, required=False)
        _not_before(check, "lifted_on", lifted_on, listed_on, "listed_on")
        record = {
            "id_number": check.take("id_number", self._id),
            "name": check.take("name", _text(64)),
            "reason": check.take("reason", _text(256)),
            "listed_on": listed_on,
            "lifted_on": lifted_on,
        }
        return self._finish(check, record)


def _number(value: float | Absent | None) -> float | None:
    return None if isinstance(value, Absent) else value


def _region(raw: Any) -> str:
    text = compact(raw)
    if not (len(text) == 6 and text.isdigit()):
        raise CellError(f"行政区划代码“{text}”应为6位数字，如 410105")
    return text
