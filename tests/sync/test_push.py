"""Push: one open application per ID across counters, replays, idempotency conflicts, stale versions, blobs."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.central.models import Change, IdempotencyKey
from app.domain.workflow import OPEN_STATUSES
from app.models import Application, AuditEvent, OutboxEntry
from app.services import intake, materials, review
from app.services.audit_log import verify_chain
from app.services.context import ServiceContext
from app.sync import outbox
from app.sync.client import Refused
from tests.sync.helpers import (
    CLERK,
    CLERK2,
    SUPERVISOR,
    Central,
    central_count,
    clone,
    counter,
    eligible_forms,
    outbox_states,
    submitted,
    worker,
)

OPEN_MESSAGE = "您尚有未办结的申请事项，请等待办结后再进行申报"


def _local_app(ctx, uuid: str) -> Application:
    with ctx.store.read() as s:
        return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()


def test_two_counters_same_id_at_once_exactly_one_accepted(central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a", "WS-01")
    form = eligible_forms(a, 1)[0]
    b = counter(clone(a, tmp_path / "b"), "WS-02")  # same registry, another window
    uuid_a = submitted(a, CLERK, form, "TZ-FIRST")
    uuid_b = submitted(
        b, CLERK2, form, "TZ-FIRST"
    )  # both accepted offline: each counter alone sees no conflict
    workers = [worker(a, central, "clerk01", streams=()), worker(b, central, "clerk02", streams=())]
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = [{}, {}]

    def push(i: int) -> None:
        barrier.wait()
        results[i] = workers[i].push_all(a.now())

    threads = [threading.Thread(target=push, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted((r["applied"], r["rejected"]) for r in results) == [(0, 1), (1, 0)]
    open_statuses = [s.value for s in OPEN_STATUSES]
    assert central_count(central, Application, Application.id_number == form["id_number"]) == 1
    assert (
        central_count(
            central,
            Application,
            Application.id_number == form["id_number"],
            Application.status.in_(open_statuses),
        )
        == 1
    )
    loser_ctx, loser_uuid = (b, uuid_b) if results[0]["applied"] else (a, uuid_a)
    winner_uuid = uuid_a if loser_uuid == uuid_b else uuid_b
    [(op, state, code)] = outbox_states(loser_ctx)[-1:]
    assert (op, state, code) == ("application.submit", "rejected", "OPEN_APPLICATION_EXISTS")
    with loser_ctx.store.read() as s:
        entry = s.execute(select(OutboxEntry).where(OutboxEntry.entity_id == loser_uuid)).scalar_one()
        assert entry.result_message.startswith(OPEN_MESSAGE)
    loser = _local_app(loser_ctx, loser_uuid)
    # The clerk's "needs attention" list: the reason and what to do; nothing typed is lost (back to draft).
    assert (loser.status, loser.sync_state) == ("draft", "rejected")
    assert loser.sync_message.startswith(OPEN_MESSAGE) and "处理办法" in loser.sync_message
    assert loser.form["id_number"] == form["id_number"]
    # The losing counter then learns of the winning application through the feed, without a local conflict.
    pulled = worker(loser_ctx, central, "clerk01" if loser_ctx is a else "clerk02", streams=("applications",))
    assert pulled.run_once().error is None
    assert _local_app(loser_ctx, winner_uuid).status == "received"
    with central.store.read() as s:
        refused = (
            s.execute(select(AuditEvent).where(AuditEvent.action == "central.push_rejected")).scalars().all()
        )
    assert [e.detail["code"] for e in refused] == ["OPEN_APPLICATION_EXISTS"]
    # Concurrent transactions appended to the central audit trail without forking its hash chain.
    report = verify_chain(ServiceContext(store=central.store))
    assert report.ok, report.text()


def test_lost_reply_is_replayed_not_applied_twice(central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    uuid = submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    intake.accept(ctx, CLERK, uuid)
    batch = outbox.next_batch(ctx.store, ["clerk01"], 10)
    client = central.client("clerk01")
    first = client.push(batch)  # the server commits; the reply never reaches the counter
    assert [a["status"] for a in first] == ["applied", "applied"]
    w = worker(ctx, central, "clerk01", streams=())
    assert w.push_all(ctx.now()) == {"applied": 0, "duplicate": 2, "rejected": 0, "retry": 0}
    assert [s for _, s, _ in outbox_states(ctx)] == ["duplicate", "duplicate"]
    again = client.push(batch)
    assert [(a["status"], a["original"]["status"]) for a in again] == [("duplicate", "applied")] * 2
    assert central_count(central, Application) == 1
    assert central_count(central, IdempotencyKey) == 2
    assert central_count(central, Change, Change.stream == "applications") == 2
    app = _local_app(ctx, uuid)
    assert (app.sync_state, app.provisional) == ("synced", False)


def test_same_key_with_different_payload_is_rejected(sqlite_central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    batch = outbox.next_batch(ctx.store, ["clerk01"], 10)
    client = sqlite_central.client("clerk01")
    assert client.push(batch)[0]["status"] == "applied"
    forged = [{**batch[0], "payload": {**batch[0]["payload"]}}]
    forged[0]["payload"]["application"] = {**batch[0]["payload"]["application"], "applicant_name": "李四"}
    [answer] = client.push(forged)
    assert (answer["status"], answer["code"]) == ("rejected", "IDEMPOTENCY_CONFLICT")
    assert "不同的内容" in answer["message"]
    with sqlite_central.store.read() as s:
        assert (
            s.execute(select(Application.applicant_name)).scalar_one()
            == batch[0]["payload"]["application"]["applicant_name"]
        )


def test_stale_version_is_rejected_and_the_counter_takes_the_central_state(
    central: Central, tmp_path: Path
) -> None:
    a = counter(tmp_path / "a", "WS-01")
    form = eligible_forms(a, 1)[0]
    b = counter(clone(a, tmp_path / "b"), "WS-02")
    uuid = submitted(a, CLERK, form, "TZ-FIRST")
    wa, wb = worker(a, central, "clerk01"), worker(b, central, "clerk02")
    assert wa.run_once().error is None
    assert wb.run_once().error is None  # counter B now holds the application at version 2
    assert _local_app(b, uuid).version == 2
    intake.save_draft(a, CLERK, uuid, {**form, "mobile": "13900000001"})  # A edits: version 3
    assert wa.push_all(a.now())["applied"] == 1
    intake.withdraw(b, CLERK2, uuid, "申请人要求撤回")  # B withdraws what it saw at version 2
    assert wb.push_all(b.now())["rejected"] == 1
    [(op, state, code)] = outbox_states(b)[-1:]
    assert (op, state, code) == ("application.withdraw", "rejected", "STALE_VERSION")
    app = _local_app(b, uuid)
    assert (app.status, app.version, app.mobile, app.sync_state) == ("received", 3, "13900000001", "rejected")
    assert "已被他人修改" in app.sync_message
    with central.store.read() as s:
        central_app = s.execute(select(Application)).scalar_one()
        assert (central_app.status, central_app.version) == ("received", 3)


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (700, 990), (250, 250, 240)).save(buf, "JPEG")
    return buf.getvalue()


def test_record_citing_a_missing_blob_is_retried_until_the_blob_arrives(
    sqlite_central: Central, tmp_path: Path
) -> None:
    ctx = counter(tmp_path / "a")
    form = eligible_forms(ctx, 1)[0]
    draft = intake.create_draft(ctx, CLERK, "TZ-FIRST", form)
    [page] = materials.attach(
        ctx, CLERK, draft.uuid, "form_signed", materials.prepare("form", "表.jpg", _jpeg())
    )
    intake.submit(ctx, CLERK, draft.uuid)
    unreadable: list[str] = []

    def broken_reader(sha: str) -> bytes:
        unreadable.append(sha)
        raise OSError("material store offline")

    w = worker(ctx, sqlite_central, "clerk01", streams=(), blob_reader=broken_reader)
    assert w.push_all(ctx.now()) == {"applied": 0, "duplicate": 0, "rejected": 0, "retry": 2}
    assert unreadable == [page.sha256]
    assert outbox_states(ctx) == [
        ("material.attach", "pending", "BLOB_MISSING"),
        ("application.submit", "pending", "BLOCKED"),
    ]
    client = sqlite_central.client("clerk01")
    data = materials.read_page(ctx, page.sha256)
    assert client.put_blob(page.sha256, data, "image/jpeg") == "stored"
    assert client.put_blob(page.sha256, data, "image/jpeg") == "exists"  # repeating is harmless
    assert w.push_all(ctx.now())["applied"] == 2
    assert client.get_blob(page.sha256) == data


def test_blobs_are_uploaded_first_by_the_worker(sqlite_central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    draft = intake.create_draft(ctx, CLERK, "TZ-FIRST", eligible_forms(ctx, 1)[0])
    materials.attach(
        ctx, CLERK, draft.uuid, "id_card_front", materials.prepare("id_card_front", "证.jpg", _jpeg())
    )
    intake.submit(ctx, CLERK, draft.uuid)
    w = worker(
        ctx, sqlite_central, "clerk01", streams=(), blob_reader=lambda sha: materials.read_page(ctx, sha)
    )
    assert w.push_all(ctx.now())["applied"] == 2


def test_bad_blobs_are_refused(sqlite_central: Central) -> None:
    client = sqlite_central.client("clerk01")
    data = _jpeg()
    with pytest.raises(Refused) as wrong_hash:
        client.put_blob("0" * 64, data, "image/jpeg")
    assert (wrong_hash.value.status, wrong_hash.value.code) == (422, "BLOB_HASH_MISMATCH")
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    with pytest.raises(Refused) as wrong_type:
        client.put_blob(sha, data, "text/html")
    assert (wrong_type.value.status, wrong_type.value.code) == (415, "BLOB_TYPE")
    big = b"\xff\xd8\xff" + bytes(21 * 1024 * 1024)
    with pytest.raises(Refused) as too_big:
        client.put_blob(hashlib.sha256(big).hexdigest(), big, "image/jpeg")
    assert (too_big.value.status, too_big.value.code) == (413, "BLOB_TOO_LARGE")
    with pytest.raises(Refused) as bad_name:
        client.put_blob("not-a-hash", data, "image/jpeg")
    assert bad_name.value.status == 422


def test_maker_checker_and_roles_are_enforced_centrally(central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    admin = CLERK.__class__("admin", "admin", "管理员")
    uuid = submitted(ctx, admin, eligible_forms(ctx, 1)[0], "TZ-FIRST")  # received by admin
    intake.accept(ctx, admin, uuid)
    assert worker(ctx, central, "admin", streams=()).push_all(ctx.now())["applied"] == 2
    review.approve(ctx, SUPERVISOR, uuid)  # locally fine: sup01 did not receive it
    approval = outbox.next_batch(ctx.store, ["sup01"], 10)
    assert [e["op"] for e in approval] == [
        "application.approve"
    ]  # the certificate effect is derived centrally
    # A client that skips the local check: the approval sent as the admin who received the application.
    as_receiver = [{**e, "actor": "admin"} for e in approval]
    answers = central.client("admin").push(as_receiver)
    assert [(x["status"], x["code"]) for x in answers] == [("rejected", "MAKER_CHECKER")]
    assert answers[0]["message"] == "收件人不能审核自己收件的办件"
    # A clerk cannot push an approval at all.
    as_clerk = [{**e, "actor": "clerk01", "key": e["key"][:-1] + "0"} for e in approval]
    answers = central.client("clerk01").push(as_clerk)
    assert [x["code"] for x in answers] == ["ROLE_FORBIDDEN"]
    # Someone else's change cannot be pushed under one's own token.
    answers = central.client("sup02").push(approval)
    assert [x["code"] for x in answers] == ["ACTOR_MISMATCH"]
    # The legitimate approval goes through.
    assert worker(ctx, central, "sup01", streams=()).push_all(ctx.now())["applied"] == 1
    with central.store.read() as s:
        app = s.execute(select(Application)).scalar_one()
        assert (app.status, app.decided_by, app.received_by) == ("approved", "sup01", "admin")
        refused = s.execute(
            select(AuditEvent.detail).where(AuditEvent.action == "central.push_rejected")
        ).scalars()
        assert sorted(d["code"] for d in refused) == ["ACTOR_MISMATCH", "MAKER_CHECKER", "ROLE_FORBIDDEN"]


def test_schema_invalid_payload_is_refused_alone_naming_the_field(
    sqlite_central: Central, tmp_path: Path
) -> None:
    ctx = counter(tmp_path / "a")
    forms = eligible_forms(ctx, 2)
    first = submitted(ctx, CLERK, forms[0], "TZ-FIRST")
    submitted(ctx, CLERK, forms[1], "TZ-FIRST")
    batch = outbox.next_batch(ctx.store, ["clerk01"], 10)
    broken = {
        **batch[0],
        "payload": {**batch[0]["payload"], "application": dict(batch[0]["payload"]["application"])},
    }
    del broken["payload"]["application"]["id_number"]
    # The broken entry is refused on its own, naming the field (the worker below shows the rest still goes).
    answers = sqlite_central.client("clerk01").push([broken])
    assert [(a["status"], a["code"]) for a in answers] == [("rejected", "SCHEMA_INVALID")]
    assert answers[0]["field"] == "entries.0.payload.application.id_number"
    assert "entries.0.payload.application.id_number" in answers[0]["message"]
    # A local row corrupted the same way is set aside as rejected, and the rest of the queue still goes.
    with ctx.store.write() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.entity_id == first)).scalar_one()
        row.payload = broken["payload"]
    assert worker(ctx, sqlite_central, "clerk01", streams=()).push_all(ctx.now())["applied"] == 1
    assert [(s, c) for _, s, c in outbox_states(ctx)] == [("rejected", "SCHEMA_INVALID"), ("applied", None)]
    assert _local_app(ctx, first).sync_state == "rejected"
