"""The business catalogue (业务事项目录): families, items, materials and form fields, read from resources/."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.domain.errors import DomainError
from app.paths import load_yaml, resource_path

OPERATIONS: dict[str, str] = {
    "first": "首次申请",
    "renew": "延续",
    "change": "变更",
    "reissue": "补办",
    "cancel": "注销",
}
CHANGE_TYPES: dict[str, str] = {
    "company_renamed": "企业名称变更",
    "employer_changed": "聘用企业（工作单位）变更",
    "personal_changed": "个人信息（自然情况）变更",
    "transfer_in": "跨省转入",
    "transfer_out": "跨省转出",
}
EFFECTS: dict[str, str] = {
    "new": "核发新证书",
    "renew": "延续有效期",
    "change": "变更证书信息",
    "transfer_in": "转入核发本省证书",
    "transfer_out": "证书转出",
    "reissue": "补发证书",
    "cancel": "注销证书",
}
NON_PRINTING_EFFECTS = frozenset({"cancel", "transfer_out"})
FIELD_TYPES = {"text", "id_number", "company_code", "mobile", "date", "choice", "certificate_number", "int"}
# onsite: made at the counter in front of the clerk (the applicant's signature drawn on a pad or with the mouse).
MATERIAL_SOURCES = {"paper", "electronic", "onsite"}
MATERIAL_KINDS = {"form", "id_card_front", "id_card_back", "photo", "certificate", "document", "signature"}


class CatalogueError(DomainError):
    """The catalogue file is broken; the message names the item and the field."""

    status = 422  # the central store answers an invalid published catalogue with 422

    def __init__(
        self,
        where: str,
        problem: str,
        fix: str = "请管理员修正 resources/catalogue.yaml 中的该项后重新启动。",
    ) -> None:
        super().__init__("CATALOGUE_INVALID", f"业务事项目录有误：{where}：{problem}", field=where, fix=fix)


@dataclass(frozen=True)
class Family:
    code: str
    name: str
    full_name: str
    certificate_name: str
    validity_years: int
    renewal_window_months: int
    accept_working_days: int
    decide_working_days: int
    issuer: str
    national_type_code: str
    number_format: str
    categories: dict[str, str]
    # The applicant's time to bring what a correction notice lists; after it the application is treated as
    # withdrawn (补正告知书). Not fixed by law for these items [G]: configuration.
    correction_working_days: int = 10


@dataclass(frozen=True)
class MaterialDef:
    code: str
    name: str
    kind: str
    source: str
    personal: bool = False


@dataclass(frozen=True)
class MaterialRequirement:
    material: MaterialDef
    required: bool
    note: str = ""

    @property
    def code(self) -> str:
        return self.material.code

    @property
    def electronic(self) -> bool:
        return self.material.source == "electronic"


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    type: str
    choices: tuple[str, ...] = ()
    choices_from_categories: bool = False
    # Names shown beside coded choices (发证地市代码 "A" → "郑州"); the stored value is the code.
    choice_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """One business item (事项): what the clerk picks first."""

    code: str
    family: Family
    operation: str
    name: str
    short_name: str
    effect: str
    national_operation_type: str
    conditions: tuple[str, ...]
    materials: tuple[MaterialRequirement, ...]
    fields: tuple[FieldDef, ...]
    required_fields: frozenset[str]
    rules: tuple[str, ...]
    change_type: str | None = None
    onsite_signature: bool = False

    @property
    def operation_name(self) -> str:
        return OPERATIONS[self.operation]

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)

    def choices_for(self, f: FieldDef) -> tuple[str, ...]:
        if f.choices_from_categories:
            return tuple(self.family.categories)
        return f.choices

    @property
    def company_field(self) -> str:
        """The form field holding the company the rules check: the new employer for an employer change."""
        return "new_company_code" if self.change_type == "employer_changed" else "company_code"

    @property
    def prints_certificate(self) -> bool:
        """Approval leaves a certificate to print (with the holder's photo); a cancellation or transfer out does not."""
        return self.effect not in NON_PRINTING_EFFECTS

    @property
    def needs_existing_certificate(self) -> bool:
        return self.effect not in ("new", "transfer_in")


@dataclass(frozen=True)
class Limits:
    tz_min_age: int
    tz_max_age: int
    tz_max_age_by_trade: dict[str, int]
    tz_min_training_hours_per_year: int
    tz_max_violations_two_years: int
    exam_score_valid_years: int
    company_qualifications: tuple[str, ...]
    transfer_in_refuse_plain_c_since: str


@dataclass
class Catalogue:
    families: dict[str, Family]
    materials: dict[str, MaterialDef]
    fields: dict[str, FieldDef]
    items: dict[str, Item]
    limits: Limits
    source: Path | None = None
    _order: list[str] = field(default_factory=list)
    # The central store's version number of this catalogue (app/domain/catalogue_versions.py); the shipped file
    # carries its own ("version: 1").
    version: int = 1

    def item(self, code: str) -> Item:
        try:
            return self.items[code]
        except KeyError:
            raise DomainError(
                "ITEM_UNKNOWN",
                f"没有编码为“{code}”的业务事项",
                field="item_code",
                fix="请从事项列表中重新选择。",
            ) from None

    def family(self, code: str) -> Family:
        return self.families[code]

    def items_of(self, family: str) -> list[Item]:
        return [i for i in self.items.values() if i.family.code == family]


def _req(d: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...] = str) -> Any:
    if key not in d or d[key] is None:
        raise CatalogueError(where, f"缺少字段“{key}”")
    value = d[key]
    if not isinstance(value, kind):
        raise CatalogueError(where, f"字段“{key}”的类型不对")
    return value


def _family(code: str, d: dict[str, Any]) -> Family:
    where = f"证书类别 {code}"
    cats = _req(d, "categories", where, dict)
    return Family(
        code=code,
        name=_req(d, "name", where),
        full_name=_req(d, "full_name", where),
        certificate_name=_req(d, "certificate_name", where),
        validity_years=_req(d, "validity_years", where, int),
        renewal_window_months=_req(d, "renewal_window_months", where, int),
        accept_working_days=_req(d, "accept_working_days", where, int),
        decide_working_days=_req(d, "decide_working_days", where, int),
        issuer=_req(d, "issuer", where),
        national_type_code=str(d.get("national_type_code") or ""),
        number_format=_req(d, "number_format", where),
        categories={str(k): str(v) for k, v in cats.items()},
        correction_working_days=int(d.get("correction_working_days", 10)),
    )


def _field_def(name: str, d: dict[str, Any]) -> FieldDef:
    where = f"表单字段 {name}"
    ftype = _req(d, "type", where)
    if ftype not in FIELD_TYPES:
        raise CatalogueError(where, f"未知的字段类型“{ftype}”")
    choices = d.get("choices", ())
    from_cats = choices == "categories"
    if ftype == "choice" and not from_cats and not (isinstance(choices, list | dict) and choices):
        raise CatalogueError(where, "选择型字段缺少“choices”")
    names = {str(k): str(v) for k, v in choices.items()} if isinstance(choices, dict) else {}
    return FieldDef(
        name=name,
        label=_req(d, "label", where),
        type=ftype,
        choices=() if from_cats else tuple(str(c) for c in choices or ()),
        choices_from_categories=from_cats,
        choice_names=names,
    )


def _item(
    d: dict[str, Any],
    families: dict[str, Family],
    materials: dict[str, MaterialDef],
    fields: dict[str, FieldDef],
    known_rules: frozenset[str],
) -> Item:
    code = _req(d, "code", "事项")
    where = f"事项 {code}"
    fam = _req(d, "family", where)
    if fam not in families:
        raise CatalogueError(where + " 字段 family", f"未知的证书类别“{fam}”")
    op = _req(d, "operation", where)
    if op not in OPERATIONS:
        raise CatalogueError(where + " 字段 operation", f"未知的业务类型“{op}”")
    effect = _req(d, "effect", where)
    if effect not in EFFECTS:
        raise CatalogueError(where + " 字段 effect", f"未知的证书效果“{effect}”")
    change_type = d.get("change_type")
    if op == "change" and change_type not in CHANGE_TYPES:
        raise CatalogueError(where + " 字段 change_type", "变更事项必须写明变更类型")
    reqs: list[MaterialRequirement] = []
    for m in _req(d, "materials", where, list):
        ref = m.get("ref") if isinstance(m, dict) else None
        if ref not in materials:
            raise CatalogueError(where + " 字段 materials", f"未定义的材料“{ref}”")
        if any(r.code == ref for r in reqs):
            raise CatalogueError(where + " 字段 materials", f"材料“{materials[ref].name}”列了两次")
        reqs.append(
            MaterialRequirement(materials[ref], bool(m.get("required", True)), str(m.get("note", "")))
        )
    item_fields = []
    for name in _req(d, "fields", where, list):
        if name not in fields:
            raise CatalogueError(where + " 字段 fields", f"未定义的表单字段“{name}”")
        item_fields.append(fields[name])
    required = frozenset(d.get("required_fields", ()))
    unknown = required - {f.name for f in item_fields}
    if unknown:
        raise CatalogueError(
            where + " 字段 required_fields", f"必填字段不在表单中：{'、'.join(sorted(unknown))}"
        )
    rules = tuple(_req(d, "rules", where, list))
    bad_rules = [r for r in rules if r not in known_rules]
    if bad_rules:
        raise CatalogueError(where + " 字段 rules", f"未知的规则“{'、'.join(bad_rules)}”")
    conditions = _req(d, "conditions", where, list)
    if not all(isinstance(c, str) and c.strip() for c in conditions):
        raise CatalogueError(where + " 字段 conditions", "受理条件不能为空白")
    return Item(
        code=code,
        family=families[fam],
        operation=op,
        name=_req(d, "name", where),
        short_name=_req(d, "short_name", where),
        effect=effect,
        national_operation_type=str(_req(d, "national_operation_type", where)),
        conditions=tuple(str(c) for c in conditions),
        materials=tuple(reqs),
        fields=tuple(item_fields),
        required_fields=required,
        rules=rules,
        change_type=change_type,
        onsite_signature=bool(d.get("onsite_signature", False)),
    )


_LIMIT_INTS = {
    "tz_min_age": 18,
    "tz_max_age": 60,
    "tz_min_training_hours_per_year": 24,
    "tz_max_violations_two_years": 2,
    "exam_score_valid_years": 1,
}
LIMIT_NAMES: dict[str, str] = {
    "tz_min_age": "特种作业人员最低年龄",
    "tz_max_age": "特种作业人员最高年龄",
    "tz_max_age_by_trade": "按工种的最高年龄",
    "tz_min_training_hours_per_year": "每年安全教育培训最少学时",
    "tz_max_violations_two_years": "两年内最多违章次数",
    "exam_score_valid_years": "考核成绩有效年数",
    "company_qualifications": "企业应具备的资质类别",
    "transfer_in_refuse_plain_c_since": "不再接收未分类C证转入的日期",
}


def _whole(value: Any, where: str, low: int = 0, high: int = 200) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CatalogueError(where, f"应为{low}至{high}之间的整数")
    return value


def _limits(lim: dict[str, Any]) -> Limits:
    """The rule limits, each checked: a wrong value names the limit (限制 字段 tz_max_age)."""
    unknown = sorted(set(lim) - set(LIMIT_NAMES))
    if unknown:
        raise CatalogueError(f"限制 字段 {unknown[0]}", "未知的限制项")
    ints = {k: _whole(lim.get(k, d), f"限制 字段 {k}") for k, d in _LIMIT_INTS.items()}
    if ints["tz_min_age"] >= ints["tz_max_age"]:
        raise CatalogueError("限制 字段 tz_max_age", "最高年龄必须大于最低年龄")
    by_trade = lim.get("tz_max_age_by_trade") or {}
    if not isinstance(by_trade, dict):
        raise CatalogueError("限制 字段 tz_max_age_by_trade", "应为“工种: 年龄”的映射")
    quals = lim.get("company_qualifications") or []
    if not isinstance(quals, list) or not all(isinstance(q, str) and q.strip() for q in quals):
        raise CatalogueError("限制 字段 company_qualifications", "应为资质类别名称的列表")
    since = str(lim.get("transfer_in_refuse_plain_c_since", "2023-07-13"))
    try:
        date.fromisoformat(since)
    except ValueError:
        raise CatalogueError(
            "限制 字段 transfer_in_refuse_plain_c_since", "应为日期，如 2023-07-13"
        ) from None
    return Limits(
        tz_max_age_by_trade={
            str(k): _whole(v, f"限制 字段 tz_max_age_by_trade.{k}") for k, v in by_trade.items()
        },
        company_qualifications=tuple(quals),
        transfer_in_refuse_plain_c_since=since,
        **ints,
    )


def parse_catalogue(
    raw: dict[str, Any], known_rules: frozenset[str], source: Path | None = None
) -> Catalogue:
    if not isinstance(raw, dict):
        raise CatalogueError("文件", "顶层必须是映射")
    families = {str(k): _family(str(k), v) for k, v in _req(raw, "families", "文件", dict).items()}
    materials: dict[str, MaterialDef] = {}
    for code, m in _req(raw, "materials", "文件", dict).items():
        where = f"材料 {code}"
        kind, src = _req(m, "kind", where), _req(m, "source", where)
        if kind not in MATERIAL_KINDS:
            raise CatalogueError(where + " 字段 kind", f"未知的材料类型“{kind}”")
        if src not in MATERIAL_SOURCES:
            raise CatalogueError(where + " 字段 source", f"未知的材料来源“{src}”")
        name = _req(m, "name", where)
        if not name.strip():
            raise CatalogueError(where + " 字段 name", "材料名称不能为空")
        materials[code] = MaterialDef(code, name, kind, src, bool(m.get("personal", False)))
    fields = {str(k): _field_def(str(k), v) for k, v in _req(raw, "fields", "文件", dict).items()}
    items: dict[str, Item] = {}
    for d in _req(raw, "items", "文件", list):
        item = _item(d, families, materials, fields, known_rules)
        if item.code in items:
            raise CatalogueError(f"事项 {item.code}", "事项编码重复")
        items[item.code] = item
    limits = _limits(_req(raw, "limits", "文件", dict))
    version = raw.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CatalogueError("文件 字段 version", "版本号必须是正整数")
    return Catalogue(families, materials, fields, items, limits, source, list(items), version)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate the catalogue; a broken file raises CatalogueError naming the item and field."""
    from app.domain.rules import RULES  # the rule registry is the list of names the catalogue may cite

    path = path or resource_path("catalogue.yaml")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(str(path), "文件不存在") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else "文件"
        raise CatalogueError(where, "YAML 格式错误") from exc
    return parse_catalogue(raw, frozenset(RULES), path)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    return load_catalogue()
