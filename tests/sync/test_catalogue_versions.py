"""The central store owns the business catalogue (issue 13, item 5): an administrator publishes an edited material
list, it reaches a second counter, and an application taken before keeps its list on both counters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app.bootstrap import open_context
from app.central.server import bind_socket
from app.domain.catalogue_versions import (
    MaterialLine,
    item_lines,
    limits_document,
    shipped_document,
    text_sha256,
)
from app.models import Application, AuditEvent, CatalogueVersion
from app.services import documents, intake, outbox, users
from app.services.context import Actor, ServiceContext
from app.sync import enrolment
from app.sync.catalogue_client import get_history, put_item
from app.sync.worker import SyncWorker
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock
from tests.sync.helpers import (
    CLERK,
    PASSWORDS,
    Central,
    central_count,
    clone,
    counter,
    outbox_states,
    set_passwords_centrally,
    start_central,
    submitted,
    worker,
)

ITEM = "TZ-FIRST"
# Test data: a material an administrator adds by notice (not an actual Henan requirement).
ADMIN = Actor("admin", "admin", "管理员")
PLEDGE = MaterialLine("safety_pledge", "安全生产承诺书（本人签字）", "document", "paper", True)


def _body(ctx: ServiceContext, **changes: Any) -> dict[str, Any]:
    item = ctx.catalogue.item(ITEM)
    body: dict[str, Any] = {
        "base_version": 1,
        "conditions": list(item.conditions),
        "materials": [
            {"ref": m.ref, "name": m.name, "kind": m.kind, "source": m.source, "required": m.required}
            for m in item_lines(ctx.catalogue, ITEM)
        ],
        "note": "测试通知",
    }
    body.update(changes)
    return body


def _put(central: Central, username: str, body: dict[str, Any], item: str = ITEM) -> httpx.Response:
    token = central.token(username)
    with httpx.Client(base_url=central.url, headers={"Authorization": f"Bearer {token}"}) as http:
        return http.put(f"/admin/catalogue/items/{item}", json=body)


def _versions(central: Central) -> int:
    return central_count(central, CatalogueVersion)


def test_version_1_is_the_shipped_catalogue_and_refusals_change_nothing(
    central: Central, tmp_path: Path
) -> None:
    ctx = counter(tmp_path / "desk")
    history = get_history(central.client("clerk01"))
    assert history["current"] == 1 and history["versions"][0]["published_by"] == "system"
    with central.store.read() as s:
        seeded = json.loads(s.get(CatalogueVersion, 1).document)
    assert [i["code"] for i in seeded["items"]] == list(ctx.catalogue.items)

    forbidden = _put(central, "clerk01", _body(ctx))
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"]["message"] == "窗口受理员不能执行管理操作"

    no_kind = _body(ctx)
    no_kind["materials"][0]["kind"] = "leaflet"
    answer = _put(central, "admin", no_kind)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    ref = no_kind["materials"][0]["ref"]
    assert detail["field"] == f"材料 {ref} 字段 kind"
    assert "未知的材料类型“leaflet”" in detail["message"]

    twice = _body(ctx)
    twice["materials"].append(dict(twice["materials"][0]))
    answer = _put(central, "admin", twice)
    assert answer.status_code == 422
    assert answer.json()["detail"]["field"] == f"事项 {ITEM} 字段 materials"
    assert "列了两次" in answer.json()["detail"]["message"]

    bad_limit = _body(ctx, limits={**_limits(ctx), "tz_max_age": 12})
    answer = _put(central, "admin", bad_limit)
    assert answer.status_code == 422
    assert answer.json()["detail"]["field"] == "限制 字段 tz_max_age"
    assert "最高年龄必须大于最低年龄" in answer.json()["detail"]["message"]

    blank = _body(ctx, conditions=["  "])
    answer = _put(central, "admin", blank)
    assert (answer.status_code, answer.json()["detail"]["field"]) == (422, f"事项 {ITEM} 字段 conditions")

    unknown_item = _put(central, "admin", _body(ctx), item="XX-NONE")
    assert unknown_item.status_code == 422 and unknown_item.json()["detail"]["field"] == "事项 XX-NONE"

    unchanged = _put(central, "admin", _body(ctx))
    assert unchanged.status_code == 400 and unchanged.json()["detail"]["code"] == "CATALOGUE_UNCHANGED"

    assert _versions(central) == 1  # no refused edit left a row
    assert central_count(central, AuditEvent, AuditEvent.action == "central.catalogue_publish") == 0

    lines = [*item_lines(ctx.catalogue, ITEM), PLEDGE]
    published = put_item(
        central.client("admin"), 1, ITEM, list(ctx.catalogue.item(ITEM).conditions), lines, None, "测试通知"
    )
    assert (published["version"], published["published_by"]) == (2, "admin")
    stale = _put(central, "admin", _body(ctx))
    assert stale.status_code == 409 and stale.json()["detail"]["field"] == "base_version"
    assert _versions(central) == 2
    with central.store.read() as s:
        event = s.execute(
            select(AuditEvent).where(AuditEvent.action == "central.catalogue_publish")
        ).scalar_one()
        assert (event.actor, event.entity_id) == ("admin", "2")


def test_the_whole_document_is_published_only_when_the_loader_accepts_it(sqlite_central: Central) -> None:
    token = sqlite_central.token("admin")
    document = shipped_document()
    with httpx.Client(base_url=sqlite_central.url, headers={"Authorization": f"Bearer {token}"}) as http:
        broken = {k: v for k, v in document.items() if k != "limits"}
        answer = http.put("/admin/catalogue", json={"base_version": 1, "document": broken, "note": "测试"})
        assert answer.status_code == 422
        assert (
            answer.json()["detail"]["field"],
            "缺少字段“limits”" in answer.json()["detail"]["message"],
        ) == (
            "文件",
            True,
        )
        assert _versions(sqlite_central) == 1
        document["limits"]["tz_min_training_hours_per_year"] = 32
        answer = http.put("/admin/catalogue", json={"base_version": 1, "document": document, "note": "测试"})
        assert answer.status_code == 200, answer.text
        assert (answer.json()["version"], answer.json()["summary"]) == (2, "整份目录")
        stored = http.get("/catalogue/2").json()
    assert json.loads(stored["document"])["limits"]["tz_min_training_hours_per_year"] == 32
    assert text_sha256(stored["document"]) == stored["sha256"]


def _limits(ctx: ServiceContext) -> dict[str, Any]:
    return limits_document(ctx.catalogue)


def _enrolled(central: Central, root: Path, ws: str) -> tuple[ServiceContext, SyncWorker]:
    ctx = counter(root, ws)
    enrolment.enrol(ctx, ADMIN, central.url, "admin", PASSWORDS["admin"])
    worker = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert worker.run_once().error is None
    return ctx, worker


def _take(ctx: ServiceContext, form: dict[str, Any]) -> str:
    clerk = users.authenticate(ctx, "clerk01", PASSWORDS["clerk01"]).actor()  # signs what it pushes
    draft = intake.create_draft(
        ctx,
        clerk,
        ITEM,
        form,
        conditions=all_conditions(ctx, ITEM),
        material_states=all_materials(ctx, ITEM),
    )
    return intake.submit(ctx, clerk, draft.uuid).uuid


def _shown(ctx: ServiceContext, uuid: str) -> tuple[int, list[str], list[str]]:
    """What a clerk sees of an application's materials: its catalogue version, the checklist, the receipt."""
    with ctx.store.read() as s:
        app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one()
        checklist = [r.material.name for r in ctx.catalogue_for(app).item(app.item_code).materials]
        version = app.catalogue_version
    receipt = [name for name, _pages in documents.notice_view(ctx, uuid, "receipt").materials]
    return version, checklist, receipt


@pytest.mark.postgres
def test_an_edited_material_list_reaches_a_second_counter_and_earlier_applications_keep_theirs(
    pg_migrated_url: str, tmp_path: Path
) -> None:
    central = start_central(pg_migrated_url)
    try:
        set_passwords_centrally(central)
        base = counter(
            tmp_path / "base"
        )  # the applicants' exam scores, as both counters' registry holds them
        builder = Builder(base, seed=5)
        forms: list[dict[str, Any]] = []
        while len(forms) < 2:
            form = builder.scenario(ITEM).form
            if all(f["id_number"] != form["id_number"] for f in forms):
                forms.append(form)
        a, worker_a = _enrolled(central, clone(base, tmp_path / "a"), "WS-01")
        b, worker_b = _enrolled(central, clone(base, tmp_path / "b"), "WS-02")
        old_names = [r.material.name for r in a.catalogue.item(ITEM).materials]

        before = _take(a, forms[0])  # taken under version 1 at counter A
        assert worker_a.run_once().error is None

        lines = [*item_lines(a.catalogue, ITEM), PLEDGE]
        put_item(
            central.client("admin"), 1, ITEM, list(a.catalogue.item(ITEM).conditions), lines, None, "测试通知"
        )

        assert worker_b.run_once().error is None
        assert b.catalogue.version == 2
        assert b.catalogue.item(ITEM).materials[-1].material.name == PLEDGE.name
        after = _take(b, forms[1])  # taken under version 2 at counter B: the pledge is on its list
        assert worker_b.run_once().error is None
        assert worker_a.run_once().error is None

        for ctx in (a, b):
            version, checklist, receipt = _shown(ctx, before)
            assert (version, checklist) == (1, old_names)
            assert PLEDGE.name not in receipt and receipt
            version, checklist, receipt = _shown(ctx, after)
            assert (version, checklist) == (2, [*old_names, PLEDGE.name])
            assert PLEDGE.name in receipt
            assert ctx.catalogue.version == 2
        with central.store.read() as s:
            kept = dict(s.execute(select(Application.uuid, Application.catalogue_version)).all())
        assert kept == {before: 1, after: 2}
    finally:
        central.stop()


def _offline_round(ctx: ServiceContext) -> None:
    """A sync round while the network is down (nothing listens at the address): it fails, the clerk works on."""
    sock = bind_socket()
    dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    offline = SyncWorker(ctx, dead, interval=3600, stock=None, timeout=2.0)
    offline.set_session("no-token-reaches-it", "clerk01", "clerk")
    assert offline.run_once().error is not None
    offline.stop()
    assert not outbox.sync_snapshot(ctx).online


@pytest.mark.postgres
def test_a_version_published_while_a_counter_was_offline_and_closed_reaches_it_after_the_restart(
    pg_central: Central, tmp_path: Path
) -> None:
    """What the test above proves (a new application takes the newest version, an earlier one keeps its own), with
    the counter offline when the version is published and the program closed and started again before the
    network is back; and with applications taken meanwhile, and a draft left open across the restart."""
    central, root = pg_central, tmp_path / "a"
    a = counter(root, "WS-01")
    builder = Builder(a, seed=5)  # the applicants' exam scores, in the counter's registry
    forms: dict[str, dict[str, Any]] = {}
    while len(forms) < 4:
        form = builder.scenario(ITEM).form
        forms.setdefault(form["id_number"], form)
    first, second, third, fourth = forms.values()
    online = worker(a, central, "clerk01")
    assert online.run_once().error is None
    old_names = [r.material.name for r in a.catalogue.item(ITEM).materials]
    before = submitted(a, CLERK, first, ITEM)  # taken and pushed under version 1
    assert online.run_once().error is None
    online.stop()
    draft = intake.create_draft(
        a, CLERK, ITEM, second, conditions=all_conditions(a, ITEM), material_states=all_materials(a, ITEM)
    ).uuid  # left open across the restart

    _offline_round(a)
    lines = [*item_lines(a.catalogue, ITEM), PLEDGE]
    put_item(
        central.client("admin"), 1, ITEM, list(a.catalogue.item(ITEM).conditions), lines, None, "测试通知"
    )
    offline_taken = submitted(a, CLERK, third, ITEM)  # offline: version 1 is the newest this counter has
    a.store.dispose()  # the clerk closes the program

    a = open_context(root)  # started again, still offline
    fixed_clock(a)
    _offline_round(a)
    assert a.catalogue.version == 1

    online = worker(a, central, "clerk01")  # the network is back
    assert online.run_once().error is None
    assert a.catalogue.version == 2
    new = intake.create_draft(
        a, CLERK, ITEM, fourth, conditions=all_conditions(a, ITEM), material_states=all_materials(a, ITEM)
    )
    assert new.catalogue_version == 2
    assert [r.material.name for r in a.catalogue_for(new).item(ITEM).materials] == [*old_names, PLEDGE.name]
    intake.submit(a, CLERK, new.uuid)
    intake.submit(a, CLERK, draft)  # the draft from before the restart is finished under its own version
    assert online.run_once().error is None
    online.stop()

    for uuid in (before, draft, offline_taken):
        version, checklist, receipt = _shown(a, uuid)
        assert (version, checklist) == (1, old_names)
        assert PLEDGE.name not in receipt and receipt
    version, checklist, receipt = _shown(a, new.uuid)
    assert (version, checklist) == (2, [*old_names, PLEDGE.name]) and PLEDGE.name in receipt
    assert [state for _op, state, _code in outbox_states(a)] == ["applied"] * len(outbox_states(a))
    with central.store.read() as s:
        kept = dict(s.execute(select(Application.uuid, Application.catalogue_version)).all())
    assert kept == {before: 1, draft: 1, offline_taken: 1, new.uuid: 2}
