"""Qt's Python types are made while the login waits, never while the store opens, and no longer once the window is
being built (app/ui/warmup.py, docs/DESIGN.md "Start sequence")."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.ui.main import DesktopSession
from app.ui.warmup import SLICE, TypeWarmup
from tests.ui.start_support import clerk_window, counter_copy


def _turns(n: int = 10) -> None:
    """Event-loop turns: each would run a slice of a warm-up still going (its timer has no interval)."""
    for _ in range(n):
        QApplication.processEvents()


def test_the_warmup_makes_every_qt_type_a_slice_at_a_time_and_stops_when_asked(qtbot) -> None:
    warmup = TypeWarmup()
    warmup.start()
    for _ in range(
        100
    ):  # until its first slice, one turn at a time (types made earlier in this process are quick)
        _turns(1)
        if warmup.made:
            break
    warmup.stop()
    made = warmup.made
    assert made == SLICE
    _turns()  # a stopped warm-up makes nothing more
    assert warmup.made == made and not warmup.running and not warmup.done
    warmup.start()
    _turns(2)
    assert warmup.made > made  # the same turns do make types while it runs
    qtbot.waitUntil(lambda: warmup.done, timeout=30_000)
    assert warmup.made > 500 and not warmup.running  # QtCore, QtGui and QtWidgets each have some 200 classes


def test_the_warmup_waits_for_the_store_and_ends_before_the_window_is_built(
    qtbot, demo_ctx, tmp_path
) -> None:
    assert demo_ctx.data_dir is not None
    session = DesktopSession(counter_copy(demo_ctx.data_dir, tmp_path))
    login = session.start()
    qtbot.addWidget(login)
    assert not session.warmup.running  # the store is still opening: not a slice on that path
    with qtbot.waitSignal(session.ready, timeout=60_000):
        pass
    assert session.warmup.running  # the clerk is typing: the GUI thread has nothing else to do
    built: list[tuple[bool, int]] = []
    session.main_window_ready.connect(lambda _w: built.append((session.warmup.running, session.warmup.made)))
    login.username.setText("clerk01")
    login.password.setText("Clerk1234")
    login.submit()
    with qtbot.waitSignal(session.main_window_ready, timeout=60_000) as got:
        pass
    try:
        qtbot.addWidget(got.args[0])
        assert built[0][0] is False  # stopped when the window was built
        _turns()
        assert session.warmup.made == built[0][1]  # and nothing more afterwards
    finally:
        session.shutdown()


def test_a_login_typed_before_the_store_opened_still_gets_its_window(qtbot, demo_ctx, tmp_path) -> None:
    assert demo_ctx.data_dir is not None
    session = DesktopSession(counter_copy(demo_ctx.data_dir, tmp_path))
    with clerk_window(qtbot, session) as window:  # Enter at once: the warm-up starts and stops on the way
        assert window.actor.username == "clerk01"
        assert not session.warmup.running


def test_closing_the_program_at_the_login_window_stops_the_warmup(qtbot, demo_ctx, tmp_path) -> None:
    """Closed while the clerk was still typing (the warm-up running): nothing more is made afterwards."""
    assert demo_ctx.data_dir is not None
    session = DesktopSession(counter_copy(demo_ctx.data_dir, tmp_path))
    login = session.start()
    qtbot.addWidget(login)
    with qtbot.waitSignal(session.ready, timeout=60_000):
        pass
    assert session.warmup.running
    login.username.setText("clerk01")  # half typed
    session.shutdown()
    made = session.warmup.made
    _turns()
    assert not session.warmup.running and session.warmup.made == made
    assert session.window is None  # no window was opened behind the closed login
