"""The background sequencer: one thread per engine (per central process) that runs the sequencer after commits.

A writer on PostgreSQL commits its pending feed changes and audit events and then only wakes this thread
(`wake`); its answer goes out without waiting for the sequencer run (about a tenth of a push batch's time on the
server). Wake-ups that arrive while a run is in progress are coalesced into one more run, which reads every row
committed by then. Nothing about the order changes: seqs are still given only by sequencer runs serialised by the
advisory lock, each numbering committed rows (app.central.sequencer). What the answer no longer implies — that
the change has its seq — every reader of the feed restores itself: a pull or a snapshot's start first calls
`catch_up`, which numbers what is pending, waiting for a run in progress, so a pull issued after an answer sees
that push's changes. Tests that read central tables directly call `settle(engine)` (app.central.sequencer).

The thread is stopped, after a last run that waits for the lock, when the app shuts down (its lifespan), when its
engine is disposed, or at interpreter exit; rows a killed process left pending are numbered by the next run of any
process (every run takes all committed pending rows), by the next reader's `catch_up`, and at the next start.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine, event

from app.central.sequencer import drain, settle

log = logging.getLogger(__name__)
THREAD_NAME = "central-sequencer"


class Background:
    """The sequencer thread of one engine. `run` is what one wake-up runs (a test may put a gate in front)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.run: Callable[[Engine], object] = drain
        self._cond = threading.Condition()
        self._wanted = 0  # wake-ups asked for
        self._done = 0  # wake-ups covered by a finished run
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def wake(self) -> None:
        with self._cond:
            self._wanted += 1
            self._cond.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every wake-up asked for before this call is covered by a finished run; False on timeout."""
        with self._cond:
            target = self._wanted
            return self._cond.wait_for(lambda: self._done >= target, timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while self._done >= self._wanted and not self._stopping:
                    self._cond.wait()
                if self._done >= self._wanted:
                    return  # stopping, nothing asked for
                target = self._wanted
            try:
                self.run(self.engine)
            except Exception:  # noqa: BLE001 - the rows stay pending; the next run or a reader numbers them
                log.exception("background sequencer run failed; the next run will number these changes")
            with self._cond:
                self._done = target
                self._cond.notify_all()

    def stop(self) -> None:
        """Let the thread finish what it was asked, then one run that waits for the lock: nothing committed
        before the stop is left pending by this process."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join()
        try:
            settle(self.engine)
        except Exception:  # noqa: BLE001 - left pending; the next process's run numbers it
            log.exception("last sequencer run at stop failed; the next run will number these changes")


_lock = threading.Lock()
_threads: dict[int, Background] = {}


def background(engine: Engine) -> Background:
    """The engine's sequencer thread, started on first use."""
    with _lock:
        bg = _threads.get(id(engine))
        if bg is None or bg.engine is not engine:
            bg = _threads[id(engine)] = Background(engine)
            if not event.contains(engine, "engine_disposed", _on_disposed):
                event.listen(engine, "engine_disposed", _on_disposed)
        return bg


def wake(engine: Engine) -> None:
    """After a commit that wrote pending rows: have the engine's thread run the sequencer (without waiting)."""
    if engine.dialect.name == "sqlite":
        return
    background(engine).wake()


def start(engine: Engine) -> None:
    """At a central process's start: the thread, and one run for whatever an earlier process left pending."""
    wake(engine)


def stop(engine: Engine) -> None:
    """Stop the engine's thread (if it has one) after numbering everything committed; idempotent."""
    with _lock:
        bg = _threads.pop(id(engine), None)
    if bg is not None and bg.engine is engine:
        bg.stop()


def _on_disposed(engine: Engine) -> None:
    if id(engine) not in _threads:
        return
    stop(engine)
    engine.pool.dispose()  # the last run's connection, opened in the pool dispose() had just recreated


@atexit.register
def _stop_all() -> None:
    with _lock:
        engines = [bg.engine for bg in _threads.values()]
    for engine in engines:
        stop(engine)
