"""Reference-data imports from Excel (成绩表, 企业资质, 建造师注册, 黑名单): preview, then commit.

`preview_import` and `commit_import` work in two passes. The first reads the sheet as a stream, validates every
row, writes invalid rows straight into the error workbook and spools the valid records to a temporary file; it
holds no database lock, so the counter's other work and sync go on while a large sheet is parsed (the slow
part). The second matches the spooled records against the registry a batch at a time and, for a commit, writes
them in one write transaction: the records, one outbox row per new or changed record (so the change reaches the
central store through sync) and one audit event for the whole import — or, on any error or a cancel from the
progress callback, nothing at all. Nothing but one batch, the first few changes and one small hash per seen key
is held in memory, so a 100,000-row sheet costs about what a 1,000-row one does.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.errors import DomainError, PermissionDenied
from app.excel.appliers import APPLIERS, Applier, Record
from app.excel.error_book import ErrorBook
from app.excel.reader import SheetRows, open_sheet
from app.excel.rows import CellProblem, Validators
from app.excel.score_sheets import is_totals_row, score_rules
from app.excel.spec import SheetSpec, kind_titles, sheet_spec
from app.excel.template import write_template
from app.services.context import Actor, ServiceContext
from app.services.import_report import ImportReport, RowChange, RowError
from app.services.recording import audit, enqueue_many

Progress = Callable[[int, int | None], bool]
"""`progress(done_rows, total_rows_or_None)`; returning False cancels the import (nothing is written)."""

BATCH_ROWS = 1000
PROGRESS_EVERY = 500
ERROR_SUFFIX = "_错误行"


def import_kinds() -> dict[str, str]:
    """Import kind → Chinese title, for menus: {"scores": "成绩表", ...}."""
    return kind_titles()


def save_template(ctx: ServiceContext, kind: str, path: str | Path) -> Path:
    """Write the empty template of one import kind (headers, notes, drop-down lists) and return its path."""
    return write_template(sheet_spec(kind, ctx.catalogue), Path(path))


def default_error_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{ERROR_SUFFIX}.xlsx")


def preview_import(
    ctx: ServiceContext,
    actor: Actor,
    kind: str,
    path: str | Path,
    *,
    progress: Progress | None = None,
    sample: int = 20,
    error_path: str | Path | None = None,
) -> ImportReport:
    """Read and check the whole sheet, count new / changed / unchanged / invalid rows; write nothing but the
    error workbook (beside the input unless `error_path` is given) when some rows are invalid."""
    return _run(
        ctx, actor, kind, Path(path), commit=False, progress=progress, sample=sample, error_path=error_path
    )


def commit_import(
    ctx: ServiceContext,
    actor: Actor,
    kind: str,
    path: str | Path,
    *,
    progress: Progress | None = None,
    sample: int = 20,
    error_path: str | Path | None = None,
) -> ImportReport:
    """Import the valid rows in one transaction (records, outbox rows, one audit event); invalid rows are left
    out and written to the error workbook. Importing the same sheet again changes nothing."""
    return _run(
        ctx, actor, kind, Path(path), commit=True, progress=progress, sample=sample, error_path=error_path
    )


def _require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise PermissionDenied(
            "IMPORT_ADMIN_ONLY",
            "只有管理员可以导入基础数据（成绩、企业资质、建造师注册、黑名单）",
            field="role",
            fix="请使用管理员账号登录后导入。",
        )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _run(
    ctx: ServiceContext,
    actor: Actor,
    kind: str,
    path: Path,
    *,
    commit: bool,
    progress: Progress | None,
    sample: int,
    error_path: str | Path | None,
) -> ImportReport:
    _require_admin(actor)
    spec = sheet_spec(kind, ctx.catalogue)
    sheet = open_sheet(path, spec)
    try:
        job = _Job(
            ctx, actor, spec, sheet, sample, Path(error_path) if error_path else default_error_path(path)
        )
        with tempfile.TemporaryFile(prefix="counterdesk-import-") as spool:
            job.read(spool, progress)  # no database lock while the sheet is parsed
            sheet.close()
            if commit:
                with ctx.store.write() as s:
                    job.match(s, spool, write=True)
                    if job.report.new or job.report.changed:
                        _audit_import(s, ctx, actor, job, path)
            else:
                with ctx.store.read() as s:
                    job.match(s, spool, write=False)
        job.report.committed = commit
        job.finish_errors()
        return job.report
    finally:
        sheet.close()


def _audit_import(s: Session, ctx: ServiceContext, actor: Actor, job: _Job, path: Path) -> None:
    r = job.report
    detail: dict[str, Any] = {
        "kind": r.kind,
        "file": path.name,
        "sha256": _file_sha256(path),
        "sheet": r.sheet,
        "rows": r.rows,
        "new": r.new,
        "changed": r.changed,
        "unchanged": r.unchanged,
        "invalid": r.invalid,
        "skipped": r.skipped,
        "warned": r.warned,
    }
    audit(
        s,
        actor,
        f"registry.import.{r.kind}",
        "import",
        f"{r.kind}:{detail['sha256'][:16]}",
        detail,
        ctx.now(),
    )


class _Job:
    """One pass over one sheet: validate rows, match them a batch at a time, collect the report."""

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        spec: SheetSpec,
        sheet: SheetRows,
        sample: int,
        error_path: Path,
    ) -> None:
        self.ctx = ctx
        self.actor = actor
        self.spec = spec
        self.sheet = sheet
        self.sample = sample
        self.error_path = error_path
        self.applier: Applier = APPLIERS[spec.kind]()
        self.validators = Validators(spec, ctx.catalogue, ctx.today())
        self.positions = sheet.header.positions
        self.labels = {c.key: c.label for c in spec.columns}
        self.report = ImportReport(
            spec.kind, spec.title, sheet.path, sheet.sheet_title, sheet.header.row, False
        )
        self.book: ErrorBook | None = None
        self.seen: dict[int, int] = {}  # hash of a natural key → first row that had it
        self.warning_of: dict[int, str] = {}  # sheet row → its warning, for the sampled changes
        self.totals = score_rules()

    def read(self, spool: Any, progress: Progress | None) -> None:
        """First pass, without the database: validate every row, spool the valid ones a batch per record."""
        formulas = self.sheet.formula_cells()
        batch: list[tuple[int, Record]] = []
        total = self.sheet.total_rows
        done = 0
        for number, values in self.sheet.rows():
            done += 1
            self.report.rows += 1
            self._row(number, values, formulas, batch)
            if len(batch) >= BATCH_ROWS:
                pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
            if progress is not None and done % PROGRESS_EVERY == 0 and progress(done, total) is False:
                self._cancelled()
        if batch:
            pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if progress is not None and progress(done, done) is False:
            self._cancelled()
        if self.report.rows == 0:
            raise DomainError(
                "EXCEL_NO_ROWS",
                f"文件“{self.sheet.path.name}”的工作表“{self.sheet.sheet_title}”在表头下没有数据行",
                field="file",
                fix=f"请在第{self.sheet.header.row + 1}行起填写{self.spec.title}数据后再导入。",
            )

    def match(self, s: Session, spool: Any, *, write: bool) -> None:
        """Second pass: match the spooled records against the registry and, for a commit, write them."""
        for batch in _batches(spool):
            self._flush(s, batch, write)

    def _cancelled(self) -> None:
        raise DomainError("IMPORT_CANCELLED", "导入已取消，没有导入任何数据", fix="需要时请重新导入。")

    def _row(
        self, number: int, values: tuple[Any, ...], formulas: dict[tuple[int, int], str], batch: list[Any]
    ) -> None:
        if is_totals_row(values, self.totals):
            self._skip(number, "合计行，不是人员记录")
            return
        raw = {key: (values[i] if i < len(values) else None) for key, i in self.positions.items()}
        record, problems = self.validators.validate(raw)
        warnings = [p for p in problems if p.outcome == "warning"]
        skips = [p for p in problems if p.outcome == "skip"]
        problems = [p for p in problems if p.outcome == "error"]
        if skips and not problems:
            self._skip(number, "；".join(p.message for p in skips))
            return
        for key, i in self.positions.items() if formulas else ():
            formula = formulas.get((number, i))
            if formula is not None:
                problems = [p for p in problems if p.column != key]
                problems.append(
                    CellProblem(
                        key,
                        f"是公式（{formula[:40]}），文件中没有保存计算结果；"
                        "请在Excel中打开并保存一次，或把公式转为数值后再导入",
                    )
                )
                record = None
        if record is not None:
            key_hash = hash(self.applier.key(record))
            first = self.seen.setdefault(key_hash, number)
            if first != number:
                problems = [
                    CellProblem(
                        "", f"与第{first}行是同一条记录（{self.applier.describe(record)}），请删除重复行"
                    )
                ]
                record = None
        if record is None:
            self._invalid(number, values, problems)
            return
        if warnings:
            text = "；".join(self._text(p) for p in warnings)
            self.report.warned += 1
            if len(self.report.warnings) < self.sample:
                self.report.warnings.append(RowError(number, text))
            if len(self.warning_of) < self.sample * 10:
                self.warning_of[number] = text
        batch.append((number, record))

    def _text(self, p: CellProblem) -> str:
        return f"“{self.labels[p.column]}”{p.message}" if p.column else p.message

    def _skip(self, number: int, text: str) -> None:
        self.report.skipped += 1
        if len(self.report.skips) < self.sample:
            self.report.skips.append(RowError(number, text))

    def _invalid(self, number: int, values: tuple[Any, ...], problems: list[CellProblem]) -> None:
        self.report.invalid += 1
        text = "；".join(self._text(p) for p in problems)
        if len(self.report.errors) < self.sample:
            self.report.errors.append(RowError(number, text))
        if self.book is None:
            self.book = ErrorBook(self.error_path, self.sheet.header.labels, self.spec.title)
        bad = {self.positions[p.column] for p in problems if p.column in self.positions}
        self.book.add(number, values, bad, text)

    def _flush(self, s: Session, batch: list[tuple[int, Record]], write: bool) -> None:
        if not batch:
            return
        a = self.applier
        existing = a.load(s, [r for _n, r in batch])
        new: list[Record] = []
        changed: list[tuple[Any, Record]] = []
        for number, record in batch:
            key = a.key(record)
            old = existing.get(key)
            if old is None:
                self.report.new += 1
                new.append(record)
                if self._sampling():
                    self._sample(
                        number, "new", record, {a.fields.get(k, k): (None, v) for k, v in record.items()}
                    )
            else:
                diff = a.diff(old, record)
                if not diff:
                    self.report.unchanged += 1
                    continue
                self.report.changed += 1
                changed.append((old, record))
                if self._sampling():
                    self._sample(number, "changed", record, {a.fields.get(k, k): v for k, v in diff.items()})
        if write:
            self._write(s, new, changed)

    def _write(self, s: Session, new: list[Record], changed: list[tuple[Any, Record]]) -> None:
        # Written batch by batch so memory stays bounded; the audit event follows at the end of the same
        # transaction, so either all of them exist or none.
        a, now = self.applier, self.ctx.now()
        a.write(s, now, new, changed)
        s.flush()
        records = [*new, *(r for _old, r in changed)]
        enqueue_many(s, self.actor, a.op, a.entity, ((a.entity_id(r), a.payload(r)) for r in records), now)

    def _sampling(self) -> bool:
        return len(self.report.changes) < self.sample

    def _sample(self, number: int, change: str, record: Record, fields: dict[str, tuple[Any, Any]]) -> None:
        self.report.changes.append(
            RowChange(number, change, self.applier.describe(record), fields, self.warning_of.get(number, ""))
        )

    def finish_errors(self) -> None:
        if self.book is not None:
            self.report.error_workbook = self.book.close()
        elif self.error_path.exists():
            # The error workbook of an earlier run of this sheet: its rows have been fixed, and a stale list of
            # errors beside the input would send the clerk after problems that are gone.
            self.error_path.unlink(missing_ok=True)


def _batches(spool: Any) -> Iterator[list[tuple[int, Record]]]:
    """The batches `_Job.read` spooled, in sheet order. The spool is this process's own temporary file."""
    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - written by this process a moment ago, never from outside
        except EOFError:
            return
