"""Replica scope (登记库范围, issue 13 item 2) on PostgreSQL: a whole-province counter and a city counter enrolled
against a central store holding persons of two cities. Each first-loads its part; the city counter's 提取 of
someone of the other city asks the centre online and says so offline; later registry changes of its city reach
it through the feed, those of the other city do not; its registry pull reads one index range per city."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.central import feed
from app.domain.errors import DomainError
from app.models import AuditEvent, Certificate, Person, Score
from app.services import lookup, settings, users
from app.services.context import ServiceContext
from app.services.register_import import import_register
from app.sync import enrolment
from app.sync.central_lookup import CentreLookup
from app.sync.client import Refused
from app.sync.register_client import CentralSender
from app.sync.worker import SyncWorker
from tests.excel.helpers import unique_id
from tests.sync.helpers import PASSWORDS, Central, counter
from tests.sync.test_register_import import ADMIN, _export, _row

ZHENGZHOU = "410105"  # 郑州市金水区: city 4101
LUOYANG = "410302"  # 洛阳市老城区: city 4103


def _zz(n: int) -> str:
    return unique_id(n, ZHENGZHOU)


def _ly(n: int) -> str:
    return unique_id(n, LUOYANG)


def _registry(central: Central, tmp_path: Path) -> None:
    """Six certificate holders in each city (the register import's bulk path) and a score for one of each."""
    desk = counter(tmp_path / "import-desk", "WS-03")
    rows = [
        _row(n, f"豫建安C2（2019）{n:07d}", "安管", "C2", _zz(n) if n <= 6 else _ly(n), f"持证人{n}")
        for n in range(1, 13)
    ]
    report = import_register(
        desk, ADMIN, _export(tmp_path / "导出.xlsx", rows), CentralSender(central.client("admin"))
    )
    assert report.new == 12
    _admin_rows(central, "score", [_score(_zz(1), "持证人1"), _score(_ly(7), "持证人7")])


def _score(idn: str, name: str) -> dict[str, Any]:
    return {
        "id_number": idn,
        "name": name,
        "kind": "ce",
        "family": "AG",
        "category": "C2",
        "score": 80,
        "passed": True,
        "exam_date": "2026-10-10",
    }


def _admin_rows(central: Central, kind: str, rows: list[dict[str, Any]]) -> None:
    central.client("admin")._request("POST", "/admin/registry", json={"kind": kind, "rows": rows})


def _enrolled(central: Central, root: Path, code: str, cities: str) -> tuple[ServiceContext, SyncWorker]:
    ctx = counter(root, code)
    admin = users.UserView(0, "admin", "admin", "admin", "410000", True, False).actor()
    settings.put(ctx, admin, "client", {"central_url": central.url, "replica_cities": cities})
    enrolment.enrol(ctx, admin, central.url, "admin", PASSWORDS["admin"])
    w = SyncWorker(ctx, central.url, interval=3600, stock=None)
    assert w.workstation_credential is not None
    return ctx, w


def _ids(ctx: ServiceContext, model: Any, column: Any) -> set[str]:
    with ctx.store.read() as s:
        return set(s.execute(select(column)).scalars())


@pytest.mark.postgres
def test_two_counters_with_different_scopes(pg_central: Central, tmp_path: Path) -> None:
    central = pg_central
    _registry(central, tmp_path)
    province, wp = _enrolled(central, tmp_path / "province", "WS-01", "")
    luoyang, wl = _enrolled(central, tmp_path / "luoyang", "WS-02", "4103")
    for w in (wp, wl):
        assert w.run_once().error is None

    # The first load: the whole province at one counter, Luoyang's rows only at the other.
    assert _ids(province, Person, Person.id_number) == {_zz(n) for n in range(1, 7)} | {
        _ly(n) for n in range(7, 13)
    }
    assert _ids(luoyang, Person, Person.id_number) == {_ly(n) for n in range(7, 13)}
    assert _ids(luoyang, Certificate, Certificate.holder_id_number) == {_ly(n) for n in range(7, 13)}
    assert _ids(luoyang, Score, Score.id_number) == {_ly(7)}
    with luoyang.store.read() as s:
        state = s.execute(text("SELECT value FROM settings WHERE key = 'sync_snapshot'")).scalar()
    assert '"cities": "4103"' in str(state) and '"done": true' in str(state)

    # 提取 of a Zhengzhou holder at the Luoyang counter, online: asked at the centre, kept locally, audited there.
    centre = CentreLookup(luoyang)
    found = lookup.extract(luoyang, _zz(1), centre=centre)
    assert found.from_centre and found.person is not None and found.person.name == "持证人1"
    assert [c.number for c in found.certificates] == ["豫建安C2（2019）0000001"]
    assert [s.category for s in found.scores] == ["C2"]
    assert found.form_values("AG")["certificate_number"] == "豫建安C2（2019）0000001"
    by_cert = lookup.extract_by_certificate(luoyang, "豫建安C2（2019）0000002", centre=centre)
    assert by_cert.from_centre and by_cert.id_number == _zz(2)
    with central.store.read() as s:
        audited = s.execute(
            select(AuditEvent.entity_id, AuditEvent.detail).where(AuditEvent.action == "registry.lookup")
        ).all()
    assert {a[0] for a in audited} == {_zz(1), _zz(2)}
    assert all(a[1]["found"] and a[1]["workstation"] == "WS-02" for a in audited)
    # A Luoyang holder is read from the replica; the centre is not asked.
    assert not lookup.extract(luoyang, _ly(8), centre=centre).from_centre

    # The centre checks what it is asked: a wrong ID number, and a scope that is no city code, are refused.
    client = central.client("clerk01", workstation="WS-02")
    with pytest.raises(Refused) as wrong:
        client._request("POST", "/registry/lookup", json={"id_number": _zz(3)[:17] + "0"})
    assert wrong.value.status == 422 and "校验" in wrong.value.message
    with pytest.raises(Refused) as bad_scope:
        client.pull("registry", 0, 10, cities="4103,郑州")
    assert bad_scope.value.status == 422 and "登记库范围中的“郑州”不是地市代码" in bad_scope.value.message
    with pytest.raises(Refused) as bad_snapshot:
        client.snapshot_page("person", 0, 10, cities="41")
    assert bad_snapshot.value.status == 422 and "不是地市代码" in bad_snapshot.value.message

    # Later registry changes: a new Luoyang person reaches the Luoyang counter through the feed, a Zhengzhou
    # one does not; the province counter receives both.
    _admin_rows(
        central,
        "person",
        [{"id_number": _ly(20), "name": "洛阳新人"}, {"id_number": _zz(21), "name": "郑州新人"}],
    )
    for w in (wp, wl):
        assert w.run_once().error is None
    assert _ly(20) in _ids(luoyang, Person, Person.id_number)
    assert _zz(21) not in _ids(luoyang, Person, Person.id_number)
    assert {_ly(20), _zz(21)} <= _ids(province, Person, Person.id_number)

    # Offline (the central store stopped): a Zhengzhou person the replica does not hold is named as such.
    central.server.stop()
    with pytest.raises(DomainError) as offline:
        lookup.extract(luoyang, _zz(4), centre=CentreLookup(luoyang, timeout=2.0))
    assert (
        offline.value.message
        == "本窗口离线，本地登记库没有此人（不在本窗口的登记库范围内），联网后可向中心查询"
    )
    assert offline.value.field == "id_number" and "请恢复网络后再按“提取”" in (offline.value.fix or "")
    with pytest.raises(DomainError) as offline_cert:
        lookup.extract_by_certificate(
            luoyang, "豫建安C2（2019）0000005", centre=CentreLookup(luoyang, timeout=2.0)
        )
    assert "本地登记库没有证书 豫建安C2（2019）0000005" in offline_cert.value.message
    # Someone asked at the centre before is still there, as kept then.
    kept = lookup.extract(luoyang, _zz(1), centre=CentreLookup(luoyang, timeout=2.0))
    assert kept.person is not None and not kept.from_centre


@pytest.mark.postgres
def test_a_scope_change_reloads_the_replica(pg_central: Central, tmp_path: Path) -> None:
    central = pg_central
    _registry(central, tmp_path)
    ctx, w = _enrolled(central, tmp_path / "desk", "WS-01", "4101")
    assert w.run_once().error is None
    assert _ids(ctx, Person, Person.id_number) == {_zz(n) for n in range(1, 7)}
    admin = users.UserView(0, "admin", "admin", "admin", "410000", True, False).actor()
    settings.put(ctx, admin, "client", {"replica_cities": "4103"})
    assert w.run_once().error is None
    assert _ids(ctx, Person, Person.id_number) == {_ly(n) for n in range(7, 13)}
    assert _ids(ctx, Certificate, Certificate.holder_id_number) == {_ly(n) for n in range(7, 13)}
    with ctx.store.read() as s:
        assert s.execute(select(func.count()).select_from(Certificate)).scalar() == 6


FILL = """
INSERT INTO central_changes (seq, stream, entity, entity_id, op, unit_code, data, at)
SELECT g, 'registry', 'person', 'p-' || g, 'upsert', NULL,
       json_build_object('id_number', CASE WHEN g % 50 = 0 THEN '410302' ELSE '4101' || lpad((g % 97)::text, 2, '0') END
                         || '19800101001X'),
       now()
FROM generate_series(1000000, 1030000) g
"""


@pytest.mark.postgres
def test_a_city_pull_reads_the_region_index(pg_central: Central) -> None:
    with pg_central.store.engine.begin() as conn:
        conn.execute(text(FILL))
        conn.execute(text("ANALYZE central_changes"))
    statements: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM central_changes" in statement and "ORDER BY" in statement:
            statements.append((statement, parameters))

    from sqlalchemy import event

    engine = pg_central.store.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        with pg_central.store.read() as s:
            page = feed.pull(s, "registry", 0, 100, "410100", ("4103",))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(page.changes) == 100 and all(c["data"]["id_number"].startswith("4103") for c in page.changes)
    raw = engine.raw_connection()
    try:
        plans = []
        for statement, parameters in statements:
            cur = raw.cursor()
            cur.execute("EXPLAIN " + statement, parameters)
            plans.append("\n".join(str(r[0]) for r in cur.fetchall()))
    finally:
        raw.close()
    assert len(plans) == 3  # the unit's own rows, the rows of no city, the city's rows
    for plan in plans[1:]:
        assert "ix_central_changes_stream_unit_region_seq" in plan, plan
        assert "Seq Scan" not in plan, plan
