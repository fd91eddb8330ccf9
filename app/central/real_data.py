"""The routes of issue 13 (real data on day one): the calendar, the certificate register import and the
first-sync registry snapshot, and 提取 at the centre for a person outside a counter's replica."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from app.central import calendar_api, catalogue_api, errors, register_import, registry_lookup, snapshot
from app.central.auth import Principal
from app.domain.catalogue import default_catalogue
from app.models.db import Store


def include(
    app: FastAPI, store: Store, admin_only: Callable[..., Principal], anyone: Callable[..., Principal]
) -> None:
    answers = errors.responses(400, 401, 403, 404, 413, 422)  # every error in the one Chinese shape
    app.include_router(calendar_api.router(store, admin_only, anyone), responses=answers)
    app.include_router(catalogue_api.router(store, admin_only, anyone), responses=answers)
    app.include_router(
        register_import.router(store, admin_only, set(default_catalogue().families)), responses=answers
    )
    app.include_router(snapshot.router(store, anyone), responses=answers)
    app.include_router(
        registry_lookup.router(store, anyone), responses=errors.responses(401, 403, 413, 422, 429)
    )
