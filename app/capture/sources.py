"""Capture sources behind one small interface: files, a watched scan-to-folder, a document camera, SANE.

A source hands out captured files as bytes; the pipeline (pipeline.normalise_file) turns each into pages.
A source that cannot work on this machine says why in `available()` and never raises from it.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from io import BytesIO
from pathlib import Path

from app.capture import formats, pdfpages
from app.capture.source_base import CapturedItem, CaptureFailure, CaptureSource
from app.capture.watched_folder import PollReport, WatchedFolderSource
from app.domain.errors import DomainError

__all__ = [
    "CameraFrameSource",
    "CaptureFailure",
    "CaptureSource",
    "CapturedItem",
    "FileImportSource",
    "PollReport",
    "SaneScannerSource",
    "WatchedFolderSource",
]


class FileImportSource:
    """Files the clerk picked or dropped; a PDF becomes one item per page, a folder is refused."""

    name = "文件导入"

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        max_bytes: int = formats.DEFAULT_MAX_BYTES,
        max_pages: int = formats.DEFAULT_MAX_PAGES,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.max_bytes = max_bytes
        self.max_pages = max_pages

    def available(self) -> tuple[bool, str]:
        return True, ""

    def capture(self) -> Iterator[CapturedItem | CaptureFailure]:
        for path in self.paths:
            try:
                data = formats.read_limited(path, path.name, self.max_bytes)
                fmt = formats.detect_format(data, path.name)
                if fmt != "PDF":
                    yield CapturedItem(path.name, data, str(path))
                    continue
                parts = pdfpages.split_pages(data, path.name, max_pages=self.max_pages)
                if not parts:
                    raise DomainError(
                        "FILE_EMPTY",
                        f"文件“{path.name}”是没有任何页面的 PDF",
                        field="file",
                        fix="请检查文件内容",
                    )
            except DomainError as error:
                yield CaptureFailure(path.name, error, str(path))
                continue
            for number, part in enumerate(parts, start=1):
                label = path.name if len(parts) == 1 else f"{path.name}（第 {number} 页）"
                yield CapturedItem(label, part, str(path), page=number)

    def finish(self, item: CapturedItem, error: DomainError | None = None) -> None:
        """Nothing to do: the clerk's own files are never moved."""


class CameraFrameSource:
    """The document camera (高拍仪). The Qt screen owns the device and pushes each captured frame here.

    `probe` is the screen's own check (e.g. QMediaDevices.videoInputs() is non-empty); without one the
    source reports itself available.
    """

    def __init__(self, name: str = "高拍仪", probe: Callable[[], tuple[bool, str]] | None = None) -> None:
        self.name = name
        self._probe = probe
        self._frames: deque[CapturedItem] = deque()
        self._lock = threading.Lock()
        self._count = 0

    def available(self) -> tuple[bool, str]:
        if self._probe is None:
            return True, ""
        try:
            return self._probe()
        except Exception as exc:  # a driver failure must not crash the window
            return False, f"无法访问高拍仪：{exc}"

    def push_frame(self, jpeg: bytes) -> CapturedItem:
        """Queue one captured frame (JPEG bytes from the camera screen); returns the queued item."""
        if formats.sniff(jpeg[:16]) != "JPEG":
            raise DomainError(
                "CAMERA_FRAME_INVALID",
                "高拍仪送来的画面不是 JPEG 图片",
                field="camera",
                fix="请重新拍摄；如反复出现请重新插拔高拍仪",
            )
        with self._lock:
            self._count += 1
            item = CapturedItem(f"{self.name}拍摄 第 {self._count} 张", jpeg, self.name)
            self._frames.append(item)
        return item

    def capture(self) -> Iterator[CapturedItem | CaptureFailure]:
        while True:
            with self._lock:
                if not self._frames:
                    return
                item = self._frames.popleft()
            yield item

    def finish(self, item: CapturedItem, error: DomainError | None = None) -> None:
        """Nothing to do: frames live only in memory until stored."""


class SaneScannerSource:
    """A flatbed scanner through SANE (Linux), when the optional python-sane module is installed."""

    name = "扫描仪"

    def __init__(self, device: str | None = None, *, dpi: int = 300, mode: str = "Color") -> None:
        self.device = device
        self.dpi = dpi
        self.mode = mode
        self._count = 0

    def _module(self) -> object | None:
        try:
            return importlib.import_module("sane")
        except ImportError:
            return None

    def available(self) -> tuple[bool, str]:
        if not sys.platform.startswith("linux"):
            return False, "此电脑不支持 SANE 扫描仪驱动；请把扫描仪设置为“扫描到文件夹”，再使用文件夹监视"
        sane = self._module()
        if sane is None:
            return (
                False,
                "没有找到扫描仪驱动（SANE）：本机未安装 python-sane，请改用“扫描到文件夹”或“文件导入”",
            )
        try:
            sane.init()  # type: ignore[attr-defined]
            devices = sane.get_devices()  # type: ignore[attr-defined]
        except Exception as exc:  # a broken backend must not crash the window
            return False, f"扫描仪驱动（SANE）无法启动：{exc}"
        if not devices:
            return False, "没有找到扫描仪：SANE 已安装，但没有检测到设备，请检查连接线和电源"
        return True, ""

    def capture(self) -> Iterator[CapturedItem | CaptureFailure]:
        ok, why = self.available()
        if not ok:
            yield CaptureFailure(
                self.name, DomainError("SCANNER_UNAVAILABLE", why, field="source", fix="请改用其他来源")
            )
            return
        sane = self._module()
        try:
            device_name = self.device or sane.get_devices()[0][0]  # type: ignore[attr-defined]
            device = sane.open(device_name)  # type: ignore[attr-defined]
            try:
                device.resolution = self.dpi
                device.mode = self.mode
                image = device.scan()
            finally:
                device.close()
            buffer = BytesIO()
            image.save(buffer, "JPEG", quality=92, dpi=(self.dpi, self.dpi))
        except Exception as exc:  # driver errors arrive as many types
            error = DomainError(
                "SCANNER_FAILED",
                f"扫描失败：{exc}",
                field="source",
                fix="请检查扫描仪是否放好纸、盖好盖板后重试",
            )
            yield CaptureFailure(self.name, error, self.device or "")
            return
        self._count += 1
        yield CapturedItem(f"扫描仪扫描 第 {self._count} 张", buffer.getvalue(), device_name)

    def finish(self, item: CapturedItem, error: DomainError | None = None) -> None:
        """Nothing to do: scans live only in memory until stored."""
