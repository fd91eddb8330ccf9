"""The desktop start's order (docs/DESIGN.md, "Start sequence"), observed in a fresh process: the login window is
on screen before the store layer is imported, and a counter's start never imports the PostgreSQL dialect or
Alembic (a store already at the newest schema)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.start_support import clerk_window, counter_copy

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
import app.ui.login as login_module
from app.ui.main import DesktopSession, create_application

STORE_LAYER = ("sqlalchemy", "alembic", "app.models", "app.bootstrap", "app.services.users")
# Loaded by the screens that use them, when first shown; never by a clerk's start.
LATER = {"alembic", "reportlab", "openpyxl", "pyhanko", "PIL", "qrcode", "httpx", "fastapi", "uvicorn"}
NEVER_AT_START = ("sqlalchemy.dialects.postgresql", "app.ui.admin_", "app.services.demo")
seen = {}
show = login_module.LoginDialog.show

def recording_show(self):
    seen.setdefault("at_login", [m for m in STORE_LAYER if m in sys.modules])
    show(self)

login_module.LoginDialog.show = recording_show
app = create_application()
session = DesktopSession(sys.argv[1])
login = session.start()
login.username.setText("clerk01")
login.password.setText("Clerk1234")
login.submit()  # typed at once: the check starts while the store layer is still loading

def opened(window):
    seen["title"] = window.windowTitle()
    seen["user"] = window.actor.username
    seen["screen"] = window.stack.currentWidget().objectName()
    seen["built"] = window.stack.count()
    seen["after"] = sorted(
        m for m in sys.modules
        if m.split(".")[0] in LATER or m.startswith(NEVER_AT_START)
    )
    QTimer.singleShot(0, app.quit)

session.main_window_ready.connect(opened)
QTimer.singleShot(60_000, app.quit)
app.exec()
session.shutdown()
print(json.dumps(seen, ensure_ascii=False))
"""


def test_login_first_then_the_store_layer_and_no_postgresql_dialect(demo_ctx, tmp_path) -> None:
    assert demo_ctx.data_dir is not None
    data = counter_copy(demo_ctx.data_dir, tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["at_login"] == []  # nothing of the store layer yet when the login window is shown
    assert seen["user"] == "clerk01"
    assert seen["title"] == "建设从业人员考核窗口受理系统"
    assert seen["screen"] == "todayScreen" and seen["built"] == 1  # only the first screen is built at start
    # The counter's start: no PostgreSQL dialect, no Alembic (already at head), no administrator screens for a
    # clerk, no demo generator for a store that has its data, none of the printing, Excel, imaging or network
    # libraries.
    assert seen["after"] == []


def test_the_author_key_opens_once_the_window_has_its_first_data(qtbot, demo_ctx, tmp_path) -> None:
    from app.ui.main import DesktopSession

    assert demo_ctx.data_dir is not None
    session = DesktopSession(counter_copy(demo_ctx.data_dir, tmp_path))
    with clerk_window(qtbot, session) as window:
        signer = window.actor.signer
        assert signer is not None and signer.opening is not None  # handed over while still sealed
        qtbot.waitUntil(signer.opening.done, timeout=60_000)  # opened in the background, nobody asked
        assert signer.private is not None
