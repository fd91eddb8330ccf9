"""The unit's issuing authority is the central store's own data (issue 11's rule: nothing a counter asserts): the
e-certificate identifier the centre derives carries the code its administrator entered, whatever the approving
counter sent; an administrator enters it for their own unit only, validated, naming the field; a workstation
enrolled afterwards prints with the same code. The first test runs on PostgreSQL, the second on SQLite: the path
is the same on both stores."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select

from app.central.models import IssuingUnit
from app.domain.identifiers import make_uscc
from app.domain.numbering import parse_ecert_identifier
from app.models import Application, Certificate, OutboxEntry
from app.services import intake, review, settings, users
from app.services.context import Actor
from app.sync import enrolment
from app.sync.worker import SyncWorker
from tests.conftest import TEST_ISSUER_USCC
from tests.sync.helpers import (
    PASSWORDS,
    Central,
    counter,
    eligible_forms,
    set_passwords_centrally,
    stock_numbers,
    submitted,
)


def _admin(central: Central) -> httpx.Client:
    return httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {central.token('admin')}"})


@pytest.mark.postgres
def test_the_centre_derives_identifiers_with_its_own_issuer_code(pg_central: Central, tmp_path: Path) -> None:
    central = pg_central
    set_passwords_centrally(central)
    entered = make_uscc(random.Random(41))
    assert entered != TEST_ISSUER_USCC
    with _admin(central) as http:
        bad = http.post("/admin/unit", json={"issuer_uscc": "91410100MA44XXXXX1"})
        assert bad.status_code == 400 and "issuer_uscc" in bad.text and "统一社会信用代码" in bad.text
        with central.store.read() as s:
            assert s.get(IssuingUnit, "410000").issuer_uscc == TEST_ISSUER_USCC  # no changed row
        ok = http.post("/admin/unit", json={"issuer_uscc": entered, "issuer_name": "河南省住房和城乡建设厅"})
        assert ok.status_code == 200, ok.text
        assert http.get("/admin/unit").json()["issuer_uscc"] == entered
    clerk_token = central.token("clerk01")
    with httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {clerk_token}"}) as http:
        assert http.post("/admin/unit", json={"issuer_uscc": entered}).status_code == 403

    # A workstation enrolled now takes the centre's code; its approval's identifier carries it, and a counter
    # that still sent the old code (configured before) would not change what the centre derives.
    ctx = counter(tmp_path / "ws1", "WS-01")
    assert ctx.workstation.issuer_uscc == TEST_ISSUER_USCC
    enrolment.enrol(ctx, Actor("admin", "admin", "管理员"), central.url, "admin", PASSWORDS["admin"])
    assert ctx.workstation.issuer_uscc == entered
    assert settings.get(ctx, "workstation")["issuer_uscc"] == entered
    w = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert w.run_once().error is None
    stock_numbers(ctx, w)
    settings.put(
        ctx, "admin", "workstation", {**settings.get(ctx, "workstation"), "issuer_uscc": TEST_ISSUER_USCC}
    )
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()
    uuid = submitted(ctx, clerk, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, clerk, uuid)
    review.approve(ctx, users.authenticate(ctx, "sup01", PASSWORDS["sup01"]).actor(), uuid)
    assert w.run_once().error is None
    with central.store.read() as s:
        cert = s.execute(select(Certificate)).scalar_one()
    assert parse_ecert_identifier(cert.ecert_id or "")["issuer_uscc"] == entered
    with ctx.store.read() as s:
        local = s.execute(select(Certificate)).scalar_one()
        assert local.ecert_id == cert.ecert_id  # the centre's certificate replaced the provisional one


def test_an_approval_is_refused_while_the_centre_has_no_issuer_code(
    sqlite_central: Central, tmp_path: Path
) -> None:
    central = sqlite_central
    set_passwords_centrally(central)
    with central.store.write() as s:
        s.execute(delete(IssuingUnit))
    ctx = counter(tmp_path / "ws1", "WS-01")
    enrolment.enrol(ctx, Actor("admin", "admin", "管理员"), central.url, "admin", PASSWORDS["admin"])
    w = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert w.run_once().error is None
    stock_numbers(ctx, w)
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()
    uuid = submitted(ctx, clerk, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, clerk, uuid)
    review.approve(ctx, users.authenticate(ctx, "sup01", PASSWORDS["sup01"]).actor(), uuid)
    assert w.run_once().error is None
    with ctx.store.read() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.approve")).scalar_one()
        assert (row.state, row.result_code) == ("rejected", "ISSUER_NOT_SET")
        assert row.result_message and "发证机关" in row.result_message
        assert s.execute(select(Application.status)).scalar_one() == "accepted"
    with central.store.read() as s:
        assert s.execute(select(Certificate)).first() is None
