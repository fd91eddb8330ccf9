"""Opening the local store: back up, migrate, and build the service context for this workstation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.calendar import default_calendar
from app.domain.catalogue import load_catalogue
from app.models import Setting
from app.models.db import Store, make_engine
from app.models.migrate import migrate_sqlite
from app.paths import data_dir as default_data_dir
from app.services.calendar import EnteredCalendar
from app.services.context import ServiceContext, Workstation

DB_NAME = "counterdesk.sqlite3"


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def open_context(data_dir: str | Path | None = None, *, migrate: bool = True) -> ServiceContext:
    """The local store of this data directory, migrated to the newest schema, with its workstation settings."""
    root = default_data_dir(data_dir)
    path = db_path(root)
    if migrate:
        migrate_sqlite(path, root / "backups")
    store = Store(make_engine(path))
    ctx = ServiceContext(store=store, shipped_catalogue=load_catalogue(), data_dir=root)
    # The years entered at the central store (fed to this counter) count beside the shipped holidays.
    ctx.calendar = EnteredCalendar(store, default_calendar())
    ws = read_setting(ctx, "workstation")
    if ws:
        ctx.workstation = Workstation(
            **{k: v for k, v in ws.items() if k in Workstation.__dataclass_fields__}
        )
    mode = read_setting(ctx, "numbering")
    if mode is not None:
        ctx.local_number_authority = bool(mode.get("local_authority", True))
    return ctx


def read_setting(ctx: ServiceContext, key: str) -> dict[str, Any] | None:
    with ctx.store.read() as s:
        row = s.execute(select(Setting).where(Setting.key == key)).scalar_one_or_none()
        return dict(row.value) if row else None
