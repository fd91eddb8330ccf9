"""One task runner for the whole window: database work on a single worker thread, network and image work on a
small pool; results and errors come back to the main thread through a queued signal.

Workers never touch widgets and never return ORM instances (services return plain values). A task given a
`name` supersedes the previous task of that name: the older one's result is dropped, which is what
search-as-you-type needs. A task given an `owner` widget delivers nothing once that widget has been deleted (a
screen closed while its save or search was still running).
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class TaskRunner(QObject):
    # (success callback, error callback, result, error, generation check) delivered on the main thread.
    _finished = Signal(object)
    error = Signal(object)  # an exception no on_error handled: the main window shows it
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, io_workers: int = 4) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._io = ThreadPoolExecutor(max_workers=io_workers, thread_name_prefix="io")
        self._finished.connect(self._deliver)
        self._latest: dict[str, int] = {}
        self._counter = itertools.count(1)
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False

    def run_db(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str | None = None,
        owner: QObject | None = None,
    ) -> Future[Any]:
        """Run `fn` on the database worker (one at a time, in submission order)."""
        return self._submit(self._db, fn, on_success, on_error, name, owner)

    def run_io(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        name: str | None = None,
        owner: QObject | None = None,
    ) -> Future[Any]:
        """Run `fn` on the pool for network, file and image work."""
        return self._submit(self._io, fn, on_success, on_error, name, owner)

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        name: str | None,
        owner: QObject | None = None,
    ) -> Future[Any]:
        generation = next(self._counter)
        if name:
            self._latest[name] = generation
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy_changed.emit(True)

        def job() -> Any:
            try:
                result = fn()
            except BaseException as exc:  # delivered to the main thread, never lost in a worker
                log.debug("task failed: %s", "".join(traceback.format_exception(exc)))
                self._finished.emit((on_success, on_error, None, exc, name, generation, owner))
                raise
            self._finished.emit((on_success, on_error, result, None, name, generation, owner))
            return result

        return pool.submit(job)

    @Slot(object)
    def _deliver(self, packet: tuple[Any, ...]) -> None:
        on_success, on_error, result, exc, name, generation, owner = packet
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        if idle:
            self.busy_changed.emit(False)
        if self._closed or (name and self._latest.get(name) != generation):
            return  # superseded by a newer task of the same name, or the window is closing
        if owner is not None and not shiboken6.isValid(owner):
            return  # the widget that asked was deleted meanwhile
        if exc is not None:
            if on_error is not None:
                on_error(exc)
            else:
                self.error.emit(exc)
            return
        if on_success is not None:
            on_success(result)

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def shutdown(self, *, wait: bool = True) -> None:
        self._closed = True
        self._db.shutdown(wait=wait, cancel_futures=not wait)
        self._io.shutdown(wait=wait, cancel_futures=not wait)
