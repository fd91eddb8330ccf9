"""Finding the header row of a sheet and matching its columns to a sheet spec, tolerantly.

People rename, reorder and decorate columns: "身份证号码", "证件号码（必填）", "＊身份证号", a unit in parentheses,
line breaks inside the header cell, and a merged title row above it. Headers are compared after folding all that
away, against each column's label and known aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.excel.spec import SheetSpec

# The header may sit under a merged title and a notes line; ten rows is what real sheets use at most.
HEADER_SEARCH_ROWS = 10
_DECORATION = re.compile(r"[\s*＊:：#№]|[(（\[【][^)）\]】]*[)）\]】]")


def normalise_header(value: Any) -> str:
    """ "＊身份证号码（必填）" → "身份证号码": no marks, no spaces, no parenthesised notes, half-width."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _DECORATION.sub("", text).upper()


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is (1-based row) and which 0-based cell index holds each spec column."""

    row: int
    positions: dict[str, int]
    labels: tuple[str, ...]  # the header cells exactly as written, for the error workbook
    width: int

    def missing(self, spec: SheetSpec) -> list[str]:
        return [c.label for c in spec.columns if c.required and c.key not in self.positions]


def match_header(spec: SheetSpec, cells: Sequence[Any], row: int) -> HeaderMatch:
    lookup = spec.header_lookup()
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = lookup.get(normalise_header(cell))
        if key is not None and key not in positions:
            positions[key] = index
    width = max((i + 1 for i, c in enumerate(cells) if c is not None and str(c).strip()), default=0)
    labels = tuple("" if c is None else str(c) for c in cells[:width])
    return HeaderMatch(row, positions, labels, width)


def find_header(spec: SheetSpec, first_rows: Sequence[Sequence[Any]]) -> HeaderMatch | None:
    """The best-matching row among the first rows: all required columns present, most columns matched."""
    best: HeaderMatch | None = None
    for offset, cells in enumerate(first_rows[:HEADER_SEARCH_ROWS]):
        found = match_header(spec, cells, offset + 1)
        if best is None or len(found.positions) > len(best.positions):
            best = found
    if best is None or not best.positions:
        return None
    return best
