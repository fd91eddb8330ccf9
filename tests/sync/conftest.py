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
from app.central.store import open_store
from app.models.db import Store
from tests.store_templates import fresh_central_sqlite
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


def _require_pg() -> None:
    error = _pg_reachable()
    if error is not None:
        message = f"PostgreSQL unreachable at {PG_ADMIN_DSN}: {error}"
        if os.environ.get("COUNTERDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _pg_admin(statement: sql.Composable) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(statement)


def _database_url(name: str) -> str:
    base = PG_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}"


def _pg_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str | None) -> Iterator[str]:
    """A new database for one test (a copy of `template`, or empty), dropped afterwards, with a central data key
    file (a PostgreSQL central store refuses to start without one; servers started in a subprocess inherit it)."""
    monkeypatch.setenv(ENV_KEY_FILE, str(tmp_path / "pg-central-data.key"))
    _require_pg()
    name = f"cd_sync_{uuid.uuid4().hex[:12]}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("{} TEMPLATE {}").format(create, sql.Identifier(template))
    _pg_admin(create)
    yield _database_url(name)
    _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def pg_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards, with a central data key file (a
    PostgreSQL central store refuses to start without one; servers started in a subprocess inherit it)."""
    yield from _pg_database(tmp_path, monkeypatch, None)


@pytest.fixture(scope="session")
def _pg_migrated_template() -> Iterator[str]:
    """One PostgreSQL database migrated to head per session, connected to by no one afterwards: the template that
    `pg_migrated_url` copies (the migrations insert only fixed rows, so a copy is what migrating anew gives)."""
    _require_pg()
    name = f"cd_sync_template_{uuid.uuid4().hex[:12]}"
    _pg_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        open_store(_database_url(name)).dispose()
        yield name
    finally:
        _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def pg_migrated_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _pg_migrated_template: str
) -> Iterator[str]:
    """Like `pg_url`, but the database is already migrated to head (CREATE DATABASE ... TEMPLATE): for tests
    that start a central store on it and are not about migrating one."""
    yield from _pg_database(tmp_path, monkeypatch, _pg_migrated_template)


@pytest.fixture
def pg_store(pg_migrated_url: str) -> Iterator[Store]:
    """A central store (the code's own engine and sessions) on a migrated PostgreSQL database of its own."""
    store = open_store(pg_migrated_url)
    yield store
    store.dispose()


@pytest.fixture
def sqlite_central(tmp_path: Path) -> Iterator[Central]:
    central = start_central(fresh_central_sqlite(tmp_path / "central.sqlite3"))
    yield central
    central.stop()


@pytest.fixture
def pg_central(pg_migrated_url: str) -> Iterator[Central]:
    central = start_central(pg_migrated_url)
    yield central
    central.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    """The same test against a SQLite central store and (marked postgres) a PostgreSQL one, each a copy of an
    empty store migrated once per session."""
    if request.param == "sqlite":
        url = fresh_central_sqlite(tmp_path / "central.sqlite3")
    else:
        url = request.getfixturevalue("pg_migrated_url")
    c = start_central(url)
    yield c
    c.stop()
