"""Opening a workbook someone sent us, safely and in streaming mode, and reading one sheet of it row by row.

Bad files are recognised before openpyxl sees them, so that the administrator gets a sentence naming the file
and what to do instead of a zip or XML traceback: an encrypted workbook (Excel saves those as an OLE2 compound
file), an old .xls, a CSV or anything else that is not an .xlsx.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

import openpyxl
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.workbook import Workbook

from app.domain.errors import DomainError
from app.excel.headers import HEADER_SEARCH_ROWS, HeaderMatch, find_header
from app.excel.spec import SheetSpec

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK\x03\x04"
# The stream an encrypted OOXML package keeps inside its compound file (the directory stores names in UTF-16LE).
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
# Formula cells without a cached value are reported per row; more than this many means the whole sheet is formulas.
_MAX_FORMULA_CELLS = 20000
_SAVE_AS_FIX = "请在Excel中打开该文件，另存为“Excel工作簿（*.xlsx）”后再导入"


def _bad_file(path: Path, code: str, what: str, fix: str = _SAVE_AS_FIX) -> DomainError:
    return DomainError(code, f"文件“{path.name}”{what}", field="file", fix=fix)


def check_xlsx(path: Path) -> None:
    """Raise a DomainError naming the file unless it looks like an unencrypted .xlsx workbook."""
    if not path.is_file():
        raise _bad_file(path, "EXCEL_NOT_FOUND", "不存在或不是文件", "请重新选择要导入的文件")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == OLE2_SIGNATURE:
            fh.seek(0)
            encrypted = _contains(fh, _ENCRYPTION_INFO)
            if encrypted:
                raise _bad_file(
                    path,
                    "EXCEL_ENCRYPTED",
                    "设置了打开密码（已加密），无法读取",
                    "请在Excel中打开该文件，在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码，保存后再导入",
                )
            raise _bad_file(
                path, "EXCEL_OLD_FORMAT", "是旧版Excel 97-2003（.xls）格式或其他Office文件，不能直接导入"
            )
    if not head:
        raise _bad_file(path, "EXCEL_EMPTY_FILE", "是空文件（0字节）", "请重新导出或重新选择文件")
    if not head.startswith(ZIP_SIGNATURE) or not zipfile.is_zipfile(path):
        raise _bad_file(path, "EXCEL_NOT_XLSX", "不是Excel工作簿（.xlsx），可能是CSV、文本或其他格式的文件")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise _bad_file(path, "EXCEL_NOT_XLSX", "是压缩包或其他Office文档，不是Excel工作簿（.xlsx）")


def _contains(fh: Any, needle: bytes, chunk: int = 1 << 20) -> bool:
    tail = b""
    while block := fh.read(chunk):
        if needle in tail + block:
            return True
        tail = block[-len(needle) :]
    return False


def open_workbook(path: Path) -> Workbook:
    """The workbook in read-only (streaming), values-only mode; a broken file becomes a DomainError."""
    check_xlsx(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise _bad_file(
            path, "EXCEL_BROKEN", f"已损坏或格式不完整，无法读取（{type(exc).__name__}）"
        ) from exc


@dataclass
class SheetRows:
    """One sheet of an open workbook, its header found, ready to stream its data rows."""

    path: Path
    workbook: Workbook
    sheet_title: str
    header: HeaderMatch
    total_rows: int | None  # data rows below the header, when the file says how many

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(1-based row number, cell values) for every row below the header; fully empty rows are skipped."""
        ws = self.workbook[self.sheet_title]
        number = self.header.row
        for values in ws.iter_rows(min_row=self.header.row + 1, values_only=True):
            number += 1
            if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                yield number, values

    def formula_cells(self) -> dict[tuple[int, int], str]:
        """(row, 0-based column) → formula, for formula cells that carry no cached value (read as empty).

        Only sheets that contain formulas at all pay for this second, plain-XML pass.
        """
        ws = self.workbook[self.sheet_title]
        member = getattr(ws, "_worksheet_path", None)
        archive = getattr(self.workbook, "_archive", None)
        if member is None or archive is None or not _has_formula(archive, member):
            return {}
        found: dict[tuple[int, int], str] = {}
        with archive.open(member) as src:
            for _event, elem in iterparse(src):
                if elem.tag != f"{_MAIN_NS}c":
                    continue
                formula = elem.find(f"{_MAIN_NS}f")
                cached = elem.find(f"{_MAIN_NS}v")
                if formula is not None and (cached is None or not (cached.text or "").strip()):
                    match = _CELL_REF.fullmatch(elem.get("r", ""))
                    if match and len(found) < _MAX_FORMULA_CELLS:
                        key = (int(match.group(2)), column_index_from_string(match.group(1)) - 1)
                        found[key] = "=" + (formula.text or "")
                elem.clear()
        return found

    def close(self) -> None:
        self.workbook.close()


def _has_formula(archive: zipfile.ZipFile, member: str) -> bool:
    tail = b""
    with archive.open(member) as src:
        while block := src.read(1 << 20):
            if _FORMULA_TAG.search(tail + block):
                return True
            tail = block[-16:]
    return False


def open_sheet(path: Path, spec: SheetSpec) -> SheetRows:
    """The first sheet whose header matches the spec; DomainErrors name the file, the sheet and the fix."""
    wb = open_workbook(path)
    try:
        best: tuple[str, HeaderMatch] | None = None
        any_content = False
        for ws in wb.worksheets:
            first = [tuple(r) for r in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]
            any_content = any_content or any(v is not None for r in first for v in r)
            found = find_header(spec, first)
            if found is not None and not found.missing(spec):
                total = None
                if ws.max_row is not None and ws.max_row > found.row:
                    total = ws.max_row - found.row
                return SheetRows(path, wb, ws.title, found, total)
            if found is not None and (best is None or len(found.positions) > len(best[1].positions)):
                best = (ws.title, found)
    except BaseException:
        wb.close()
        raise
    wb.close()
    template_fix = f"请使用“{spec.title}”模板，或把表头改为：" + "、".join(
        c.label for c in spec.columns if c.required
    )
    if not any_content:
        raise _bad_file(path, "EXCEL_EMPTY", "中的工作表是空的，没有表头和数据", template_fix)
    if best is None:
        raise _bad_file(
            path, "EXCEL_NO_HEADER", f"的前{HEADER_SEARCH_ROWS}行中找不到{spec.title}的表头", template_fix
        )
    title, found = best
    missing = "、".join(f"“{m}”" for m in found.missing(spec))
    raise _bad_file(
        path,
        "EXCEL_MISSING_COLUMNS",
        f"工作表“{title}”第{found.row}行的表头缺少必填列{missing}",
        template_fix,
    )
