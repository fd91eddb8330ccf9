"""E-certificate identifiers: unique by construction and by the store, with the issuing unit's code from the
workstation settings (issue 10, item 7)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.bootstrap import db_path, open_context
from app.domain.errors import DomainError
from app.domain.numbering import ECERT_TYPE_CODES, ecert_identifier, parse_ecert_identifier
from app.models import Certificate
from app.models.migrate import alembic_config
from app.services import intake, review, settings
from tests.conftest import TEST_ISSUER_USCC
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock


def _approved(ctx, clerk, supervisor, builder: Builder, category: str) -> Certificate:
    sc = builder.scenario("AG-FIRST")
    form = dict(sc.form, category=category)
    builder.score(sc.id_number, form["name"], "exam", "AG", category)
    if category in ("A", "B"):  # principals and project leaders must be registered constructors
        builder.constructor(sc.id_number, form["name"], str(sc.company_code))
    draft = intake.create_draft(
        ctx,
        clerk,
        "AG-FIRST",
        form,
        conditions=all_conditions(ctx, "AG-FIRST"),
        material_states=all_materials(ctx, "AG-FIRST"),
    )
    received = intake.submit(ctx, clerk, draft.uuid)
    intake.accept(ctx, clerk, received.uuid)
    number = review.approve(ctx, supervisor, received.uuid).certificate_number
    with ctx.store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one()
        s.expunge(cert)
    return cert


def test_first_certificates_of_categories_a_and_b_get_different_identifiers(ctx, clerk, supervisor):
    fixed_clock(ctx)
    builder = Builder(ctx)
    a = _approved(ctx, clerk, supervisor, builder, "A")
    b = _approved(ctx, clerk, supervisor, builder, "B")
    # Both are the first of their category's series this year (豫建安A/B（2026）0000001): the same digits.
    assert a.number.endswith("0000001") and b.number.endswith("0000001")
    assert a.ecert_id != b.ecert_id
    assert parse_ecert_identifier(a.ecert_id)["serial"].startswith("A")
    assert parse_ecert_identifier(b.ecert_id)["serial"].startswith("B")
    assert parse_ecert_identifier(a.ecert_id)["issuer_uscc"] == TEST_ISSUER_USCC


def test_the_issuer_code_is_the_workstation_setting(ctx, clerk, supervisor, admin):
    fixed_clock(ctx)
    builder = Builder(ctx)
    ctx.workstation = replace(ctx.workstation, issuer_uscc="")
    with pytest.raises(DomainError) as err:
        _approved(ctx, clerk, supervisor, builder, "C2")
    assert err.value.code == "ISSUER_USCC_MISSING" and "工作站设置" in err.value.fix
    with pytest.raises(DomainError) as bad:
        settings.put(ctx, admin, "workstation", {"issuer_uscc": "91410100MA44G6XK1A"})
    assert bad.value.field == "issuer_uscc"
    own = "91410100MA44G6XK1G"
    settings.put(ctx, admin, "workstation", {"issuer_uscc": own.lower()})
    assert settings.get(ctx, "workstation")["issuer_uscc"] == own
    cert = _approved(ctx, clerk, supervisor, builder, "C2")
    assert parse_ecert_identifier(cert.ecert_id)["issuer_uscc"] == own


def _cert(number: str, ecert_id: str | None) -> Certificate:
    day = date(2026, 1, 5)
    return Certificate(
        number=number,
        family="AG",
        category="A",
        holder_id_number="410105198605173319",
        holder_name="刘建国",
        status="01",
        first_issued_on=day,
        valid_from=day,
        issued_on=day,
        version=1,
        ecert_id=ecert_id,
        updated_at=datetime(2026, 1, 5, 9, 0),
    )


def test_the_store_refuses_a_second_certificate_with_the_same_identifier(ctx):
    same = ecert_identifier(ECERT_TYPE_CODES["安管"], TEST_ISSUER_USCC, "20260000001", 1)
    with ctx.store.write() as s:
        s.add(_cert("豫建安A（2026）0000001", same))
        s.add(_cert("豫建安B（2026）0000009", None))
        s.add(_cert("豫建安B（2026）0000008", None))  # many without an identifier (技能, imported) are fine
    with pytest.raises(IntegrityError), ctx.store.write() as s:
        s.add(_cert("豫建安B（2026）0000001", same))


def test_migration_gives_duplicates_their_own_identifier(tmp_path):
    data = tmp_path / "old"
    data.mkdir()
    path = db_path(data)
    command.upgrade(alembic_config(f"sqlite:///{path}"), "0002")
    old = ecert_identifier(
        ECERT_TYPE_CODES["安管"], TEST_ISSUER_USCC, "20260000001", 1
    )  # the digit-only rule
    conn = sqlite3.connect(path)
    for number in ("豫建安A（2026）0000001", "豫建安B（2026）0000001"):
        conn.execute(
            "INSERT INTO certificates (number, family, category, holder_id_number, holder_name, status,"
            " first_issued_on, valid_from, issued_on, version, ecert_id, updated_at)"
            " VALUES (?, 'AG', 'A', '410105198605173319', '刘建国', '01', '2026-01-05', '2026-01-05',"
            " '2026-01-05', 1, ?, '2026-01-05 09:00:00')",
            (number, old),
        )
    conn.commit()
    conn.close()
    ctx = open_context(data)
    with ctx.store.read() as s:
        ids = dict(s.execute(select(Certificate.number, Certificate.ecert_id)).all())
    ctx.store.dispose()
    assert ids["豫建安A（2026）0000001"] == old  # the first keeps what was printed
    assert parse_ecert_identifier(ids["豫建安B（2026）0000001"])["serial"] == "B20260000001"
