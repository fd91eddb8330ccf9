"""The applications list on 100,000 rows: filtered as the clerk types without blocking the event loop."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer

from app.bootstrap import DB_NAME
from app.services import search
from app.services.demo_workload import bulk_insert_applications
from tests.ui.shell_support import close_window, make_window, post_text, wait_idle


@pytest.fixture
def big_ctx(demo_ctx):
    bulk_insert_applications(demo_ctx.data_dir / DB_NAME, 100_000)
    return demo_ctx


def test_filtering_100k_rows_keeps_event_loop_running(qtbot, big_ctx, clerk, monkeypatch):
    win, runner = make_window(qtbot, big_ctx, clerk)
    screen = win.show_screen("applications")
    wait_idle(qtbot, runner)
    model = screen.model
    # The count stops after COUNT_CAP matches instead of reading all 100,000 rows, and says so.
    qtbot.waitUntil(lambda: model.total == search.COUNT_CAP + 1, timeout=10_000)
    assert screen.total_label.text() == f"超过 {search.COUNT_CAP} 件"
    assert model.rowCount() == 200  # one page, not 100,000 rows

    # Proof without timing: the search query holds itself until the GUI thread has run an event-loop turn
    # *while the query is in progress*. Were the query on the GUI thread (or blocking it), the timer below
    # could never fire, the gate would stay shut and the query would fail instead of returning rows.
    real_page = search.page
    in_query = threading.Event()
    gate = threading.Event()
    query_threads: list[str] = []

    def gated_page(*args, **kwargs):
        query_threads.append(threading.current_thread().name)
        in_query.set()
        if not gate.wait(10):
            raise AssertionError("the event loop did not turn while the search ran")
        return real_page(*args, **kwargs)

    monkeypatch.setattr(search, "page", gated_page)
    timer = QTimer()
    timer.timeout.connect(lambda: in_query.is_set() and gate.set())
    timer.start(5)
    screen.text.setFocus()
    with qtbot.waitSignal(model.searched, timeout=20_000):
        post_text(screen.text, "张伟")
    wait_idle(qtbot, runner)
    timer.stop()
    assert query_threads and all(name.startswith("db") for name in query_threads)
    assert threading.main_thread().name not in query_threads
    names = {model.row(i)["applicant_name"] + model.row(i)["company_name"] for i in range(model.rowCount())}
    assert names and all("张伟" in n for n in names)
    close_window(win, runner)


def test_lazy_pages_sort_and_status_filter(qtbot, big_ctx, clerk):
    win, runner = make_window(qtbot, big_ctx, clerk)
    screen = win.show_screen("applications")
    wait_idle(qtbot, runner)
    model = screen.model
    assert model.canFetchMore(screen.table.rootIndex())
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 400, timeout=10_000)
    screen.status.setCurrentIndex(screen.status.findData("withdrawn"))
    wait_idle(qtbot, runner)
    qtbot.waitUntil(lambda: model.total == min(4_000, search.COUNT_CAP + 1), timeout=10_000)
    assert {model.row(i)["status"] for i in range(model.rowCount())} == {"withdrawn"}
    name_col = [c[0] for c in model.columns].index("applicant_name")
    screen.table.sortByColumn(name_col, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot, runner)
    first = [model.row(i)["applicant_name"] for i in range(20)]
    assert first == sorted(first)
    close_window(win, runner)


def test_typing_fast_issues_one_query(qtbot, demo_ctx, clerk):
    win, runner = make_window(qtbot, demo_ctx, clerk)
    screen = win.show_screen("applications")
    wait_idle(qtbot, runner)
    searches: list[float] = []
    screen.model.searched.connect(searches.append)
    screen.text.setFocus()
    post_text(screen.text, "郑州市第")
    qtbot.waitUntil(lambda: len(searches) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(searches) == 1  # debounced: one search for the whole burst of typing
    close_window(win, runner)
