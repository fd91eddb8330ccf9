"""Pull: paging, refetch after compaction, pending changes kept."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.central.sequencer import head as feed_head
from app.models import Application, OutboxEntry, Person, SyncCursor, User
from app.sync import pull
from tests.sync.helpers import CLERK, Central, counter, eligible_forms, submitted, worker


def _person(idn: str, name: str) -> dict[str, object]:
    return {"id_number": idn, "name": name, "sex": "男", "birth_date": "1980-01-02"}


def test_pages_and_cursor_applied_together(sqlite_central: Central, tmp_path: Path) -> None:
    admin = sqlite_central.client("admin")
    rows = [_person(f"4101011980010{i:05d}"[:18], f"人员{i}") for i in range(25)]
    admin._request("POST", "/admin/registry", json={"kind": "person", "rows": rows})
    ctx = counter(tmp_path / "a")
    w = worker(ctx, sqlite_central, "clerk01", streams=("registry",), page_size=10)
    # A new counter's first round loads the registry as a snapshot and sets the cursor to its feed position.
    assert w.run_once().pulled == {"registry": 0}
    with ctx.store.read() as s:
        assert {f"人员{i}" for i in range(25)} <= set(s.execute(select(Person.name)).scalars())
        first = s.get(SyncCursor, "registry")
        assert first is not None and first.cursor >= 25
    # After it, the feed in pages: the rows and the cursor of each page land together.
    more = [_person(f"4101011980020{i:05d}"[:18], f"新人员{i}") for i in range(25)]
    admin._request("POST", "/admin/registry", json={"kind": "person", "rows": more})
    assert w.run_once().pulled == {"registry": 25}
    with ctx.store.read() as s:
        names = set(s.execute(select(Person.name)).scalars())
        cursor = s.get(SyncCursor, "registry")
        assert cursor is not None and cursor.cursor >= first.cursor + 25
    assert {f"新人员{i}" for i in range(25)} <= names
    assert w.run_once().pulled == {"registry": 0}


def test_refetch_resyncs_the_stream_and_keeps_pending_changes(
    sqlite_central: Central, tmp_path: Path
) -> None:
    admin = sqlite_central.client("admin")

    def registry(rows: list[dict[str, object]], **kw: object) -> None:
        admin._request("POST", "/admin/registry", json={"kind": "person", "rows": rows, **kw})

    registry([_person("410101198001020011", "旧名"), _person("410101198001020022", "将删除")])
    ctx = counter(tmp_path / "a")
    pending = submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")  # offline work not yet pushed
    w = worker(ctx, sqlite_central, "clerk01", streams=("registry",))
    w.username = (
        "clerk02"  # this worker only pulls: clerk01's pending submit must survive the resync untouched
    )
    assert w.run_once().pulled == {"registry": 2}
    stale_cursor = pull.cursor_of(ctx.store, "registry")
    registry([_person("410101198001020011", "中间名")])
    registry([_person("410101198001020011", "新名")])
    registry([{"id_number": "410101198001020022"}], delete=True)
    with sqlite_central.store.read() as s:
        head = feed_head(s)
    compacted = admin._request(
        "POST", "/admin/feed/compact", json={"stream": "registry", "upto": head}
    ).json()
    assert compacted["dropped"] >= 2
    assert admin.pull("registry", stale_cursor)["refetch"] is True
    assert admin.pull("registry", 0)["refetch"] is False  # from the start the compacted stream is complete
    assert w.run_once().error is None
    with ctx.store.read() as s:
        people = dict(
            s.execute(
                select(Person.id_number, Person.name).where(Person.id_number.like("41010119800102%"))
            ).all()
        )
        entry = s.execute(select(OutboxEntry).where(OutboxEntry.entity_id == pending)).scalar_one()
        app = s.execute(select(Application).where(Application.uuid == pending)).scalar_one()
    assert people == {"410101198001020011": "新名"}
    assert (entry.state, app.status, app.sync_state) == ("pending", "received", "pending")
    assert pull.cursor_of(ctx.store, "registry") >= head


def test_pull_needs_a_valid_stream(sqlite_central: Central) -> None:
    resp = sqlite_central.client("clerk01")._http.get(
        "/sync/pull",
        params={"stream": "secrets"},
        headers={"Authorization": f"Bearer {sqlite_central.token('clerk01')}"},
    )
    assert resp.status_code == 422
    assert resp.json()["detail"]["errors"][0]["field"] == "stream"
    assert resp.json()["detail"]["field"] == "stream"


def test_applications_stream_is_scoped_to_the_unit(sqlite_central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    submitted(ctx, CLERK, eligible_forms(ctx, 1)[0], "TZ-FIRST")
    worker(ctx, sqlite_central, "clerk01", streams=()).push_all(ctx.now())
    assert len(sqlite_central.client("admin").pull("applications", 0)["changes"]) == 1
    with sqlite_central.store.write() as s:
        s.execute(select(User).where(User.username == "sup02")).scalar_one().unit_code = "410100"
    page = sqlite_central.client("sup02").pull("applications", 0)
    assert page["changes"] == [] and page["next_cursor"] >= 1  # another unit's supervisor sees none of it
