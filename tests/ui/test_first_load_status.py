"""While a new counter loads its registry replica the status bar says what and how far, with a bar; then not."""

from __future__ import annotations

import threading
from typing import Any

from app.central.snapshot import columns_of
from app.domain.identifiers import resident_id_check_char
from app.sync.snapshot import load_snapshot
from app.ui.status_bar import SyncStatusBar
from app.ui.tasks import TaskRunner
from tests.ui.shell_support import wait_idle


def _id(n: int) -> str:
    first17 = f"41010519800101{n:03d}"
    return first17 + resident_id_check_char(first17)


def _person(n: int) -> list[Any]:
    row = {
        "id_number": _id(n),
        "old_id_number": None,
        "name": f"测试人{n}",
        "sex": "男",
        "birth_date": "1980-01-01",
        "mobile": None,
        "education": None,
        "photo_sha256": None,
    }
    return [row[c] for c in columns_of("person")]


class GatedSource:
    """Five persons in pages of two; the second page is held until the test opens the gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.held = threading.Event()
        self.rows = [_person(n) for n in range(1, 6)]

    def start(self) -> dict[str, Any]:
        return {"as_of": 7, "kinds": ["person"], "counts": {"person": 5, "certificate": 0}}

    def page(self, kind: str, after: int, limit: int) -> dict[str, Any]:
        if kind != "person":
            return {"kind": kind, "columns": columns_of(kind), "rows": [], "next": None}
        if after >= 2:
            self.held.set()
            assert self.gate.wait(20)
        rows = self.rows[after : after + limit]
        return {
            "kind": kind,
            "columns": columns_of(kind),
            "rows": rows,
            "next": after + len(rows) if rows else None,
        }


def test_status_bar_shows_the_first_load_while_it_runs(qtbot, ctx, clerk):
    runner = TaskRunner()
    bar = SyncStatusBar(ctx, clerk, runner, interval_ms=3_600_000)
    qtbot.addWidget(bar)
    bar.show()
    source = GatedSource()
    loader = threading.Thread(target=lambda: load_snapshot(ctx.store, source, page_size=2), daemon=True)
    loader.start()
    try:
        assert source.held.wait(20)
        bar.refresh()
        wait_idle(qtbot, runner)
        assert bar.load_label.isVisible()
        assert bar.load_label.text() == "首次载入登记库：人员 2 / 5"
        assert bar.load_progress.isVisible() and bar.load_progress.value() == 400  # 2 of 5 rows, per mille
    finally:
        source.gate.set()
        loader.join(20)
    assert not loader.is_alive()
    bar.refresh()
    wait_idle(qtbot, runner)
    assert not bar.load_label.isVisible() and not bar.load_progress.isVisible()
    assert bar.pending_label.text() == "待同步 0 条"
    bar.stop()
    runner.shutdown()
