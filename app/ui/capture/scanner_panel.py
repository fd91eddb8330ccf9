"""扫描仪: a flatbed scanner through SANE, where the optional driver module and a device exist. Looking for
devices can take seconds (network scanners), so it runs on the io pool, as does the scan itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from app.capture.source_base import CaptureFailure
from app.capture.sources import SaneScannerSource
from app.domain.errors import DomainError
from app.ui.capture.common import alive
from app.ui.capture.source_notice import SourceNotice
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner


class ScannerPanel(QWidget):
    captured = Signal(list)  # [CapturedItem | CaptureFailure]
    availability_changed = Signal(bool, str)

    def __init__(
        self, runner: TaskRunner, parent: QWidget | None = None, *, source: SaneScannerSource | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scanner_panel")
        self.runner = runner
        self.source = source or SaneScannerSource()
        self.available: bool | None = None  # None until the check has run
        self.reason = ""
        self.notice = SourceNotice()
        self.status = QLabel(self.tr("正在检测扫描仪……"))
        self.status.setObjectName("scanner_status")
        self.status.setWordWrap(True)
        self.scan_button = QPushButton(self.tr("扫描一页"))
        self.scan_button.setObjectName("scanner_scan")
        self.scan_button.setAutoDefault(False)
        self.scan_button.setEnabled(False)
        self.scan_button.clicked.connect(self.scan)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.status)
        layout.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.check()

    def check(self) -> None:
        source = self.source
        self.runner.run_io(source.available, alive(self, self._checked), alive(self, self._check_failed))

    def _checked(self, result: tuple[bool, str]) -> None:
        self.available, self.reason = result
        self.scan_button.setEnabled(self.available)
        self.status.setText(
            self.tr("扫描仪已就绪：放好材料、盖好盖板后按“扫描一页”。") if self.available else self.reason
        )
        self.availability_changed.emit(self.available, self.reason)

    def _check_failed(self, exc: BaseException) -> None:
        self._checked((False, error_text(exc)[0]))

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.status.setText(self.tr("正在扫描……"))
        source = self.source
        self.runner.run_io(
            lambda: list(source.capture()), alive(self, self._scanned), alive(self, self._scan_failed)
        )

    def _scanned(self, items: list) -> None:
        self.scan_button.setEnabled(bool(self.available))
        self.status.setText(self.tr("扫描完成，可以放下一页。"))
        self.captured.emit(items)

    def _scan_failed(self, exc: BaseException) -> None:
        self.scan_button.setEnabled(bool(self.available))
        message, fix = error_text(exc)
        self.status.setText(message)
        error = exc if isinstance(exc, DomainError) else DomainError("SCANNER_FAILED", message, fix=fix)
        self.captured.emit([CaptureFailure(self.source.name, error)])
