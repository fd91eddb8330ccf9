"""What score sheets from training bodies carry beyond the template: parts, absences, totals, retired categories.

Real sheets have 理论成绩 and 实操成绩 in separate columns and no 成绩类型 column, mark an absent candidate with
缺考 or 缺考/违纪 instead of a number, end with a 合计 row, and still use categories the province has retired.
The settings (pass marks per part, the words that mean absence or totals, the retired categories with what they
map to) come from resources/excel/imports.yaml, never from code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.domain.catalogue import Catalogue
from app.excel.spec import raw_settings
from app.excel.values import CellError, compact, parse_number, squeeze

PARTS = {"theory": "理论成绩", "practice": "实操成绩"}
_ID_LIKE = re.compile(r"\d{15}|\d{17}[\dXx]")
_COUNT_LINE = re.compile(r"共\d+(?:人|名|条|行)")


class Absent:
    """A score cell marked 缺考 / 违纪: the candidate has no result for that part."""

    def __init__(self, word: str) -> None:
        self.word = word

    def __repr__(self) -> str:
        return f"Absent({self.word!r})"


@dataclass(frozen=True)
class ScoreRules:
    default_marks: dict[str, float]
    family_marks: dict[str, dict[str, float]]
    absence_words: frozenset[str]
    totals_words: tuple[str, ...]
    retired: dict[str, tuple[str, tuple[str, ...]]]  # compact upper old code/name → (family, current codes)

    def mark(self, family: str | None, part: str) -> float:
        marks = self.family_marks.get(family or "", {})
        return float(marks.get(part, self.default_marks.get(part, 60.0)))


@lru_cache(maxsize=1)
def score_rules() -> ScoreRules:
    raw = raw_settings()
    marks = raw.get("pass_marks") or {}
    default = {k: float(v) for k, v in (marks.get("default") or {}).items()}
    default.setdefault("score", float(raw.get("pass_mark", 60)))
    families = {
        str(fam): {k: float(v) for k, v in (m or {}).items()}
        for fam, m in (marks.get("families") or {}).items()
    }
    retired = {
        compact(r["old"]).upper(): (str(r["family"]), tuple(str(c) for c in r["to"]))
        for r in raw.get("retired_categories") or []
    }
    return ScoreRules(
        default,
        families,
        frozenset(compact(w).upper() for w in raw.get("absence_words") or ()),
        tuple(compact(w) for w in raw.get("totals_words") or ()),
        retired,
    )


def parse_part(raw: Any, what: str, rules: ScoreRules) -> float | Absent:
    """A score of 0..100, or `Absent` for a cell marked 缺考 / 缺考/违纪 (any of the configured words)."""
    if isinstance(raw, str) and compact(raw).upper() in rules.absence_words:
        return Absent(squeeze(raw))
    return parse_number(raw, low=0, high=100, what=what)


def is_totals_row(values: Sequence[Any], rules: ScoreRules) -> bool:
    """A 合计 / 共35人 line: starts with a totals word and names nobody (no cell looks like an ID number)."""
    # The first filled cell decides most rows at once (a person's row starts with a number, an ID or a name);
    # only a row that starts like a totals line has all its cells looked at.
    texts = (t for t in (compact(v) for v in values if v is not None) if t)
    first = next(texts, None)
    if first is None or not (first.startswith(rules.totals_words) or _COUNT_LINE.fullmatch(first)):
        return False
    return not any(_ID_LIKE.fullmatch(t) for t in (first, *texts))


def retired_category_error(raw: Any, rules: ScoreRules, catalogue: Catalogue) -> CellError | None:
    """The short message for a retired category, naming the one or two current ones it maps to."""
    found = rules.retired.get(compact(raw).upper())
    if found is None:
        return None
    family, codes = found
    names = catalogue.family(family).categories
    shown = "或".join(f"“{code} {names.get(code, '')}”".replace(" ”", "”") for code in codes)
    return CellError(f"“{squeeze(raw)}”是已停用的类别，请改填{shown}")


def unknown_category_error(raw: Any) -> CellError:
    return CellError(
        f"“{squeeze(raw)}”不是有效的类别或工种；安管填 A、B、C1、C2、C3，特种作业填两位工种代码，如 01"
    )
