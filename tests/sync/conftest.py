"""Sync fixtures: a real central service on a loopback port over SQLite or PostgreSQL, and counter stores.

PostgreSQL tests are marked `postgres`; they skip when the server is unreachable, except with
COUNTERDESK_REQUIRE_POSTGRES=1 (CI), where an unreachable server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from app.central.data_key import ENV_KEY_FILE
from tests.sync.helpers import Central, start_central

PG_ADMIN_DSN = os.environ.get("COUNTERDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_pg_state: dict[str, object] = {}


def _pg_reachable() -> str | None:
    if "error" not in _pg_state:
        try:
            with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3):
                _pg_state["error"] = None
        except psycopg.OperationalError as err:
            _pg_state["error"] = str(err)
    return _pg_state["error"]  # type: ignore[return-value]


@pytest.fixture
def pg_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards, with a central data key file (a
    PostgreSQL central store refuses to start without one; servers started in a subprocess inherit it)."""
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "pg-central-data.key"))
    error = _pg_reachable()
    if error is not None:
        message = f"PostgreSQL unreachable at {PG_ADMIN_DSN}: {error}"
        if os.environ.get("COUNTERDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    name = f"cd_sync_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Central]:
    central = start_central(str(tmp_path / "central.sqlite3"))
    yield central
    central.stop()


@pytest.fixture
def pg_central(pg_url: str) -> Iterator[Central]:
    central = start_central(pg_url)
    yield central
    central.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """The same test against a SQLite central store and (marked postgres) a PostgreSQL one."""
    if request.param == "sqlite":
        url = str(tmp_path / "central.sqlite3")
    else:
        url = request.getfixturevalue("pg_url")
    c = start_central(url)
    yield c
    c.stop()
