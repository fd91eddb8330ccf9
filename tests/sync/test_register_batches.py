"""The central side of the certificate register import, batch by batch, on SQLite (row by row) and PostgreSQL
(set-based): what is stored and fed is the same on both, re-importing changes nothing, and a value PostgreSQL
will not take is refused naming the record and the column."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.central.models import Blob, Change
from app.central.register_import import import_batch
from app.central.sequencer import settle
from app.central.store import open_store
from app.domain.errors import DomainError
from app.domain.identifiers import resident_id_check_char
from app.models import Certificate, CertificateVersion, Person
from app.models.db import Store
from app.models.register_rows import payload, values_of
from tests.store_templates import fresh_central_sqlite

FAMILIES = {"AG", "TZ", "JN"}
PHOTO = "a" * 64


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (
        fresh_central_sqlite(tmp_path / "central.sqlite3")
        if request.param == "sqlite"
        else request.getfixturevalue("pg_migrated_url")
    )
    s = open_store(url)
    yield s
    s.dispose()


def _idn(n: int) -> str:
    first17 = f"41010519800101{n:03d}"
    return first17 + resident_id_check_char(first17)


def _record(n: int, **extra: Any) -> dict[str, Any]:
    idn = extra.pop("holder_id_number", _idn(n))
    r: dict[str, Any] = {
        "number": f"豫建安C2（2019）{n:07d}",
        "family": "AG",
        "category": "C2",
        "holder_id_number": idn,
        "holder_name": f"持证人{n}",
        "holder_sex": "男",
        "holder_birth_date": "1980-01-01",
        "company_name": "河南测试建设有限公司",
        "status": "01",
        "first_issued_on": "2019-03-01",
        "valid_from": "2024-03-01",
        "valid_to": "2027-02-28",
        "issued_on": "2024-03-01",
        "issuer": "河南省住房和城乡建设厅",
        "version": 1,
    }
    r.update(extra)
    return r


def _feed(store: Store) -> list[dict[str, Any]]:
    settle(store.engine)  # the background sequencer may not have numbered the last import yet
    with store.read() as s:
        return [dict(d) for d in s.execute(select(Change.data).order_by(Change.seq)).scalars()]


def _count(store: Store, model: Any) -> int:
    settle(store.engine)
    with store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar() or 0)


def test_a_batch_is_stored_and_fed_with_its_holder(store: Store) -> None:
    rows = [_record(1), _record(2, valid_to=None, holder_sex=None)]
    counts = import_batch(store, "admin", [dict(r) for r in rows], FAMILIES)
    assert counts == {"new": 2, "changed": 0, "unchanged": 0, "kept": 0, "photo_missing": 0}
    feed = _feed(store)
    for r, data in zip(rows, feed, strict=True):
        expected = payload({"number": r["number"], **values_of(r)})
        holder = data.pop("holder")
        assert data == expected
        wanted = {"id_number": r["holder_id_number"], "name": r["holder_name"], "birth_date": "1980-01-01"}
        assert holder == {**wanted, **({"sex": "男"} if r.get("holder_sex") else {})}
    with store.read() as s:
        version = s.execute(select(CertificateVersion)).scalars().first()
        assert version is not None
        assert (version.version, version.operation_type, version.created_by) == (1, "01", "legacy-import")
        assert version.printed_at == datetime(2024, 3, 1)
        assert version.snapshot == payload({"number": rows[0]["number"], **values_of(rows[0])})
        cert = s.execute(select(Certificate).where(Certificate.number == rows[1]["number"])).scalar_one()
        assert (cert.valid_to, cert.issued_on, cert.holder_sex) == (None, date(2024, 3, 1), None)


def test_importing_the_same_batch_again_changes_nothing(store: Store) -> None:
    rows = [_record(n) for n in range(1, 6)]
    import_batch(store, "admin", [dict(r) for r in rows], FAMILIES)
    with store.read() as s:
        stamps = sorted(s.execute(select(Certificate.updated_at)).scalars())
    feed = _count(store, Change)
    again = import_batch(store, "admin", [dict(r) for r in rows], FAMILIES)
    assert again == {"new": 0, "changed": 0, "unchanged": 5, "kept": 0, "photo_missing": 0}
    assert (_count(store, Change), _count(store, CertificateVersion), _count(store, Person)) == (feed, 5, 5)
    with store.read() as s:
        assert sorted(s.execute(select(Certificate.updated_at)).scalars()) == stamps


def test_changed_kept_and_fed_again_for_a_changed_holder(store: Store) -> None:
    first = [_record(1), _record(2), _record(3, version=2)]
    import_batch(store, "admin", [dict(r) for r in first], FAMILIES)
    before = len(_feed(store))
    old15 = "410105800101002"
    second = [
        _record(1, company_name="河南另一建设有限公司"),  # changed
        _record(2, old_id_number=old15),  # the certificate is the same, its holder gains the old ID number
        _record(3, version=1, status="04"),  # an older version than stored: kept
    ]
    counts = import_batch(store, "admin", [dict(r) for r in second], FAMILIES)
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["kept"]) == (0, 1, 1, 1)
    fed = {d["number"]: d for d in _feed(store)[before:]}
    assert set(fed) == {first[0]["number"], first[1]["number"]}
    assert fed[first[0]["number"]]["company_name"] == "河南另一建设有限公司"
    assert fed[first[1]["number"]]["holder"]["old_id_number"] == old15
    with store.read() as s:
        snap = s.execute(
            select(CertificateVersion.snapshot)
            .join(Certificate)
            .where(Certificate.number == first[0]["number"])
        ).scalar_one()
        assert snap["company_name"] == "河南另一建设有限公司"
        kept = s.execute(select(Certificate).where(Certificate.number == first[2]["number"])).scalar_one()
        assert (kept.version, kept.status) == (2, "01")
    # A record without the old ID number leaves the stored one: nothing changes, nothing is fed.
    feed = len(_feed(store))
    again = import_batch(store, "admin", [dict(r) for r in [second[0], first[1]]], FAMILIES)
    assert (again["changed"], again["unchanged"], len(_feed(store))) == (0, 2, feed)
    with store.read() as s:
        assert s.execute(select(Person.old_id_number).where(Person.id_number == _idn(2))).scalar() == old15


def test_a_holders_last_record_and_last_photo_win_and_unknown_photos_are_dropped(store: Store) -> None:
    with store.write() as s:
        s.add(
            Blob(
                sha256=PHOTO,
                size=3,
                content_type="image/jpeg",
                data=b"jpg",
                created_by="admin",
                created_at=datetime(2026, 12, 1),
            )
        )
    idn = _idn(7)
    rows = [
        _record(1, holder_id_number=idn, photo_sha256=PHOTO, holder_name="张三"),
        _record(2, holder_id_number=idn, holder_name="张三丰"),
        _record(3, photo_sha256="b" * 64),  # the store holds no such photo
    ]
    counts = import_batch(store, "admin", [dict(r) for r in rows], FAMILIES)
    assert (counts["new"], counts["photo_missing"]) == (3, 1)
    with store.read() as s:
        person = s.execute(select(Person).where(Person.id_number == idn)).scalar_one()
        assert (person.name, person.photo_sha256) == ("张三丰", PHOTO)
        third = s.execute(select(Certificate).where(Certificate.number == rows[2]["number"])).scalar_one()
        assert third.photo_sha256 is None
    holders = {d["number"]: d["holder"] for d in _feed(store)}
    assert holders[rows[0]["number"]] == holders[rows[1]["number"]]
    assert holders[rows[0]["number"]]["name"] == "张三丰"


def test_a_bad_batch_is_refused_whole_naming_the_record(store: Store) -> None:
    import_batch(store, "admin", [_record(1)], FAMILIES)
    bad_id = _idn(2)[:-1] + ("0" if _idn(2)[-1] != "0" else "1")
    with pytest.raises(DomainError) as info:
        import_batch(store, "admin", [_record(2), _record(3, holder_id_number=bad_id)], FAMILIES)
    assert "校验位" in info.value.message
    with pytest.raises(DomainError) as info:
        import_batch(store, "admin", [_record(4), _record(4)], FAMILIES)
    assert "同一批中出现两次" in info.value.message
    assert _count(store, Certificate) == 1


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("holder_name", "长" * 65, "姓名"),
        ("issued_on", "2024-13-01", "核发日期"),
        ("status", None, "证书状态"),
    ],
)
def test_postgresql_refuses_a_value_its_columns_do_not_take(
    pg_migrated_url: str, field: str, value: Any, shown: str
) -> None:
    store = open_store(pg_migrated_url)
    try:
        with pytest.raises(DomainError) as info:
            import_batch(store, "admin", [_record(1), _record(2, **{field: value})], FAMILIES)
        assert "第2条记录（证书豫建安C2（2019）0000002）" in info.value.message
        assert shown in info.value.message
        assert _count(store, Certificate) == 0
    finally:
        store.dispose()
