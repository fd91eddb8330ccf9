"""The central API as an app factory, for several server processes: `uvicorn --factory` or gunicorn.

    uvicorn --factory app.central.factory:create --workers 2 --timeout-keep-alive 75
    gunicorn -k uvicorn.workers.UvicornWorker -w 2 --keep-alive 75 'app.central.factory:create()'

`counterdesk-central --workers N` does the same. Every setting comes from the environment (each worker process
reads it), and the factory never migrates: `counterdesk-central migrate` runs once before the processes start,
and a process whose database schema is not the code's refuses to start with a message saying so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI

from app.central import throttle

ENV_DB = "COUNTERDESK_CENTRAL_DB"
ENV_POOL_SIZE = "COUNTERDESK_CENTRAL_POOL_SIZE"
ENV_MAX_OVERFLOW = "COUNTERDESK_CENTRAL_MAX_OVERFLOW"
ENV_TOKEN_HOURS = "COUNTERDESK_CENTRAL_TOKEN_HOURS"
ENV_PUSH_SLOTS = "COUNTERDESK_CENTRAL_PUSH_SLOTS"

# Connections per process: a push is a few short statements on 2 cores, so a handful of connections keeps the
# database busy; more only queue inside PostgreSQL. Requests beyond the pool wait for a connection in the
# process (admission), not in the database's lock queue.
DEFAULT_POOL_SIZE = 8
DEFAULT_MAX_OVERFLOW = 4
# Pushes of a process in the database at once (app.central.throttle.Admission); the rest wait in the process.
DEFAULT_PUSH_SLOTS = throttle.DEFAULT_PUSH_SLOTS


class ConfigError(RuntimeError):
    """A setting the service cannot start with; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class Settings:
    db: str
    pool_size: int = DEFAULT_POOL_SIZE
    max_overflow: int = DEFAULT_MAX_OVERFLOW
    token_hours: float = 12.0
    push_slots: int = DEFAULT_PUSH_SLOTS

    def export(self) -> None:
        """Put the settings where worker processes (which import `create` afresh) read them."""
        os.environ[ENV_DB] = self.db
        os.environ[ENV_POOL_SIZE] = str(self.pool_size)
        os.environ[ENV_MAX_OVERFLOW] = str(self.max_overflow)
        os.environ[ENV_TOKEN_HOURS] = str(self.token_hours)
        os.environ[ENV_PUSH_SLOTS] = str(self.push_slots)


def _number(name: str, default: float, kind: type[int] | type[float]) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 须为数字，当前为“{raw}”") from None
    if value < 0:
        raise ConfigError(f"环境变量 {name} 不能为负数，当前为“{raw}”")
    return value


def settings_from_env() -> Settings:
    db = os.environ.get(ENV_DB, "").strip()
    if not db:
        raise ConfigError(
            f"未指定中心库数据库：请设置环境变量 {ENV_DB}（如 postgresql+psycopg://user@host/db）"
        )
    return Settings(
        db=db,
        pool_size=int(_number(ENV_POOL_SIZE, DEFAULT_POOL_SIZE, int)),
        max_overflow=int(_number(ENV_MAX_OVERFLOW, DEFAULT_MAX_OVERFLOW, int)),
        token_hours=_number(ENV_TOKEN_HOURS, 12.0, float),
        push_slots=max(1, int(_number(ENV_PUSH_SLOTS, DEFAULT_PUSH_SLOTS, int))),
    )


def build(settings: Settings) -> FastAPI:
    """The API over the configured database, which must already be at the newest schema and have its data key;
    every problem found is named at once (ConfigError)."""
    from app.central.api import create_app
    from app.central.data_key import central_key
    from app.central.store import open_store, schema_problem
    from app.domain.errors import DomainError

    store = open_store(
        settings.db, run_migrations=False, pool_size=settings.pool_size, max_overflow=settings.max_overflow
    )
    problems: list[str] = []
    key: bytes | None = None
    try:
        key = central_key(store.engine.url)
    except DomainError as err:  # the material encryption key is not configured or not readable
        problems.append(f"{err.message}\n{err.fix or ''}".rstrip())
    schema = schema_problem(store.engine)
    if schema is not None:
        problems.append(schema)
    if problems or key is None:
        store.dispose()
        raise ConfigError("\n".join(problems))
    try:
        return create_app(
            store,
            token_ttl=timedelta(hours=settings.token_hours),
            data_key=key,
            push_slots=max(1, settings.push_slots),
        )
    except BaseException:
        store.dispose()
        raise


def create() -> FastAPI:
    """The factory uvicorn and gunicorn call in each worker process."""
    return build(settings_from_env())
