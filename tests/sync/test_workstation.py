"""A workstation pushes all of its work, whoever is logged in (issue 10): enrolment, author signatures that a
stolen workstation credential cannot make, revocation, and approvals that count only once the centre took them."""

from __future__ import annotations

import uuid as uuidlib
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update

from app.domain.errors import DomainError
from app.models import Application, Certificate, NumberBlock, OutboxEntry, User, VoidedNumber
from app.services import certificate_printing, intake, review, users
from app.services.context import ServiceContext
from app.services.numbers import grant_block
from app.services.outbox import sync_snapshot
from app.sync import enrolment
from app.sync.worker import SyncWorker
from tests.sync.helpers import (
    PASSWORDS,
    Central,
    central_count,
    counter,
    eligible_forms,
    set_passwords_centrally,
    stock_numbers,
    submitted,
)


def _enrolled(central: Central, root: Path, code: str = "WS-01") -> tuple[ServiceContext, SyncWorker]:
    ctx = counter(root, code)
    admin = users.UserView(0, "admin", "admin", "admin", "410000", True, False).actor()
    enrolment.enrol(ctx, admin, central.url, "admin", PASSWORDS["admin"])
    w = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert w.workstation_credential is not None
    assert stock_numbers(ctx, w) > 0
    w.pull_all(ctx.now())  # the unit's accounts with their sealed author keys
    return ctx, w


def _login(ctx: ServiceContext, username: str) -> users.UserView:
    return users.authenticate(ctx, username, PASSWORDS[username])


def test_an_approval_on_a_shared_pc_counts_although_the_clerk_logged_out_unsynced(
    central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(central)
    ctx, w = _enrolled(central, tmp_path / "a")
    clerk = _login(ctx, "clerk01")
    assert clerk.signer is not None
    uuid = submitted(ctx, clerk.actor(), eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, clerk.actor(), uuid)  # ... and the clerk closes the program before any sync
    supervisor = _login(ctx, "sup01")  # the supervisor logs in on the same PC
    review.approve(ctx, supervisor.actor(), uuid)
    # What the status bar shows: every entry waiting on this workstation, whoever made it.
    assert sync_snapshot(ctx, supervisor.actor()).pending == 3
    number = _local(ctx, uuid).certificate_number
    with pytest.raises(DomainError) as early:
        certificate_printing.print_certificate(ctx, supervisor.actor(), number, b"%PDF-1.4", "PDF")
    assert early.value.code == "APPROVAL_UNCONFIRMED"
    assert w.run_once().error is None
    with ctx.store.read() as s:
        assert [
            (e.op, e.state) for e in s.execute(select(OutboxEntry).order_by(OutboxEntry.id)).scalars()
        ] == [
            ("application.submit", "applied"),
            ("application.accept", "applied"),
            ("application.approve", "applied"),
        ]
    assert sync_snapshot(ctx).pending == 0
    with central.store.read() as s:
        app = s.execute(select(Application)).scalar_one()
        assert (app.status, app.received_by, app.decided_by) == ("approved", "clerk01", "sup01")
        assert s.execute(select(Certificate.number)).scalar_one() == number
    printed = certificate_printing.print_certificate(ctx, supervisor.actor(), number, b"%PDF-1.4", "PDF")
    assert printed.number == number


@pytest.mark.postgres
def test_an_enrolled_workstation_prints_only_numbers_the_centre_leased_to_it(
    pg_central: Central, tmp_path: Path
) -> None:
    """A number from a block the workstation granted itself (as a standalone counter would) is refused: the
    approval does not count, the provisional certificate goes and its number is voided, nothing changes
    centrally."""
    central = pg_central
    set_passwords_centrally(central)
    ctx, w = _enrolled(central, tmp_path / "a")
    with ctx.store.write() as s:  # the leased blocks are gone (used up, say) and the PC grants itself others
        keys = {(b.family, b.key, b.year) for b in s.execute(select(NumberBlock)).scalars()}
        s.execute(delete(NumberBlock))
        for family, key, year in keys:
            grant_block(s, family, key, year, 900, 909)
    clerk = _login(ctx, "clerk01")
    uuid = submitted(ctx, clerk.actor(), eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, clerk.actor(), uuid)
    supervisor = _login(ctx, "sup01")
    review.approve(ctx, supervisor.actor(), uuid)
    number = _local(ctx, uuid).certificate_number
    assert number
    assert w.run_once().error is None
    with ctx.store.read() as s:
        approve = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.approve")).scalar_one()
        assert (approve.state, approve.result_code) == ("rejected", "CERT_NUMBER_NOT_LEASED")
        assert approve.result_message and "编号段" in approve.result_message
        assert s.execute(select(Certificate).where(Certificate.number == number)).first() is None
        assert s.execute(select(VoidedNumber).where(VoidedNumber.number == number)).first() is not None
    assert _local(ctx, uuid).status == "accepted"  # the centre's copy: the approval did not count
    with central.store.read() as s:
        assert s.execute(select(Certificate)).first() is None
        assert s.execute(select(Application.status)).scalar_one() == "accepted"


def test_a_disabled_account_cannot_act_through_a_workstation(sqlite_central: Central, tmp_path: Path) -> None:
    """Work signed by an account that the administrator disabled before it reached the centre is refused, named
    and left for a colleague; nothing of it is stored centrally."""
    central = sqlite_central
    set_passwords_centrally(central)
    ctx, w = _enrolled(central, tmp_path / "a")
    clerk = _login(ctx, "clerk01")
    uuid = submitted(ctx, clerk.actor(), eligible_forms(ctx, 1)[0], "TZ-FIRST")
    with central.store.write() as s:  # the administrator disables clerk01 centrally (she has left)
        s.execute(update(User).where(User.username == "clerk01").values(active=False))
    assert w.run_once().error is None
    with ctx.store.read() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.submit")).scalar_one()
        assert (row.state, row.result_code) == ("rejected", "AUTHOR_DISABLED")
        assert row.result_message and "已停用" in row.result_message
    assert sync_snapshot(ctx).rejected == 1  # in 需处理
    with central.store.read() as s:
        assert s.execute(select(Application).where(Application.uuid == uuid)).first() is None


def _local(ctx: ServiceContext, uuid: str) -> Application:
    with ctx.store.read() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()


def test_a_stolen_workstation_credential_cannot_act_for_anyone(central: Central, tmp_path: Path) -> None:
    set_passwords_centrally(central)
    ctx, w = _enrolled(central, tmp_path / "a")
    clerk = _login(ctx, "clerk01")
    uuid = submitted(ctx, clerk.actor(), eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, clerk.actor(), uuid)
    assert w.run_once().error is None
    # Someone with the workstation's credential but no supervisor's password writes an approval.
    with ctx.store.read() as s:
        accepted = s.execute(select(OutboxEntry).where(OutboxEntry.op == "application.accept")).scalar_one()
        payload = dict(accepted.payload)
    forged = {
        "key": str(uuidlib.uuid4()),
        "op": "application.approve",
        "entity": "application",
        "entity_id": uuid,
        "actor": "sup01",
        "payload": {**payload, "base_version": 3},
        "blobs": [],
    }
    for signature in (None, accepted.signature):  # unsigned, or a clerk's signature of something else
        [answer] = w.client.push([{**forged, "signature": signature, "key": str(uuidlib.uuid4())}])
        assert (answer["status"], answer["code"]) == ("rejected", "AUTHOR_UNPROVEN")
    with central.store.read() as s:
        assert s.execute(select(Application.status)).scalar_one() == "accepted"
    assert central_count(central, Certificate) == 0


def test_a_revoked_workstation_stops_and_the_status_asks_for_the_administrator(
    central: Central, tmp_path: Path
) -> None:
    set_passwords_centrally(central)
    ctx, w = _enrolled(central, tmp_path / "a")
    token = central.token("admin")
    with httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {token}"}) as http:
        assert http.post("/admin/workstations/WS-01/revoke").status_code == 200
    clerk = _login(ctx, "clerk01")
    submitted(ctx, clerk.actor(), eligible_forms(ctx, 1)[0], "TZ-FIRST")
    result = w.run_once()
    assert result.error is not None and "撤销" in result.error
    snap = sync_snapshot(ctx)
    assert snap.needs_admin and snap.pending == 1
    assert central_count(central, Application) == 0


def test_accounts_reach_a_second_counter_with_their_author_key(central: Central, tmp_path: Path) -> None:
    set_passwords_centrally(central)
    a, wa = _enrolled(central, tmp_path / "a", "WS-01")
    b, wb = _enrolled(central, tmp_path / "b", "WS-02")
    clerk_at_b = _login(b, "clerk02")  # offline-capable login at another window of the unit
    assert clerk_at_b.signer is not None
    uuid = submitted(b, clerk_at_b.actor(), eligible_forms(b, 1)[0], "TZ-FIRST")
    assert wb.run_once().error is None
    assert wa.run_once().error is None
    assert _local(a, uuid).received_by == "clerk02"
