"""The central store's migration c0004 on PostgreSQL: duplicate e-certificate identifiers get their own, then a
unique index forbids two certificates with one identifier (issue 10, item 7)."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.central.store import MIGRATIONS, migrate
from app.domain.numbering import ECERT_TYPE_CODES, ecert_identifier, parse_ecert_identifier
from app.models.migrate import alembic_config
from tests.conftest import TEST_ISSUER_USCC

INSERT = text(
    "INSERT INTO certificates (number, family, category, holder_id_number, holder_name, status,"
    " first_issued_on, valid_from, issued_on, version, ecert_id, updated_at)"
    " VALUES (:n, 'TZ', '01', '410105198605173319', '刘建国', '01', '2026-01-05', '2026-01-05',"
    " '2026-01-05', 1, :e, '2026-01-05 09:00:00')"
)


@pytest.mark.postgres
def test_c0004_rewrites_duplicates_and_forbids_new_ones(pg_url: str) -> None:
    engine = create_engine(pg_url)
    cfg = alembic_config(pg_url, MIGRATIONS)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "c0003")
    old = ecert_identifier(ECERT_TYPE_CODES["特种作业"], TEST_ISSUER_USCC, "012026000001", 1)  # digits only
    with engine.begin() as conn:
        for number in ("豫A012026000001", "豫B012026000001"):
            conn.execute(INSERT, {"n": number, "e": old})
    assert migrate(engine)
    with engine.connect() as conn:
        ids = dict(conn.execute(text("SELECT number, ecert_id FROM certificates")).all())
    assert ids["豫A012026000001"] == old
    assert parse_ecert_identifier(ids["豫B012026000001"])["serial"] == "B012026000001"
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(INSERT, {"n": "豫C012026000001", "e": old})
    engine.dispose()
