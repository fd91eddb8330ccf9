"""Migrated empty stores made once per test session and copied, instead of running every migration again.

The migrations create tables and insert only fixed rows (no random identity, no key), so a byte copy of a store
migrated a minute earlier is the same empty, migrated store a fresh migration would give. Tests of the migrations
themselves open or migrate their own files and never come through here.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from app.bootstrap import DB_NAME
from app.models.migrate import migrate_sqlite


@cache
def _template_dir() -> Path:
    root = Path(tempfile.mkdtemp(prefix="counterdesk-templates-"))
    atexit.register(shutil.rmtree, root, True)
    return root


@cache
def _local_template() -> Path:
    path = _template_dir() / "local" / DB_NAME
    path.parent.mkdir()
    migrate_sqlite(path)  # the engine is closed afterwards: one file, no WAL beside it
    return path


@cache
def _central_sqlite_template() -> Path:
    from app.central.store import open_store

    path = _template_dir() / "central.sqlite3"
    open_store(str(path)).dispose()
    return path


def fresh_local_store(data_dir: Path) -> Path:
    """Put an empty local store, migrated to head, in `data_dir` (which must not hold one yet)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / DB_NAME
    assert not target.exists(), target
    shutil.copyfile(_local_template(), target)
    return data_dir


def fresh_central_sqlite(path: Path) -> str:
    """Put an empty SQLite central store, migrated to head, at `path`; returns the path as a string."""
    assert not path.exists(), path
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_central_sqlite_template(), path)
    return str(path)
