"""The task runner delivers results on the main thread, keeps DB work in order and drops superseded searches."""

from __future__ import annotations

import threading
import time

from app.domain.errors import DomainError
from app.ui.tasks import TaskRunner


def test_results_arrive_on_main_thread_in_order(qtbot):
    runner = TaskRunner()
    main = threading.get_ident()
    seen: list[tuple[int, bool]] = []
    for i in range(5):
        runner.run_db(
            lambda i=i: (time.sleep(0.01), i)[1], lambda r: seen.append((r, threading.get_ident() == main))
        )
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
    assert seen == [(i, True) for i in range(5)]
    runner.shutdown()


def test_superseded_named_task_is_dropped(qtbot):
    runner = TaskRunner()
    got: list[str] = []
    runner.run_io(lambda: (time.sleep(0.2), "old")[1], got.append, name="search")
    runner.run_io(lambda: "new", got.append, name="search")
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert got == ["new"]
    runner.shutdown()


def test_unhandled_error_goes_to_error_signal(qtbot):
    runner = TaskRunner()

    def boom() -> None:
        raise DomainError("X", "出错了")

    with qtbot.waitSignal(runner.error, timeout=5000) as blocker:
        runner.run_db(boom)
    assert isinstance(blocker.args[0], DomainError)
    runner.shutdown()


def test_nothing_is_delivered_to_a_deleted_owner(qtbot):
    import shiboken6
    from PySide6.QtWidgets import QWidget

    runner = TaskRunner()
    owner = QWidget()
    got: list[str] = []
    runner.run_db(lambda: (time.sleep(0.1), "late")[1], got.append, got.append, owner=owner)
    shiboken6.delete(owner)  # the screen closed while its task was still running
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    assert got == []
    runner.shutdown()
