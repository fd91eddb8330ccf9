"""The desktop start's test harness (test_start_sequence.py, test_start_central_later.py): a counter's data folder
holding a copy of the demo store, and a clerk who logs in at once and gets the first window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import DB_NAME

if TYPE_CHECKING:
    from app.ui.main import DesktopSession
    from app.ui.main_window import MainWindow


def counter_copy(demo_data: Path, tmp_path: Path) -> Path:
    """A new counter's data folder under tmp_path, holding a copy of the demo store."""
    data = tmp_path / "counter"
    data.mkdir()
    shutil.copy2(demo_data / DB_NAME, data / DB_NAME)
    return data


@contextmanager
def clerk_window(qtbot, session: DesktopSession) -> Iterator[MainWindow]:
    """Start the session, log clerk01 in at once and wait for the first window; the session is shut down after."""
    login = session.start()
    qtbot.addWidget(login)
    login.username.setText("clerk01")
    login.password.setText("Clerk1234")
    login.submit()
    try:
        with qtbot.waitSignal(session.main_window_ready, timeout=60_000) as got:
            pass
        window = got.args[0]
        qtbot.addWidget(window)
        yield window
    finally:
        session.shutdown()
