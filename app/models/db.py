"""Engine and unit-of-work setup for the local SQLite store (WAL, foreign keys, synchronous=FULL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=30000",
)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself, so that writers can take the lock up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        for pragma in SQLITE_PRAGMAS:
            cur.execute(pragma)
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write unit of work reads the audit chain head and then appends: BEGIN IMMEDIATE makes that atomic
        # across processes instead of failing later with "database is locked" on upgrade.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url_or_path: str | Path, **kwargs: Any) -> Engine:
    """An engine for a SQLite file path or any SQLAlchemy URL (PostgreSQL for the central store)."""
    url = str(url_or_path)
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        _sqlite_setup(engine)
        return engine
    # Plans are made for each statement's values, never a generic plan cached on a long-lived connection:
    # psycopg prepares a statement after its fifth run, and a generic plan made while a table was small (a new
    # province's first hour, or autovacuum off so that no ANALYZE invalidates it) kept scanning it as it grew
    # (push throughput halved within 30,000 applications; docs/DESIGN.md, "Plans on the central store").
    connect_args = dict(kwargs.pop("connect_args", {}))
    options = str(connect_args.get("options", ""))
    connect_args["options"] = f"{options} -c plan_cache_mode=force_custom_plan".strip()
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


class Store:
    """The session factory handed to services: one session per unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back everything on any exception."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def backup_sqlite(db_path: Path, backup_dir: Path, *, keep: int = 10) -> Path | None:
    """Copy the database with SQLite's online backup API before a migration; keep the newest `keep` copies."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = backup_dir / f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S-%f}.sqlite3"
    src = sqlite3.connect(str(db_path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    copies = sorted(backup_dir.glob(f"{db_path.stem}-*.sqlite3"))
    for old in copies[:-keep]:
        old.unlink(missing_ok=True)
    return target
