"""Turning what people type into spreadsheet cells into plain values, with a Chinese reason when that fails.

Each parser takes the raw cell value (as openpyxl returns it with `data_only=True`) and returns the clean value or
raises `CellError`; the row validator collects these per column so that one row reports all its problems at once.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

# Excel's day 0 is 1899-12-30 once the 1900 leap-year bug is accounted for (serials from 61 on).
_EXCEL_EPOCH = date(1899, 12, 30)
# Serials outside 1950..2100 are more likely a mistyped number than a date in these registries.
_SERIAL_MIN = (date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX = (date(2100, 12, 31) - _EXCEL_EPOCH).days
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_LIST_SPLIT = re.compile(r"[、,，;；/／\s]+")
DATE_FIX = "请填写真实日期，如 2026-01-31、2026/1/31 或 2026年1月31日"


class CellError(ValueError):
    """One cell's value cannot be used: `message` says why and what to write instead (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def squeeze(value: Any) -> str:
    """Text of a cell with full-width characters folded and surrounding/inner line breaks and spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID typed into a number cell arrives as 4.1e17: keep the digits, not "...0"
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split())


def compact(value: Any) -> str:
    """Text with every space removed: for codes and numbers, where a space is always a typing slip."""
    return "".join(squeeze(value).split())


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any, *, max_len: int) -> str:
    text = squeeze(value)
    if len(text) > max_len:
        raise CellError(f"内容过长（{len(text)}个字符），最多{max_len}个字符")
    return text


def parse_date(value: Any) -> date:
    """A real date from a date cell, an Excel serial number, or text such as 2026-01-31 / 2026/1/31 / 2026年1月31日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError(f"不是日期；{DATE_FIX}")
    if isinstance(value, int | float):
        return _from_serial(float(value))
    text = compact(value)
    if not text:
        raise CellError(f"未填写日期；{DATE_FIX}")
    match = (
        _DATE_TEXT.fullmatch(squeeze(value)) or _DATE_TEXT.fullmatch(text) or _DATE_COMPACT.fullmatch(text)
    )
    if match is None:
        if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
            return _from_serial(float(text))
        raise CellError(f"“{squeeze(value)}”不是可识别的日期；{DATE_FIX}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"日期“{squeeze(value)}”不存在（{year}年{month}月没有{day}日）；{DATE_FIX}") from None


def _from_serial(serial: float) -> date:
    if not (_SERIAL_MIN <= serial <= _SERIAL_MAX):
        raise CellError(
            f"数字{serial:g}不是有效的日期（按Excel日期序号换算不在1950至2100年之间）；{DATE_FIX}"
        )
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_number(value: Any, *, low: float, high: float, what: str) -> float:
    if isinstance(value, bool):
        raise CellError(f"{what}应为数字")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = compact(value).removesuffix("分")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"“{squeeze(value)}”不是数字，{what}应填写{low:g}至{high:g}之间的数字") from None
    if number != number or not (low <= number <= high):  # NaN fails the first test
        raise CellError(f"{what}{number:g}超出范围，应在{low:g}至{high:g}之间")
    return number


def parse_choice(value: Any, options: dict[str, str], *, what: str) -> str:
    """The canonical value of a choice typed as its code, its label, or "code label" as offered in drop-downs."""
    text = compact(value)
    if text in options:
        return options[text]
    head = squeeze(value).split(" ", 1)[0]
    if head in options:
        return options[head]
    shown = "、".join(dict.fromkeys(options))
    raise CellError(f"“{squeeze(value)}”不是有效的{what}，可填写：{shown}")


def split_list(value: Any) -> list[str]:
    """Several values in one cell, separated by 、 , ; / or spaces (as in "房屋建筑、市政公用工程")."""
    return [part for part in _LIST_SPLIT.split(squeeze(value)) if part]
