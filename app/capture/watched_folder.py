"""The scanner's "scan to folder" target, polled (inotify does not work on network shares).

A file is taken only when it is complete: size and mtime unchanged over two polls at least `settle_s`
apart (by our own clock — a share's clock may be skewed), it opens for reading (Windows scanners hold
it locked while writing), and, for JPEG/PNG/PDF, it ends the way a finished file ends. A file that stays
incomplete past `incomplete_grace_s` is taken anyway and fails in the pipeline, so nothing waits forever.
Afterwards it moves to 已导入, or to 导入失败 with a .txt note beside it saying why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.capture import formats
from app.capture.source_base import CapturedItem, CaptureFailure
from app.domain.errors import DomainError

IMPORTED_DIR = "已导入"
FAILED_DIR = "导入失败"
_SKIP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".txt")


@dataclass
class _Observation:
    size: int
    mtime_ns: int
    since: float  # our monotonic time when this size/mtime was first seen
    polls: int = 1


@dataclass
class PollReport:
    imported: list[str] = field(default_factory=list)
    failed: list[tuple[str, DomainError]] = field(default_factory=list)


def looks_complete(data: bytes) -> bool:
    """Whether the file ends as a finished file of its format does (unknown formats: assume so)."""
    fmt = formats.sniff(data[:1024])
    tail = data[-1024:]
    if fmt == "JPEG":
        return tail.rstrip(b"\x00").endswith(b"\xff\xd9")
    if fmt == "PNG":
        return b"IEND" in tail[-16:]
    if fmt == "PDF":
        return b"%%EOF" in tail
    return True


class WatchedFolderSource:
    name = "扫描到文件夹"

    def __init__(
        self,
        folder: Path,
        *,
        settle_s: float = 2.0,
        incomplete_grace_s: float = 60.0,
        max_bytes: int = formats.DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = Path(folder)
        self.settle_s = settle_s
        self.incomplete_grace_s = incomplete_grace_s
        self.max_bytes = max_bytes
        self._clock = clock
        self._seen: dict[str, _Observation] = {}
        self._in_flight: dict[str, Path] = {}

    def _unreadable(self, reason: str) -> DomainError:
        return DomainError(
            "FOLDER_UNREADABLE",
            f"无法读取扫描文件夹“{self.folder}”：{reason}",
            field="folder",
            fix="请检查文件夹路径、网络共享是否连通以及访问权限，或在设置中重新选择扫描文件夹",
        )

    def available(self) -> tuple[bool, str]:
        try:
            self._check_folder()
        except DomainError as error:
            return False, error.message
        if not os.access(self.folder, os.W_OK):
            return False, f"扫描文件夹“{self.folder}”没有写入权限，导入后的文件无法移入“{IMPORTED_DIR}”"
        return True, ""

    def _check_folder(self) -> None:
        if not self.folder.exists():
            raise self._unreadable("文件夹不存在（网络共享可能已断开）")
        if not self.folder.is_dir():
            raise self._unreadable("这不是一个文件夹")
        try:
            with os.scandir(self.folder):
                pass
        except OSError as exc:
            raise self._unreadable(exc.strerror or str(exc)) from exc

    def _candidates(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.folder) as entries:
                return [
                    e
                    for e in entries
                    if not e.name.startswith((".", "~$"))
                    and not e.name.lower().endswith(_SKIP_SUFFIXES)
                    and e.is_file(follow_symlinks=False)
                ]
        except OSError as exc:
            raise self._unreadable(exc.strerror or str(exc)) from exc

    def capture(self) -> Iterator[CapturedItem | CaptureFailure]:
        """One poll: items for files that are complete now. Raises FOLDER_UNREADABLE if the folder is gone."""
        self._check_folder()
        now = self._clock()
        present: set[str] = set()
        for entry in sorted(self._candidates(), key=lambda e: e.name):
            present.add(entry.name)
            if entry.path in self._in_flight:
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue  # vanished or locked between listing and stat: look again next poll
            seen = self._seen.get(entry.name)
            if seen is None or (seen.size, seen.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                self._seen[entry.name] = _Observation(stat.st_size, stat.st_mtime_ns, now)
                continue
            seen.polls += 1
            steady = now - seen.since
            if steady < self.settle_s:
                continue
            overdue = steady >= self.incomplete_grace_s
            result = self._take(Path(entry.path), stat.st_size, overdue)
            if result is not None:
                yield result
        # Forget files that disappeared (moved away by someone else).
        for name in set(self._seen) - present:
            del self._seen[name]

    def _take(self, path: Path, size: int, overdue: bool) -> CapturedItem | CaptureFailure | None:
        if size == 0 and not overdue:
            return None  # some scanners create the file first and fill it later
        try:
            data = formats.read_limited(path, path.name, self.max_bytes)
        except DomainError as error:
            if error.code in ("FILE_UNREADABLE", "FILE_NOT_FOUND") and not overdue:
                return None  # still locked by the scanner
            self._settle(path, error)
            return CaptureFailure(path.name, error, str(path))
        if not overdue and not looks_complete(data):
            return None
        self._in_flight[str(path)] = path
        return CapturedItem(path.name, data, str(path))

    def finish(self, item: CapturedItem, error: DomainError | None = None) -> None:
        path = self._in_flight.pop(item.origin, None)
        if path is not None:
            self._settle(path, error)

    def _settle(self, path: Path, error: DomainError | None) -> Path:
        self._seen.pop(path.name, None)
        target_dir = self.folder / (FAILED_DIR if error else IMPORTED_DIR)
        try:
            target_dir.mkdir(exist_ok=True)
            target = _unique(target_dir / path.name)
            os.replace(path, target)
            if error is not None:
                note = target.with_name(target.name + ".txt")
                stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
                text = f"文件：{path.name}\n时间：{stamp}\n原因：{error.message}\n"
                if error.fix:
                    text += f"处理办法：{error.fix}\n"
                text += f"错误代码：{error.code}\n"
                note.write_text(text, encoding="utf-8-sig")
        except OSError as exc:
            raise self._unreadable(f"移动文件“{path.name}”失败：{exc.strerror or exc}") from exc
        return target

    def poll(self, handle: Callable[[CapturedItem], object]) -> PollReport:
        """One poll with a handler per item (e.g. normalise and store); a DomainError from it marks the file failed."""
        report = PollReport()
        for result in self.capture():
            if isinstance(result, CaptureFailure):
                report.failed.append((result.name, result.error))
                continue
            try:
                handle(result)
            except DomainError as error:
                self.finish(result, error)
                report.failed.append((result.name, error))
                continue
            except Exception as exc:
                # An unexpected failure must not loop on the same file forever: park it with a note.
                error = DomainError(
                    "IMPORT_FAILED",
                    f"导入“{result.name}”时程序出错：{exc!r}",
                    field="file",
                    fix="请把该文件和说明发给管理员",
                )
                self.finish(result, error)
                report.failed.append((result.name, error))
                continue
            self.finish(result)
            report.imported.append(result.name)
        return report


def _unique(target: Path) -> Path:
    if not target.exists() and not target.with_name(target.name + ".txt").exists():
        return target
    stem, suffix = target.stem, target.suffix
    for number in range(2, 10_000):
        candidate = target.with_name(f"{stem} ({number}){suffix}")
        if not candidate.exists():
            return candidate
    return target.with_name(f"{stem} ({time.time_ns()}){suffix}")
