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
        return [
            c.label
            for c in spec.columns
            if c.required and c.key not in self.positions and not any(u in self.positions for u in c.unless)
        ]


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
    """The best-matching row among the first rows: all required columns present, most columns matched.

    A two-row header (成绩 merged over 理论 / 实操, 身份证号 merged down over both rows) is matched as one header
    ending on its second row, when that reads more columns than the first row alone.
    """
    best: HeaderMatch | None = None
    rows = first_rows[:HEADER_SEARCH_ROWS]
    for offset, cells in enumerate(rows):
        candidates = [match_header(spec, cells, offset + 1)]
        if offset + 1 < len(rows) and _looks_like_sub_header(cells, rows[offset + 1]):
            candidates.append(_match_two_rows(spec, cells, rows[offset + 1], offset + 2))
        for found in candidates:
            if best is None or len(found.positions) > len(best.positions):
                best = found
    if best is None or not best.positions:
        return None
    return best


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _looks_like_sub_header(top: Sequence[Any], below: Sequence[Any]) -> bool:
    """Whether `below` continues a header: text only, and text under an empty (merged-over) cell of `top`.

    A data row holds numbers and dates and fills the columns its header names, so it fails one of the two tests.
    """
    if not any(_filled(v) for v in below) or any(_filled(v) and not isinstance(v, str) for v in below):
        return False
    seen_parent = False
    for index, value in enumerate(below):
        parent = top[index] if index < len(top) else None
        seen_parent = seen_parent or _filled(parent)
        if _filled(value) and not _filled(parent) and seen_parent:
            return True
    return False


def _match_two_rows(spec: SheetSpec, top: Sequence[Any], below: Sequence[Any], row: int) -> HeaderMatch:
    """Match a header of two rows: each column is named by its lower cell, its merged parent and the lower cell,
    or its upper cell alone (a cell merged down over both rows keeps its value in the upper one)."""
    lookup = spec.header_lookup()
    positions: dict[str, int] = {}
    labels: list[str] = []
    parent: Any = None
    for index in range(max(len(top), len(below))):
        upper = top[index] if index < len(top) else None
        lower = below[index] if index < len(below) else None
        if _filled(upper):
            parent = upper
        elif not _filled(lower):
            parent = None  # an empty column ends the merged parent
        names = [lower, f"{parent}{lower}", f"{lower}{parent}"] if _filled(lower) else [upper]
        label = lower if _filled(lower) else upper
        labels.append("" if label is None else str(label))
        for name in names:
            key = lookup.get(normalise_header(name))
            if key is not None:
                if key not in positions:
                    positions[key] = index
                break
    width = max((i + 1 for i, text in enumerate(labels) if text.strip()), default=0)
    return HeaderMatch(row, positions, tuple(labels[:width]), width)
