"""With a central store (the `counterdesk` start), a login typed at once is not queued behind the central store's
start: the window opens first, then the embedded store and the sync worker start and the window gets them."""

from __future__ import annotations

import shutil

from app.bootstrap import DB_NAME
from app.ui.main import DesktopSession


def test_the_central_store_starts_after_the_first_window(qtbot, demo_ctx, tmp_path) -> None:
    assert demo_ctx.data_dir is not None
    data = tmp_path / "counter"
    data.mkdir()
    shutil.copy2(demo_ctx.data_dir / DB_NAME, data / DB_NAME)
    session = DesktopSession(data, with_central=True)
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
        assert session.central is None and session.services is None  # not yet: the window came first
        assert (
            session.ctx is not None and session.ctx.local_number_authority is False
        )  # blocks come centrally
        assert not window.sync_action.isEnabled()
        qtbot.waitUntil(lambda: session.services is not None, timeout=120_000)
        assert session.central is not None and session.central[1] is not None  # the embedded store
        # The window is wired to it: 立即同步 works and the back-office screens are there.
        assert window.sync_action.isEnabled()
        assert "verify" in window.visible_screens()
    finally:
        session.shutdown()
