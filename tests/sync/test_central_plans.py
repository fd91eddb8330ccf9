"""Plans on the central store (docs/DESIGN.md, "Plans on the central store"): every connection plans each statement
for its values, so a plan cached while a table was small never keeps scanning it; an operator whose PostgreSQL
runs without autovacuum is told so, in Chinese, at start."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.central.store import maintenance_warning, open_store
from app.models.db import Store, make_engine


def _setting(url: str, name: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text(f"SHOW {name}")).scalar())
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_central_connections_plan_each_statement_for_its_values(pg_url: str) -> None:
    assert _setting(pg_url, "plan_cache_mode") == "force_custom_plan"


@pytest.mark.postgres
def test_options_given_in_the_url_are_kept_beside_the_plan_setting(pg_url: str) -> None:
    engine = make_engine(pg_url, connect_args={"options": "-c application_name=counterdesk-test"})
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW application_name")).scalar() == "counterdesk-test"
            assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_statement_run_many_times_is_never_given_a_generic_plan(pg_store: Store) -> None:
    """The lookup the fast push path runs for every batch, run well past psycopg's prepare threshold on one
    connection while the table is empty: PostgreSQL's own count of the prepared statement's plans shows a plan
    made for each run's values, none generic (a generic plan made now would still scan the table at a million)."""
    store = pg_store
    lookup = text("SELECT id FROM applications WHERE uuid = ANY(:ids)")
    with store.engine.connect() as conn:
        for i in range(12):
            conn.execute(lookup, {"ids": [f"x{i}"]}).all()
        generic, custom = conn.execute(
            text(
                "SELECT sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements"
                " WHERE statement LIKE '%FROM applications WHERE uuid = ANY%'"
            )
        ).one()
    assert custom is not None and custom >= 5, "the statement was not prepared: nothing was tested"
    assert generic == 0


@pytest.mark.postgres
def test_the_operator_is_told_when_autovacuum_is_off(pg_store: Store) -> None:
    store = pg_store
    with store.engine.connect() as conn:
        on = conn.execute(text("SHOW autovacuum")).scalar() == "on"
    warning = maintenance_warning(store.engine)
    assert (warning is None) is on
    if warning is not None:
        assert "autovacuum" in warning and "VACUUM ANALYZE" in warning


def test_a_sqlite_central_store_has_nothing_to_warn_about(tmp_path: object) -> None:
    store = open_store(f"sqlite:///{tmp_path}/central.sqlite3")
    try:
        assert maintenance_warning(store.engine) is None
    finally:
        store.dispose()
