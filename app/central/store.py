"""Opening the central store: engine, Alembic migration to head, session factory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

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


def migrate(engine: Engine) -> bool:
    """Bring the central schema to head; a store already at head costs one query. True if it migrated."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    current = _current_revision(engine)
    if current == head:
        return False
    if (
        current is not None
        and engine.dialect.name == "sqlite"
        and engine.url.database not in (None, "", ":memory:")
    ):
        # Like the counters' store: a copy of the file before its schema changes (PostgreSQL has its own backups).
        db_path = Path(str(engine.url.database))
        backup_sqlite(db_path, db_path.parent / "backups")
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)), MIGRATIONS)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def open_store(url: str, *, run_migrations: bool = True, pool_size: int = 10) -> Store:
    """The central store at a SQLAlchemy URL (or a SQLite path), migrated to the newest schema."""
    kwargs = (
        {} if "://" not in url or url.startswith("sqlite") else {"pool_size": pool_size, "max_overflow": 20}
    )
    engine = make_engine(url, **kwargs)
    if run_migrations:
        migrate(engine)
    return Store(engine)
