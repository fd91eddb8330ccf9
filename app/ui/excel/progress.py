"""A progress bar with a cancel button for one background Excel job (导入、导出).

The services call `progress(done, total)` on the worker thread and stop when it returns False. So the callback
only reads a thread-safe flag and emits a signal; Qt queues that signal to the main thread, where the bar is
updated. Nothing on the worker ever touches a widget.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class JobProgress(QWidget):
    """Hidden while idle; `start()` shows it and hands out a fresh callback, `finish()` hides it again."""

    advanced = Signal(int, object)  # (done, total or None), emitted from the worker thread
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jobProgress")
        self._cancel = threading.Event()
        self.label = QLabel("")
        self.label.setObjectName("progressLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setShortcut("Esc")
        self.cancel_button.setToolTip(self.tr("取消（Esc）"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        # Queued explicitly: the emitter is a worker thread, the receiver lives on the main thread.
        self.advanced.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.setVisible(False)

    def start(self, text: str, *, cancellable: bool = True) -> None:
        self._cancel.clear()
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first report says how many rows there are
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setVisible(cancellable)
        self.setVisible(True)

    def callback(self, done: int, total: int | None) -> bool:
        """The `progress` argument of the services; runs on the worker thread."""
        self.advanced.emit(done, total)
        return not self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("正在取消…"))
        self.cancel_requested.emit()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def finish(self) -> None:
        self.setVisible(False)

    def _show(self, done: int, total: object) -> None:
        if isinstance(total, int) and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(self.tr("%v / %m 行"))
        else:
            self.bar.setRange(0, 0)
