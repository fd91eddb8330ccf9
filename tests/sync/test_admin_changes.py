"""An administrator's changes made at a workstation reach the central store: imported registry records (fed on
to every counter) and accounts, which can then log in centrally with the password set at the counter."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.models import Score
from app.services import imports, users
from app.services.context import Actor
from app.sync.client import SyncClient
from tests.excel.helpers import SCORE_HEADER, unique_id, write_book
from tests.sync.helpers import UNIT, Central, counter, outbox_states, worker

ADMIN = Actor("admin", "admin", "管理员", UNIT)


def test_imported_scores_reach_central_and_the_other_counters(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "admin-desk", "WS-01")
    other = counter(tmp_path / "other-desk", "WS-02")
    sheet = write_book(
        tmp_path / "成绩.xlsx",
        [
            SCORE_HEADER,
            *[
                [unique_id(n), "刘建国", "考核", "C2", 81, "合格", "2026-03-02", None, "培训中心"]
                for n in range(3)
            ],
        ],
    )
    report = imports.commit_import(desk, ADMIN, "scores", sheet)
    assert report.new == 3
    pushed = worker(desk, central, "admin").run_once()
    assert pushed.error is None
    assert {state for _, state, _ in outbox_states(desk)} == {"applied"}
    with central.store.read() as s:
        assert len(s.execute(select(Score.id_number)).all()) == 3
    assert worker(other, central, "clerk01").run_once().error is None
    with other.store.read() as s:
        assert sorted(s.execute(select(Score.id_number)).scalars()) == sorted(unique_id(n) for n in range(3))


def test_account_created_at_a_counter_logs_in_centrally(central: Central, tmp_path: Path) -> None:
    desk = counter(tmp_path / "admin-desk", "WS-01")
    users.create_user(desk, ADMIN, "clerk77", "周凯", "clerk", "Secret123")
    assert worker(desk, central, "admin").run_once().error is None
    assert [state for _, state, _ in outbox_states(desk)] == ["applied"], outbox_states(desk)
    client = SyncClient(central.url)
    client.login("clerk77", "Secret123", "WS-01")
    assert client.token
