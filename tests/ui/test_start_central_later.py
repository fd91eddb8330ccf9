"""With a central store (the `counterdesk` start), a login typed at once is not queued behind the central store's
start: the window opens first, then the embedded store and the sync worker start and the window gets them."""

from __future__ import annotations

from app.ui.main import DesktopSession
from tests.ui.start_support import clerk_window, counter_copy


def test_the_central_store_starts_after_the_first_window(qtbot, demo_ctx, tmp_path) -> None:
    assert demo_ctx.data_dir is not None
    session = DesktopSession(counter_copy(demo_ctx.data_dir, tmp_path), with_central=True)
    with clerk_window(qtbot, session) as window:
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
