"""Importing the province's legacy certificate register (证书库) into the central store, from this workstation.

Two passes, as the other imports. The first reads the export as a stream with no lock and no network: every row
is checked (header tolerance, 15-digit IDs upgraded, old status codes mapped through resources/, duplicates),
its photo looked up in the folder or zip by ID number or certificate number and checked against the
e-certificate photo rules; bad rows go to the error workbook and the valid records to a temporary spool. The
second pass uploads the photos the central store lacks and sends the records a batch at a time through a
`Sender` (the central store's admin endpoint, app/central/register_import.py); each batch is its own short
central transaction, so a cancel between batches keeps what was sent and running the same export again
changes nothing that is already there. The counters get the certificates through the change feed.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from app.capture.photo import photo_problems
from app.capture.photo_source import PhotoSource, open_photos
from app.domain.errors import DomainError, PermissionDenied
from app.excel.error_book import ErrorBook
from app.excel.reader import open_sheet
from app.excel.register_rows import RegisterValidator, register_spec
from app.excel.rows import CellProblem
from app.excel.score_sheets import is_totals_row, score_rules
from app.services.context import Actor, ServiceContext

Progress = Callable[[str, int, int | None], bool]
"""`progress(phase, done, total)`, phase "read" or "send"; returning False cancels."""

BATCH = 2000
ERROR_SUFFIX = "_错误行"


class Sender(Protocol):
    def missing_photos(self, shas: list[str]) -> list[str]: ...

    def put_photo(self, sha256: str, data: bytes) -> None: ...

    def send(self, rows: list[dict[str, Any]]) -> dict[str, int]: ...


@dataclass(frozen=True)
class RowNote:
    row: int
    text: str


@dataclass
class RegisterReport:
    path: Path
    sheet: str
    header_row: int
    rows: int = 0
    valid: int = 0
    invalid: int = 0
    skipped: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    kept: int = 0  # renewed, changed or reissued in CounterDesk since: left as they are
    photos: int = 0  # valid photos attached
    photos_rejected: int = 0  # found but failing the photo rules: certificate imported without it
    photos_absent: int = 0
    sent: int = 0
    cancelled: bool = False
    errors: list[RowNote] = field(default_factory=list)
    photo_notes: list[RowNote] = field(default_factory=list)
    error_workbook: Path | None = None

    def text(self) -> str:
        lines = [
            f"证书库导入：文件“{self.path.name}”，工作表“{self.sheet}”，表头在第{self.header_row}行",
            f"共 {self.rows} 行：可导入 {self.valid}，有错误 {self.invalid}"
            + (f"，跳过 {self.skipped}" if self.skipped else ""),
            f"中心库：新增 {self.new}，变更 {self.changed}，无变化 {self.unchanged}"
            + (f"，已在本系统办理过业务未覆盖 {self.kept}" if self.kept else ""),
            f"照片：已导入 {self.photos}，不符合要求未导入 {self.photos_rejected}，未找到 {self.photos_absent}",
        ]
        if self.cancelled:
            lines.append(f"已取消：已发送的 {self.sent} 条已导入中心库，其余未导入；再次导入同一文件可继续")
        lines += [f"  第{e.row}行 错误：{e.text}" for e in self.errors]
        lines += [f"  第{e.row}行 照片：{e.text}" for e in self.photo_notes]
        if self.error_workbook:
            lines.append(f"有错误的行已写入：{self.error_workbook}（改正后可再次导入）")
        return "\n".join(lines)


def default_error_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{ERROR_SUFFIX}.xlsx")


def import_register(
    ctx: ServiceContext,
    actor: Actor,
    path: str | Path,
    sender: Sender | None,
    *,
    photos: str | Path | None = None,
    progress: Progress | None = None,
    sample: int = 20,
    error_path: str | Path | None = None,
) -> RegisterReport:
    """Check the export and, with a `sender`, import it into the central store (None: check only)."""
    if actor.role != "admin":
        raise PermissionDenied(
            "IMPORT_ADMIN_ONLY", "只有管理员可以导入证书库", field="role", fix="请使用管理员账号登录后导入。"
        )
    path = Path(path)
    spec = register_spec()
    sheet = open_sheet(path, spec)
    source = open_photos(photos)
    job = _Job(ctx, sheet.path, sheet.sheet_title, sheet.header, source, sample)
    job.book_path = Path(error_path) if error_path else default_error_path(path)
    try:
        with tempfile.TemporaryFile(prefix="counterdesk-register-") as spool:
            job.read(sheet.rows(), sheet.total_rows, spool, progress)
            sheet.close()
            job.finish_errors()
            if sender is not None:
                job.send(spool, sender, progress)
        return job.report
    finally:
        sheet.close()
        if source is not None:
            source.close()


class _Job:
    def __init__(
        self,
        ctx: ServiceContext,
        path: Path,
        sheet: str,
        header: Any,
        source: PhotoSource | None,
        sample: int,
    ) -> None:
        self.validator = RegisterValidator(ctx.catalogue, ctx.today())
        self.spec = self.validator.spec
        self.header = header
        self.positions: dict[str, int] = header.positions
        self.labels = {c.key: c.label for c in self.spec.columns}
        self.source = source
        self.sample = sample
        self.report = RegisterReport(path, sheet, header.row)
        self.seen: dict[str, int] = {}
        self.book: ErrorBook | None = None
        self.book_path = default_error_path(path)
        self.totals = score_rules()

    # ---- first pass: no lock, no network
    def read(
        self,
        rows: Iterator[tuple[int, tuple[Any, ...]]],
        total: int | None,
        spool: Any,
        progress: Progress | None,
    ) -> None:
        batch: list[dict[str, Any]] = []
        for number, values in rows:
            self.report.rows += 1
            record = self._row(number, values)
            if record is not None:
                batch.append(record)
            if len(batch) >= BATCH:
                pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
            if (
                progress is not None
                and self.report.rows % 500 == 0
                and progress("read", self.report.rows, total) is False
            ):
                raise DomainError(
                    "IMPORT_CANCELLED", "导入已取消，没有导入任何数据", fix="需要时请重新导入。"
                )
        if batch:
            pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if progress is not None and progress("read", self.report.rows, self.report.rows) is False:
            raise DomainError("IMPORT_CANCELLED", "导入已取消，没有导入任何数据", fix="需要时请重新导入。")

    def _row(self, number: int, values: tuple[Any, ...]) -> dict[str, Any] | None:
        if is_totals_row(values, self.totals):
            self.report.skipped += 1
            return None
        raw = {key: (values[i] if i < len(values) else None) for key, i in self.positions.items()}
        record, problems = self.validator.validate(raw)
        if record is not None:
            first = self.seen.setdefault(record["number"], number)
            if first != number:
                record, problems = None, [CellProblem("number", f"与第{first}行是同一张证书，请删除重复行")]
        if record is None:
            self._invalid(number, values, problems, "；".join(self._text(p) for p in problems))
            return None
        self.report.valid += 1
        self._photo(number, values, record)
        return record

    def _photo(self, number: int, values: tuple[Any, ...], record: dict[str, Any]) -> None:
        record["photo_sha256"] = None
        record["_photo"] = None
        if self.source is None:
            return
        found = self.source.find(record["holder_id_number"], record.get("old_id_number"), record["number"])
        if found is None:
            self.report.photos_absent += 1
            return
        key, where = found
        data = self.source.read(where)
        problems = photo_problems(data)
        if key in self.source.duplicates:
            problems.insert(0, f"有多个名为“{key}”的照片文件，无法确定用哪一个")
        if problems:
            self.report.photos_rejected += 1
            text = "证书已导入，照片未导入：" + "；".join(problems) + "。请按电子证照要求重新提供照片"
            if len(self.report.photo_notes) < self.sample:
                self.report.photo_notes.append(RowNote(number, text))
            self._book().add(number, values, set(), text)
            return
        self.report.photos += 1
        record["photo_sha256"] = hashlib.sha256(data).hexdigest()
        record["_photo"] = where

    def _text(self, p: CellProblem) -> str:
        return f"“{self.labels[p.column]}”{p.message}" if p.column in self.labels else p.message

    def _book(self) -> ErrorBook:
        if self.book is None:
            self.book = ErrorBook(self.book_path, self.header.labels, self.spec.title)
        return self.book

    def _invalid(self, number: int, values: tuple[Any, ...], problems: list[CellProblem], text: str) -> None:
        self.report.invalid += 1
        if len(self.report.errors) < self.sample:
            self.report.errors.append(RowNote(number, text))
        bad = {self.positions[p.column] for p in problems if p.column in self.positions}
        self._book().add(number, values, bad, text)

    def finish_errors(self) -> None:
        if self.book is not None:
            self.report.error_workbook = self.book.close()
        elif self.book_path.exists():
            self.book_path.unlink(missing_ok=True)

    # ---- second pass: one central transaction per batch
    def send(self, spool: Any, sender: Sender, progress: Progress | None) -> None:
        total = self.report.valid
        for batch in _batches(spool):
            if progress is not None and progress("send", self.report.sent, total) is False:
                self.report.cancelled = True
                return
            self._upload_photos(batch, sender)
            counts = sender.send([_wire(r) for r in batch])
            for key in ("new", "changed", "unchanged", "kept"):
                setattr(self.report, key, getattr(self.report, key) + int(counts.get(key, 0)))
            self.report.sent += len(batch)
        if progress is not None:
            progress("send", self.report.sent, total)

    def _upload_photos(self, batch: list[dict[str, Any]], sender: Sender) -> None:
        wanted = {r["photo_sha256"]: r["_photo"] for r in batch if r.get("photo_sha256")}
        if not wanted or self.source is None:
            return
        for sha in sender.missing_photos(sorted(wanted)):
            sender.put_photo(sha, self.source.read(wanted[sha]))


def _wire(record: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in record.items() if not k.startswith("_")
    }


def _batches(spool: Any) -> Iterator[list[dict[str, Any]]]:
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - this process's own temporary file
        except EOFError:
            return
