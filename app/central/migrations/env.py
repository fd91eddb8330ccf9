"""Alembic environment of the central store: the shared tables of app.models plus the central-only tables."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import pool

from app.central.models import SHARED_TABLES, CentralBase
from app.models import Base
from app.models.db import make_engine

config = context.config
target_metadata = [Base.metadata, CentralBase.metadata]
VERSION_TABLE = "central_alembic_version"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    # Local bookkeeping tables (outbox, settings, sync cursors, ...) never exist centrally.
    if type_ == "table":
        return name in SHARED_TABLES or name in CentralBase.metadata.tables
    table = getattr(obj, "table", None)
    if table is not None:
        return table.name in SHARED_TABLES or table.name in CentralBase.metadata.tables
    return True


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        version_table=VERSION_TABLE,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _configure(connection=connectable)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
