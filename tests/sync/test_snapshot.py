"""A new counter's first registry load as a bulk snapshot, then the feed from where the snapshot started."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.domain.calendar import YearDays
from app.models import (
    CalendarYear,
    Certificate,
    CompanyQualification,
    Person,
    Score,
    Setting,
    SyncCursor,
)
from app.services import certificate_printing
from app.services.register_import import import_register
from app.sync.calendar_client import put_year
from app.sync.client import Refused
from app.sync.register_client import CentralSender
from app.sync.snapshot import STATE_KEY, ClientSource, load_snapshot, needs_snapshot
from tests.excel.helpers import unique_id
from tests.sync.helpers import Central, counter, worker
from tests.sync.test_register_import import ADMIN, _export, _row


def _registry(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "admin-desk", "WS-01")
    rows = [
        _row(n, f"豫建安C2（2019）{n:07d}", "安管", "C2", unique_id(5000 + n), f"持证人{n}")
        for n in range(1, 26)
    ]
    report = import_register(
        desk, ADMIN, _export(tmp_path / "导出.xlsx", rows), CentralSender(central.client("admin"))
    )
    assert report.new == 25
    client = central.client("admin")
    client._request(
        "POST",
        "/admin/registry",
        json={
            "kind": "company",
            "rows": [
                {
                    "uscc": None,
                    "org_code": f"1234567{n}-X",
                    "name": f"河南测试{n}建设有限公司",
                    "qualifications": ["房屋建筑", "建筑劳务"],
                }
                for n in range(3)
            ],
        },
    )
    client._request(
        "POST",
        "/admin/registry",
        json={
            "kind": "score",
            "rows": [
                {
                    "id_number": unique_id(5000 + n),
                    "name": f"持证人{n}",
                    "kind": "ce",
                    "family": "AG",
                    "category": "C2",
                    "score": 80,
                    "passed": True,
                    "exam_date": "2026-10-10",
                }
                for n in range(1, 6)
            ],
        },
    )
    put_year(central.client("admin"), YearDays(2027, frozenset({date(2027, 1, 1)}), frozenset()), None)


class Interrupted(Exception):
    pass


class FlakySource:
    """Fails on the n-th page request, once: the load must resume where it stopped."""

    def __init__(self, inner: ClientSource, fail_at: int) -> None:
        self.inner, self.fail_at, self.calls = inner, fail_at, 0

    def start(self) -> dict[str, Any]:
        return self.inner.start()

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]:
        self.calls += 1
        if self.calls == self.fail_at:
            raise Interrupted
        return self.inner.page(kind, after, limit)


def _count(ctx, model) -> int:
    with ctx.store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar() or 0)


def test_first_load_is_a_snapshot_then_the_feed_follows(central: Central, tmp_path: Path) -> None:
    _registry(central, tmp_path)
    fresh = counter(tmp_path / "new-desk", "WS-02")
    assert needs_snapshot(fresh.store)
    seen: list[tuple[str, int, int]] = []
    source = FlakySource(ClientSource(central.client("clerk01")), fail_at=4)
    with pytest.raises(Interrupted):
        load_snapshot(fresh.store, source, page_size=10, progress=lambda *a: seen.append(a))
    assert needs_snapshot(fresh.store)  # rows are there, but the load is not finished: resume it
    loaded = load_snapshot(fresh.store, source, page_size=10, progress=lambda *a: seen.append(a))
    assert loaded["certificate"] == 25 and loaded["person"] == 25 and loaded["company"] == 3
    assert loaded["score"] == 5 and loaded["holiday"] == 1
    assert (_count(fresh, Certificate), _count(fresh, Person), _count(fresh, Score)) == (25, 25, 5)
    assert _count(fresh, CompanyQualification) == 6  # no page written twice across the interruption
    assert ("certificate", 25, 25) in seen
    with central.store.read() as s:
        from app.central.sequencer import head

        as_of = head(s)
    with fresh.store.read() as s:
        assert s.execute(select(SyncCursor.cursor).where(SyncCursor.stream == "registry")).scalar() == as_of
        assert s.get(Setting, STATE_KEY).value["done"] is True
        assert s.get(CalendarYear, 2027) is not None
        cert = s.execute(
            select(Certificate).where(Certificate.number == "豫建安C2（2019）0000003")
        ).scalar_one()
        assert (cert.valid_to, cert.holder_id_number, cert.version) == (date(2027, 2, 28), unique_id(5003), 1)
        assert cert.versions[0].printed_at is not None and cert.versions[0].snapshot["number"] == cert.number
        score = s.execute(select(Score).where(Score.id_number == unique_id(5001))).scalar_one()
        assert (score.exam_date, score.passed) == (date(2026, 10, 10), True)
    assert not needs_snapshot(fresh.store)
    assert certificate_printing.print_queue(fresh) == []
    assert fresh.calendar.add_working_days(date(2026, 12, 30), 5) == date(2027, 1, 7)

    # A change after the snapshot comes through the ordinary feed.
    put_year(central.client("admin"), YearDays(2028, frozenset({date(2028, 1, 1)}), frozenset()), None)
    assert worker(fresh, central, "clerk01").run_once().error is None
    with fresh.store.read() as s:
        assert s.get(CalendarYear, 2028) is not None
    assert _count(fresh, Certificate) == 25


def test_a_counter_with_registry_rows_of_its_own_follows_the_feed(tmp_path: Path) -> None:
    from tests.services.scenarios import Builder

    desk = counter(tmp_path / "demo-desk", "WS-01")
    Builder(desk).person()
    assert not needs_snapshot(desk.store)


def test_unknown_kind_is_named(central: Central) -> None:
    client = central.client("clerk01")
    with pytest.raises(Refused) as info:
        client._request("GET", "/sync/snapshot/passwords")
    assert info.value.status == 404 and "没有“passwords”这种基础数据" in info.value.message
