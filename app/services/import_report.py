"""What a reference-data import found (preview) or did (commit): counts, sampled changes, row errors, warnings
and skipped rows; plain values only, safe to hand to any thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RowChange:
    """One record the import adds or changes: `fields` maps the Chinese field label to (before, after)."""

    row: int
    change: str  # "new" / "changed"
    record: str  # who or what, e.g. "410105198605170017 刘建国 考核 C2 2026-01-31"
    fields: dict[str, tuple[Any, Any]]
    warning: str = ""  # imported, but the administrator should know (a score already past its validity)


@dataclass(frozen=True)
class RowError:
    row: int
    text: str  # every problem of the row, each naming its column and the fix


@dataclass
class ImportReport:
    """What an import found (preview) or did (commit); plain values only, safe to hand to any thread."""

    kind: str
    title: str
    path: Path
    sheet: str
    header_row: int
    committed: bool
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid: int = 0
    skipped: int = 0  # rows that are no record: a 合计 line, a candidate absent from every part (缺考)
    warned: int = 0  # valid rows imported with a warning
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    skips: list[RowError] = field(default_factory=list)
    error_workbook: Path | None = None

    def text(self) -> str:
        """A few lines for the command line or a message box."""
        head = "已导入" if self.committed else "预览（尚未导入）"
        lines = [
            f"{head}：{self.title}，文件“{self.path.name}”，工作表“{self.sheet}”，表头在第{self.header_row}行",
            f"共 {self.rows} 行：新增 {self.new}，变更 {self.changed}，无变化 {self.unchanged}，有错误 {self.invalid}"
            + (f"，跳过 {self.skipped}" if self.skipped else "")
            + (f"，有提醒 {self.warned}" if self.warned else ""),
        ]
        for c in self.changes:
            what = "新增" if c.change == "new" else "变更"
            detail = "；".join(f"{k}：{_show(a)} → {_show(b)}" for k, (a, b) in c.fields.items())
            lines.append(
                f"  第{c.row}行 {what} {c.record}" + (f"（{detail}）" if c.change == "changed" else "")
            )
        for e in self.errors:
            lines.append(f"  第{e.row}行 错误：{e.text}")
        for e in self.warnings:
            lines.append(f"  第{e.row}行 提醒：{e.text}")
        for e in self.skips:
            lines.append(f"  第{e.row}行 跳过：{e.text}")
        if self.error_workbook:
            lines.append(f"有错误的行已写入：{self.error_workbook}（改正后可再次导入）")
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "合格" if value else "不合格"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


__all__ = ["ImportReport", "RowChange", "RowError"]
