"""The counter never imports the PostgreSQL dialect (50-100 ms of every start, for a database it never opens)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from app.models.applications import OPEN_STATUS_SQL


def test_the_counters_store_layer_does_not_import_the_postgresql_dialect() -> None:
    probe = (
        "import sys, app.bootstrap, app.models, app.services.search, app.sync.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy.dialects.postgresql')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_central_store_still_declares_the_partial_index_for_postgresql() -> None:
    import app.central.models  # noqa: F401 - adds the PostgreSQL predicate
    from app.models import Application

    (index,) = [i for i in Application.__table__.indexes if i.name == "uq_applications_open_id_number"]
    assert str(index.dialect_options["postgresql"]["where"]) == str(text(OPEN_STATUS_SQL))
    assert str(index.dialect_options["sqlite"]["where"]) == OPEN_STATUS_SQL
