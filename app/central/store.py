"""Opening the central store: engine, Alembic migration to head, session factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import Session

from app.models.db import Store, backup_sqlite, make_engine
from app.models.migrate import alembic_config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "central_alembic_version"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


# pg_advisory_xact_lock key taken by `migrate` ("CDMIG"): two processes migrating at once take turns.
MIGRATION_LOCK = 0x43444D4947


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def schema_problem(engine: Engine) -> str | None:
    """Why a server must not serve this database (its schema is not the code's), or None when it is current."""
    head, current = head_revision(), _current_revision(engine)
    if current == head:
        return None
    state = "尚未建立" if current is None else f"为 {current} 版，程序需要 {head} 版"
    return (
        f"中心库数据库结构{state}：请先停止所有中心库服务进程，"
        "运行一次 counterdesk-central migrate --db <数据库地址>，再启动服务"
    )


def maintenance_warning(engine: Engine) -> str | None:
    """What the operator should know about the database's upkeep before serving (None when nothing): with
    autovacuum off, no statistics are refreshed and no deleted row of the sequencer's pending tables is reclaimed,
    so the store slows down as it grows. A warning, not a refusal: a DBA may vacuum on a schedule instead."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        setting = conn.execute(text("SHOW autovacuum")).scalar()
    if setting != "off":
        return None
    return (
        "注意：PostgreSQL 未开启自动清理（autovacuum = off）。统计信息不会更新、已删除的行不会回收，"
        "中心库会随数据增长而变慢。请在 postgresql.conf 中设置 autovacuum = on 并重新加载配置，"
        "或由数据库管理员定时执行 VACUUM ANALYZE。"
    )


def migrate(engine: Engine) -> bool:
    """Bring the central schema to head; a store already at head costs one query. True if it migrated."""
    head = head_revision()
    current = _current_revision(engine)
    if current == head:
        return False
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            return _upgrade(engine, conn, _current_revision(engine))
    with engine.begin() as conn:
        return _upgrade(engine, conn, current)


def _upgrade(engine: Engine, conn: Connection, current: str | None) -> bool:
    if current == head_revision():
        return False  # another process migrated while this one waited for the lock
    if (
        current is not None
        and engine.dialect.name == "sqlite"
        and engine.url.database not in (None, "", ":memory:")
    ):
        # Like the counters' store: a copy of the file before its schema changes (PostgreSQL has its own backups).
        db_path = Path(str(engine.url.database))
        backup_sqlite(db_path, db_path.parent / "backups")
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)), MIGRATIONS)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    return True


def open_store(
    url: str, *, run_migrations: bool = True, pool_size: int = 10, max_overflow: int = 20
) -> Store:
    """The central store at a SQLAlchemy URL (or a SQLite path), migrated to the newest schema unless
    `run_migrations` is False (a server process of several: `counterdesk-central migrate` runs once instead)."""
    kwargs = (
        {}
        if "://" not in url or url.startswith("sqlite")
        else {"pool_size": pool_size, "max_overflow": max_overflow}
    )
    engine = make_engine(url, **kwargs)
    if run_migrations:
        migrate(engine)
    return Store(engine)


@contextmanager
def single_read(store: Store) -> Iterator[Session]:
    """A session for one reading statement (a token, the authors of a batch): on PostgreSQL it runs in
    autocommit, without the BEGIN and ROLLBACK round trips of a transaction around it, which every push pays."""
    if store.is_sqlite:
        with store.read() as s:
            yield s
        return
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn, Session(conn) as s:
        yield s
