"""Sheet specs for the reference-data imports, read from resources/excel/imports.yaml and the catalogue.

A spec says which columns a sheet has, which headers name them, and which values each choice column accepts;
the template writer, the header matcher and the row validators all work from the same spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError
from app.excel.values import compact
from app.paths import load_yaml, resource_path

IMPORT_KINDS = ("scores", "companies", "constructors", "blacklist")
SCORE_KINDS = {"exam": "考核", "ce": "继续教育"}
_SCORE_KIND_WORDS = {
    "考核": "exam",
    "考试": "exam",
    "新取证": "exam",
    "EXAM": "exam",
    "继续教育": "ce",
    "延续": "ce",
    "延续培训": "ce",
    "CE": "ce",
}
_PASS_WORDS = {
    "合格": True,
    "是": True,
    "通过": True,
    "Y": True,
    "YES": True,
    "TRUE": True,
    "√": True,
    "不合格": False,
    "否": False,
    "未通过": False,
    "N": False,
    "NO": False,
    "FALSE": False,
    "×": False,
}
_LEVEL_WORDS = {"一级": "一级", "1": "一级", "一": "一级", "二级": "二级", "2": "二级", "二": "二级"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...]
    required: bool
    note: str
    width: int
    choices: tuple[str, ...] = ()  # what the template's drop-down offers
    accepted: dict[str, Any] = field(default_factory=dict)  # normalised input → stored value
    unless: tuple[
        str, ...
    ] = ()  # a required column may be replaced by any of these (成绩 by 理论成绩/实操成绩)
    in_template: bool = True  # accepted on import; the template writes only the columns that say so


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: str
    description: str
    columns: tuple[Column, ...]
    pass_mark: float = 60.0

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header_lookup(self) -> dict[str, str]:
        from app.excel.headers import normalise_header  # headers imports this module for the type

        lookup: dict[str, str] = {}
        for col in self.columns:
            for name in (col.label, *col.aliases):
                lookup.setdefault(normalise_header(name), col.key)
        return lookup


def _load(path: Path | None = None) -> dict[str, Any]:
    path = path or resource_path("excel", "imports.yaml")
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DomainError(
            "EXCEL_SPEC_INVALID",
            f"导入表格定义文件 {path} 无法读取",
            fix="请管理员恢复 resources/excel/imports.yaml 后重试。",
        ) from exc
    return dict(raw)


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return _load()


def score_families(catalogue: Catalogue) -> list[str]:
    """Families whose items check exam or continuing-education scores: the only ones a score sheet may name."""
    wanted = {"EXAM_SCORE", "CE_SCORE"}
    return [
        code for code in catalogue.families if any(wanted & set(i.rules) for i in catalogue.items_of(code))
    ]


def category_codes(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Category code → (family, printed name) for the score families; codes do not repeat across them."""
    out: dict[str, tuple[str, str]] = {}
    for fam in score_families(catalogue):
        for code, name in catalogue.family(fam).categories.items():
            out.setdefault(code, (fam, name))
    return out


def qualification_names(catalogue: Catalogue) -> tuple[str, ...]:
    names = list(_raw().get("qualifications", []))
    names += [q for q in catalogue.limits.company_qualifications if q not in names]
    return tuple(names)


def _choices(ref: Any, catalogue: Catalogue) -> tuple[tuple[str, ...], dict[str, Any]]:
    if isinstance(ref, list):
        return tuple(ref), {compact(v).upper(): v for v in ref}
    if ref == "score_kinds":
        return tuple(SCORE_KINDS.values()), dict(_SCORE_KIND_WORDS)
    if ref == "pass":
        return ("合格", "不合格"), dict(_PASS_WORDS)
    if ref == "levels":
        return ("一级", "二级"), dict(_LEVEL_WORDS)
    if ref == "families":
        codes = score_families(catalogue)
        accepted: dict[str, Any] = {}
        for code in codes:
            fam = catalogue.family(code)
            for word in (code, fam.name, fam.name.removesuffix("人员"), fam.full_name, fam.certificate_name):
                accepted[compact(word).upper()] = code
        return tuple(catalogue.family(c).name for c in codes), accepted
    if ref == "categories":
        cats = category_codes(catalogue)
        accepted = {}
        for code, (_fam, name) in cats.items():
            accepted[code.upper()] = code
            accepted[compact(name).upper()] = code
            accepted[compact(f"{code}{name}").upper()] = code
        return tuple(f"{code} {name}" for code, (_fam, name) in cats.items()), accepted
    if ref == "qualifications":
        names = qualification_names(catalogue)
        return names, {compact(n).upper(): n for n in names}
    raise DomainError(
        "EXCEL_SPEC_INVALID",
        f"导入表格定义中的选项来源“{ref}”不存在",
        fix="请管理员修正 resources/excel/imports.yaml。",
    )


def sheet_spec(kind: str, catalogue: Catalogue) -> SheetSpec:
    """The spec of one import kind; raises a DomainError naming the accepted kinds for an unknown one."""
    kinds = _raw()["kinds"]
    if kind not in kinds:
        shown = "、".join(f"{k}（{kinds[k]['title']}）" for k in kinds)
        raise DomainError(
            "IMPORT_KIND_UNKNOWN", f"没有“{kind}”这种导入表格", field="kind", fix=f"可导入的表格：{shown}"
        )
    d = kinds[kind]
    columns = []
    for c in d["columns"]:
        choices, accepted = _choices(c["choices"], catalogue) if "choices" in c else ((), {})
        columns.append(
            Column(
                key=c["key"],
                label=c["label"],
                aliases=tuple(c.get("aliases", ())),
                required=bool(c.get("required")),
                note=str(c.get("note", "")),
                width=int(c.get("width", 14)),
                choices=choices,
                accepted=accepted,
                unless=tuple(c.get("unless", ())),
                in_template=bool(c.get("template", True)),
            )
        )
    return SheetSpec(
        kind, d["title"], d.get("description", ""), tuple(columns), float(_raw().get("pass_mark", 60))
    )


def raw_settings() -> dict[str, Any]:
    """The whole of resources/excel/imports.yaml, for the settings one import kind reads (score pass marks)."""
    return _raw()


def kind_titles() -> dict[str, str]:
    return {k: v["title"] for k, v in _raw()["kinds"].items()}
