"""A person closing the program at the wrong moment, on PostgreSQL: a workstation's first registry load (首次载入登记库)
is killed part-way (SIGKILL of the process doing it, held at a page by tests/sync/load_child.py), the registry
changes at the centre meanwhile and a colleague at another workstation of the unit takes an application; the
workstation is started again and finishes. At the end its replica is exactly the centre's rows of its scope, none
twice, the feed goes on from where the snapshot started, the status bar's progress text never said more rows than
there are, and the colleague's application is in its 办件查询."""

from __future__ import annotations

import re
import select as selectors
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.bootstrap import open_context
from app.central.sequencer import head
from app.models import Application, Certificate, CertificateVersion, Person, Score
from app.models.db import Store
from app.services import outbox, search, settings
from app.services.context import ServiceContext
from app.services.register_import import import_register
from app.sync import pull
from app.sync.register_client import CentralSender
from app.ui.status_bar import first_load_text
from tests.services.scenarios import fixed_clock
from tests.sync.helpers import CLERK2, Central, counter, eligible, outbox_states, submitted, worker
from tests.sync.test_register_import import ADMIN, _export, _row
from tests.sync.test_replica_scope import _admin_rows, _ly, _registry, _score, _zz

ROOT = Path(__file__).resolve().parents[2]
CITY = "4103"  # the killed workstation keeps Luoyang's rows: six holders and one score at the start
PAGE = 2  # rows per snapshot page in the killed process: Luoyang's six persons are three pages


def _new_counter(central: Central, root: Path) -> ServiceContext:
    """WS-01, never synced, its registry scope set to Luoyang (工作站设置)."""
    ctx = counter(root, "WS-01")
    settings.put(ctx, ADMIN, "client", {"central_url": central.url, "replica_cities": CITY})
    return ctx


def _held_load(
    central: Central, root: Path, kind: str, nth: int, where: str
) -> tuple[subprocess.Popen[str], int]:
    """The workstation's first sync round in its own process, stopped at the `nth` page of `kind`; with the rows
    of that page written in its open transaction ("inside") or none ("between")."""
    token = central.token("clerk01", workstation="WS-01")
    args = [sys.executable, "-m", "tests.sync.load_child", str(root), central.url, token, "clerk01", "clerk"]
    args += [str(PAGE), kind, str(nth), where]
    proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready, _, _ = selectors.select(
        [proc.stdout], [], [], 120
    )  # a bound in case the child hangs, not a timing
    line = proc.stdout.readline() if ready else ""
    if line.split()[:1] != ["held"]:
        proc.kill()
        proc.wait(30)
        pytest.fail(f"the load was not held at page {nth} of {kind}: {line!r}")
    return proc, int(line.split()[1])


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()


def _restarted(root: Path) -> ServiceContext:
    """The program started again on the same data directory."""
    ctx = open_context(root)
    fixed_clock(ctx)
    return ctx


def _bar_text(ctx: ServiceContext) -> str | None:
    """The first-load text the status bar shows, from the service it reads (None: hidden, the load is done)."""
    load = outbox.sync_snapshot(ctx).first_load
    return None if load is None else first_load_text(load)


def _rows(store: Store, city: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """The registry rows a replica is compared on, sorted with repeats kept (a row loaded twice shows twice)."""

    def scoped(column: Any) -> Any:
        return True if city is None else func.substr(column, 1, 4) == city

    with store.read() as s:
        return {
            "person": sorted(
                s.execute(select(Person.id_number, Person.name).where(scoped(Person.id_number))).all()
            ),
            "certificate": sorted(
                s.execute(
                    select(Certificate.number, Certificate.holder_id_number, Certificate.version).where(
                        scoped(Certificate.holder_id_number)
                    )
                ).all()
            ),
            "score": sorted(
                s.execute(
                    select(Score.id_number, Score.kind, Score.category, Score.exam_date).where(
                        scoped(Score.id_number)
                    )
                ).all()
            ),
        }


def _versions(ctx: ServiceContext) -> list[int]:
    """How many version rows each local certificate has (the imported one: exactly one)."""
    with ctx.store.read() as s:
        return list(
            s.execute(
                select(func.count(CertificateVersion.id))
                .select_from(Certificate)
                .join(CertificateVersion, CertificateVersion.certificate_id == Certificate.id, isouter=True)
                .group_by(Certificate.id)
            ).scalars()
        )


def _central_head(central: Central) -> int:
    with central.store.read() as s:
        return int(head(s))


def _assert_replica_is_the_centres(central: Central, ctx: ServiceContext) -> dict[str, list[tuple[Any, ...]]]:
    local = _rows(ctx.store)
    assert local == _rows(central.store, CITY)
    assert len({r[0] for r in local["person"]}) == len(local["person"])
    assert _versions(ctx) == [1] * len(local["certificate"])
    assert pull.cursor_of(ctx.store, "registry") == _central_head(central)
    return local


def _progress_numbers(text: str) -> tuple[str, int, int]:
    found = re.fullmatch(r"首次载入登记库：(\S+) ([\d,]+) / ([\d,]+)", text)
    assert found is not None, text
    return found[1], int(found[2].replace(",", "")), int(found[3].replace(",", ""))


@pytest.mark.postgres
@pytest.mark.parametrize("where", ["between", "inside"])
def test_a_first_load_killed_part_way_finishes_after_a_restart(
    pg_central: Central, tmp_path: Path, where: str
) -> None:
    """Killed before the second page of persons is asked for ("between"), or with that page's rows written in
    its open transaction ("inside"): either way the first page is all there, the second not at all."""
    central = pg_central
    _registry(central, tmp_path)
    a = _new_counter(central, tmp_path / "a")
    proc, uncommitted = _held_load(central, tmp_path / "a", "person", 2, where)
    try:
        assert uncommitted == (PAGE if where == "inside" else 0)
        # While the load stands there, the program's status bar shows what is committed.
        assert _bar_text(a) == "首次载入登记库：人员 2 / 6"
        loaded = [r[0] for r in _rows(a.store)["person"]]
        assert len(loaded) == 2 and all(idn.startswith(CITY) for idn in loaded)
        # The registry changes centrally meanwhile: a person already loaded is renamed (only the feed can bring
        # that), a Luoyang person and certificate are added (the rest of the snapshot sends them, and the feed
        # again), a score not yet loaded is withdrawn and another added, and a Zhengzhou person is added (not
        # this workstation's).
        renamed = loaded[0]
        _admin_rows(
            central,
            "person",
            [
                {"id_number": renamed, "name": "改名后的持证人"},
                {"id_number": _ly(20), "name": "洛阳新人"},
                {"id_number": _zz(21), "name": "郑州新人"},
            ],
        )
        central.client("admin")._request(
            "POST",
            "/admin/registry",
            json={"kind": "score", "rows": [_score(_ly(7), "持证人7")], "delete": True},
        )
        _admin_rows(central, "score", [_score(_ly(8), "持证人8")])
        desk = counter(tmp_path / "import-desk-2", "WS-03")
        row = _row(13, "豫建安C2（2019）0000013", "安管", "C2", _ly(13), "持证人13")
        report = import_register(
            desk, ADMIN, _export(tmp_path / "导出2.xlsx", [row]), CentralSender(central.client("admin"))
        )
        assert report.new == 1
    finally:
        _kill(proc)  # the program is closed at this moment, without a chance to finish anything
    a.store.dispose()

    a = _restarted(tmp_path / "a")
    assert _bar_text(a) == "首次载入登记库：人员 2 / 6"  # what it said before the kill, and what is there
    assert len(_rows(a.store)["person"]) == 2
    texts: list[str | None] = []
    resumed = worker(a, central, "clerk01", listener=lambda _status: texts.append(_bar_text(a)))
    assert resumed.run_once().error is None

    local = _assert_replica_is_the_centres(central, a)
    persons = dict(local["person"])
    assert persons[renamed] == "改名后的持证人"
    assert _ly(20) in persons and _ly(13) in persons and _zz(21) not in persons
    assert [r[0] for r in local["score"]] == [_ly(8)]
    assert len(local["certificate"]) == 7
    shown = [_progress_numbers(t) for t in texts if t is not None]
    assert shown and shown[0][0] == "人员" and shown[-1] == ("证书", 7, 7)
    assert all(done <= total for _kind, done, total in shown), shown
    assert _bar_text(a) is None  # done: the bar hides it
    assert outbox.sync_snapshot(a).online

    # The feed goes on from there: a later change arrives in the next round, nothing comes twice.
    _admin_rows(central, "person", [{"id_number": _ly(22), "name": "洛阳又一新人"}])
    assert resumed.run_once().error is None
    assert _ly(22) in dict(_assert_replica_is_the_centres(central, a)["person"])
    resumed.stop()


@pytest.mark.postgres
def test_a_colleagues_application_reaches_a_workstation_killed_in_its_first_load(
    pg_central: Central, tmp_path: Path
) -> None:
    central = pg_central
    _registry(central, tmp_path)
    b = counter(tmp_path / "b", "WS-02")  # a colleague's workstation of the same unit, working for a while
    form = eligible(b)  # the applicant's person and score are in its registry
    colleague = worker(b, central, "clerk02")
    assert colleague.run_once().error is None

    a = _new_counter(central, tmp_path / "a")
    proc, _ = _held_load(central, tmp_path / "a", "certificate", 2, "between")
    try:
        taken = submitted(b, CLERK2, form, "TZ-FIRST")
        assert colleague.run_once().error is None
        assert outbox_states(b)[-1][1] == "applied"
    finally:
        _kill(proc)
    a.store.dispose()

    a = _restarted(tmp_path / "a")
    assert _bar_text(a) == "首次载入登记库：证书 2 / 6"
    resumed = worker(a, central, "clerk01")
    assert resumed.run_once().error is None
    _assert_replica_is_the_centres(central, a)
    assert _bar_text(a) is None

    # At workstation A the clerk's 办件查询 by the applicant's ID number finds the colleague's application.
    found = search.page(a, search.Filters(text=form["id_number"]), offset=0, limit=10)
    assert [(r["uuid"], r["status"], r["created_by"], r["sync_state"]) for r in found] == [
        (taken, "received", "clerk02", "synced")
    ]
    with b.store.read() as s:
        number = s.execute(select(Application.number).where(Application.uuid == taken)).scalar_one()
    assert found[0]["number"] == number
    with central.store.read() as s:
        held = s.execute(select(Application.uuid, Application.number, Application.version)).all()
    assert held == [(taken, number, 2)]
    resumed.stop()
    colleague.stop()
