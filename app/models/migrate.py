"""Alembic migrations of the local store, run at start-up after a backup copy of the file.

Alembic is imported only when the file actually needs migrating: on a normal start the store is current, and
importing Alembic would add a noticeable share of the window's cold-start time for nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.models.db import backup_sqlite

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision under migrations/versions; tests/services/test_store_integrity.py checks it against Alembic.
HEAD_REVISION = "0008"


def alembic_config(url: str, script_location: Path = MIGRATIONS) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision(script_location: Path = MIGRATIONS) -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(script_location)).get_heads()
    assert len(heads) == 1, f"expected one migration head, found {heads}"
    return heads[0]


def _current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    conn = sqlite3.connect(str(db_path))
    try:
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not row:
            return None
        got = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return got[0] if got else None
    finally:
        conn.close()


def migrate_sqlite(db_path: Path, backup_dir: Path | None = None) -> bool:
    """Bring the local file to the newest schema; back it up first if it has data. Returns True if it migrated."""
    if _current_revision(db_path) == HEAD_REVISION:
        return False
    from alembic import command

    if backup_dir is not None:
        backup_sqlite(db_path, backup_dir)
    command.upgrade(alembic_config(f"sqlite:///{db_path.resolve()}"), "head")
    return True
