"""The push hot path (issue 15): a batch costs the same number of statements whatever its size, every entry still
validated; pushes beyond the admission limit wait their turn in arrival order; the limit is a setting."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.central import __main__ as central_cli
from app.central.factory import ENV_PUSH_SLOTS, settings_from_env
from app.central.models import IdempotencyKey
from app.central.sequencer_thread import THREAD_NAME
from app.central.throttle import Admission
from app.domain.identifiers import resident_id_check_char
from app.models import Application
from tests.sync.helpers import UNIT, Central

_SERIAL = iter(range(1, 1_000_000))


def _submission(actor: str, *, id_number: str | None = None) -> dict[str, Any]:
    n = next(_SERIAL)
    first17 = f"410105{1960 + n % 40}0101{n % 1000:03d}"
    idn = id_number or first17 + resident_id_check_char(first17)
    uid = str(uuid.uuid4())
    now = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    snap = {
        "uuid": uid,
        "number": f"41000020261123{n:06d}",
        "item_code": "TZ-FIRST",
        "family": "TZ",
        "status": "received",
        "version": 2,
        "id_number": idn,
        "applicant_name": "测试人员",
        "mobile": "13838012345",
        "company_code": None,
        "company_name": None,
        "certificate_number": None,
        "form": {"id_number": idn, "name": "测试人员", "trade_code": "01", "education": "高中或中专"},
        "conditions": [0, 1, 2],
        "material_states": {"form_signed": "paper"},
        "reason": None,
        "missing_items": [],
        "unit_code": UNIT,
        "counter_no": "01",
        "created_by": actor,
        "received_by": actor,
        "received_at": now.isoformat(),
        "accepted_by": None,
        "decided_by": None,
        "due_on": None,
    }
    return {
        "key": str(uuid.uuid4()),
        "op": "application.submit",
        "entity": "application",
        "entity_id": uid,
        "actor": actor,
        "created_at": now.isoformat(),
        "payload": {"base_version": 1, "application": snap},
        "blobs": [],
    }


@contextmanager
def _statements(central: Central) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread().name != THREAD_NAME:  # the background sequencer runs when it runs
            seen.append(statement)

    event.listen(central.store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(central.store.engine, "before_cursor_execute", count)


def test_a_push_costs_the_same_statements_for_5_or_25_entries_and_each_is_validated(central: Central) -> None:
    client = central.client("clerk01")
    client.push([_submission("clerk01")])  # warm-up: first connection, migrations' caches
    with _statements(central) as small:
        answers = client.push([_submission("clerk01") for _ in range(5)])
    assert [a["status"] for a in answers] == ["applied"] * 5
    with _statements(central) as large:
        answers = client.push([_submission("clerk01") for _ in range(25)])
    assert [a["status"] for a in answers] == ["applied"] * 25
    assert len(large) == len(small), (small, large)  # nothing per entry: the calendar is read once per push
    # Validation still runs on every entry of the fast path: one bad ID number among 25 is refused, named.
    batch = [_submission("clerk01") for _ in range(25)]
    batch[17] = _submission("clerk01", id_number="410105196001010000")
    answers = client.push(batch)
    assert answers[17]["status"] == "rejected" and answers[17]["field"] == "id_number"
    assert [a["status"] for i, a in enumerate(answers) if i != 17] == ["applied"] * 24
    with central.store.read() as s:
        assert s.execute(select(func.count()).select_from(Application)).scalar() == 1 + 5 + 25 + 24
        assert s.execute(select(func.count()).select_from(IdempotencyKey)).scalar() == 1 + 5 + 25 + 25
    client.close()


def test_admission_lets_in_at_most_its_limit_and_the_rest_in_arrival_order() -> None:
    gate = Admission(2)
    inside, most, order = 0, 0, []
    lock = threading.Lock()
    leave = [threading.Event() for _ in range(6)]

    def push(i: int) -> None:
        nonlocal inside, most
        with gate:
            with lock:
                inside += 1
                most = max(most, inside)
                order.append(i)
            leave[i].wait(5)
            with lock:
                inside -= 1

    def until(check: Any) -> None:
        deadline = time.monotonic() + 5
        while not check() and time.monotonic() < deadline:
            time.sleep(0.005)

    threads = []
    for i in range(6):
        threads.append(threading.Thread(target=push, args=(i,)))
        threads[-1].start()
        until(lambda n=i + 1: len(order) + gate.waiting == n)  # each arrives before the next
    assert order == [0, 1] and gate.waiting == 4
    for i in range(4):  # one leaves: the longest waiting comes in, and only it
        leave[i].set()
        until(lambda n=i + 3: len(order) == n)
        assert order == list(range(i + 3)) and gate.waiting == 3 - i
    for e in leave:
        e.set()
    for t in threads:
        t.join(5)
    assert most == 2
    with pytest.raises(ValueError, match="at least 1"):
        Admission(0)


def test_the_push_slots_are_a_setting_of_each_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COUNTERDESK_CENTRAL_DB", f"sqlite:///{tmp_path / 'c.sqlite3'}")
    monkeypatch.setenv(ENV_PUSH_SLOTS, "5")
    assert settings_from_env().push_slots == 5
    args = central_cli.build_parser().parse_args(["--push-slots", "2"])
    assert args.push_slots == 2
