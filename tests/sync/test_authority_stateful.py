"""Property: several counters and two supervisors working offline and syncing in any order against one central
store never lose an accepted change without telling its author, never leave two valid certificates for one
application, and after everyone has synced every counter holds the central copy (issue 11)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.domain.numbering import serial_key
from app.models import Application, Certificate, CertificateVersion, OutboxEntry
from app.services import intake, review
from app.services.context import Actor, ServiceContext
from app.services.numbers import grant_block
from app.sync.worker import SyncWorker
from tests.store_templates import fresh_central_sqlite
from tests.sync.helpers import Central, clone, counter, eligible_forms, start_central, submitted, worker

CLERKS = [
    Actor("clerk01", "clerk", "张敏"),
    Actor("clerk02", "clerk", "王磊"),
    Actor("clerk01", "clerk", "张敏"),
]
SUPERVISORS = [Actor("sup01", "supervisor", "李静"), Actor("sup02", "supervisor", "赵刚")]
WS = ["WS-01", "WS-02", "WS-03"]


class CounterDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="cd-stateful-"))
        os.environ["COUNTERDESK_CENTRAL_KEY_FILE"] = str(self.root / "central.key")
        self.central: Central = start_central(fresh_central_sqlite(self.root / "central.sqlite3"))
        base = counter(self.root / "c0", WS[0])
        self.forms = eligible_forms(base, 6)
        self.counters: list[ServiceContext] = [base]
        for i in (1, 2):
            ctx = counter(clone(base, self.root / f"c{i}"), WS[i])
            self.counters.append(ctx)
        keys: dict[int, set[str]] = {}
        for i, ctx in enumerate(self.counters):  # each workstation prints from its own block
            for form in self.forms:
                category = str(form.get("category") or form.get("trade_code") or form.get("occupation"))
                key = serial_key("TZ", category, str(form.get("city") or ctx.workstation.city_letter))
                if key not in keys.setdefault(i, set()):
                    keys[i].add(key)
                    with ctx.store.write() as s:
                        grant_block(s, "TZ", key, ctx.today().year, 1000 * (i + 1), 1000 * (i + 1) + 99)
        self.workers: dict[tuple[int, str], SyncWorker] = {}
        self.known: list[str] = []  # application UUIDs, in submission order
        self.used = 0

    def teardown(self) -> None:
        for w in self.workers.values():
            w.client.close()
        self.central.stop()
        for ctx in self.counters:
            ctx.store.dispose()
        shutil.rmtree(self.root, ignore_errors=True)

    def _worker(self, i: int, username: str) -> SyncWorker:
        if (i, username) not in self.workers:
            self.workers[(i, username)] = worker(self.counters[i], self.central, username)
        return self.workers[(i, username)]

    def _local(self, i: int, uuid: str) -> Application | None:
        with self.counters[i].store.read() as s:
            return s.execute(select(Application).where(Application.uuid == uuid)).scalar_one_or_none()

    # ------------------------------------------------------------------ what people do

    @precondition(lambda self: self.used < len(self.forms))
    @rule(i=st.integers(0, 2))
    def submit(self, i: int) -> None:
        form = self.forms[self.used]
        self.used += 1
        with contextlib.suppress(DomainError):  # e.g. an open application for that ID already here
            self.known.append(submitted(self.counters[i], CLERKS[i], form, "TZ-FIRST"))

    def _pick(self, i: int, n: int, statuses: tuple[str, ...]) -> str | None:
        """One of this counter's own copies in one of `statuses` (what a person there could act on)."""
        with self.counters[i].store.read() as s:
            found = list(
                s.execute(
                    select(Application.uuid).where(Application.status.in_(statuses)).order_by(Application.id)
                ).scalars()
            )
        return found[n % len(found)] if found else None

    @precondition(lambda self: self.known)
    @rule(i=st.integers(0, 2), n=st.integers(0, 11), mobile=st.sampled_from(["13900000001", "13900000002"]))
    def edit(self, i: int, n: int, mobile: str) -> None:
        uuid = self._pick(i, n, ("received",))
        if uuid is not None:
            app = self._local(i, uuid)
            assert app is not None
            with contextlib.suppress(DomainError):
                intake.save_draft(self.counters[i], CLERKS[i], uuid, {**app.form, "mobile": mobile})

    @precondition(lambda self: self.known)
    @rule(i=st.integers(0, 2), n=st.integers(0, 11), what=st.sampled_from(["accept", "accept", "withdraw"]))
    def move(self, i: int, n: int, what: str) -> None:
        uuid = self._pick(i, n, ("received",))
        if uuid is None:
            return
        with contextlib.suppress(DomainError):
            if what == "accept":
                intake.accept(self.counters[i], CLERKS[i], uuid)
            else:
                intake.withdraw(self.counters[i], CLERKS[i], uuid, "申请人要求撤回")

    @precondition(lambda self: self.known)
    @rule(j=st.integers(0, 1), n=st.integers(0, 11))
    def approve(self, j: int, n: int) -> None:
        uuid = self._pick(j, n, ("accepted", "under_review"))
        if uuid is not None:
            with contextlib.suppress(DomainError):
                review.approve(self.counters[j], SUPERVISORS[j], uuid)

    @rule(i=st.integers(0, 2))
    def sync(self, i: int) -> None:
        self._sync(i)

    def _sync(self, i: int) -> None:
        ctx = self.counters[i]
        names = {CLERKS[i].username} | ({SUPERVISORS[i].username} if i < 2 else set())
        for name in sorted(names):
            w = self._worker(i, name)
            w.push_all(ctx.now())
        self._worker(i, CLERKS[i].username).pull_all(ctx.now())

    # ------------------------------------------------------------------ what must hold

    @invariant()
    def one_valid_certificate_per_application(self) -> None:
        with self.central.store.read() as s:
            rows = s.execute(
                select(CertificateVersion.application_number, func.count(func.distinct(Certificate.id)))
                .join(Certificate, Certificate.id == CertificateVersion.certificate_id)
                .where(Certificate.status == "01", CertificateVersion.application_number.is_not(None))
                .group_by(CertificateVersion.application_number)
            ).all()
        assert all(count == 1 for _, count in rows), rows

    @invariant()
    def every_refusal_is_told(self) -> None:
        for ctx in self.counters:
            with ctx.store.read() as s:
                refused = (
                    s.execute(select(OutboxEntry).where(OutboxEntry.state == "rejected")).scalars().all()
                )
                for e in refused:
                    assert e.result_code and e.result_message, (e.op, e.result_code)
                    assert "自动重试" not in e.result_message
                    if e.entity == "application":
                        app = s.execute(select(Application).where(Application.uuid == e.entity_id)).scalar()
                        assert app is None or app.sync_state in ("rejected", "synced", "pending")

    def teardown_check(self) -> None:
        """After everyone has synced twice (pushes, then pulls of what others pushed), all copies agree."""
        for _ in range(2):
            for i in range(3):
                self._sync(i)
        STATS.append(self._stats())
        with self.central.store.read() as s:
            central = {
                a.uuid: (a.status, a.version, a.mobile) for a in s.execute(select(Application)).scalars()
            }
            valid: dict[str, set[str]] = {}
            for number, app_number in s.execute(
                select(Certificate.number, CertificateVersion.application_number)
                .join(CertificateVersion, CertificateVersion.certificate_id == Certificate.id)
                .where(Certificate.status == "01")
            ):
                valid.setdefault(str(app_number), set()).add(number)
        for i, ctx in enumerate(self.counters):
            with ctx.store.read() as s:
                pending = s.execute(select(func.count()).where(OutboxEntry.state == "pending")).scalar()
                assert pending == 0, f"counter {i} still has {pending} entries waiting"
                for uuid, expected in central.items():
                    app = s.execute(select(Application).where(Application.uuid == uuid)).scalar_one_or_none()
                    assert app is not None, f"counter {i} lacks {uuid}"
                    assert (app.status, app.version, app.mobile) == expected, (i, uuid)
                for app_number, numbers in valid.items():
                    mine = set(
                        s.execute(
                            select(Certificate.number)
                            .join(CertificateVersion, CertificateVersion.certificate_id == Certificate.id)
                            .where(
                                Certificate.status == "01",
                                CertificateVersion.application_number == app_number,
                            )
                        ).scalars()
                    )
                    assert mine <= numbers, (i, app_number, mine, numbers)

    def _stats(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for ctx in self.counters:
            with ctx.store.read() as s:
                for op, state in s.execute(select(OutboxEntry.op, OutboxEntry.state)):
                    out[f"{op}:{state}"] = out.get(f"{op}:{state}", 0) + 1
        return out


STATS: list[dict[str, int]] = []


class _Checked(CounterDay):
    def teardown(self) -> None:
        try:
            self.teardown_check()
        finally:
            super().teardown()


@pytest.mark.slow
def test_counters_and_supervisors_converge_under_the_conflict_rule() -> None:
    run: Any = _Checked.TestCase
    # Derandomized: eight random days of 25 steps sometimes held no refusal at all, and the check below that
    # the run exercised its seams then failed CI by chance. The same eight days every run, chosen by Hypothesis.
    run.settings = settings(
        max_examples=8,
        stateful_step_count=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    run("runTest").runTest()
    # The run must have exercised the seams it is about, not only quiet days.
    seen: dict[str, int] = {}
    for stats in STATS:
        for k, v in stats.items():
            seen[k] = seen.get(k, 0) + v
    assert seen.get("application.approve:applied", 0) > 0, seen
    assert sum(v for k, v in seen.items() if k.endswith(":rejected")) > 0, seen
