"""Sync benchmarks against PostgreSQL: push throughput vs raw psycopg, 20 concurrent clients, blob upload, and
the morning burst of issue 15.

    .venv/bin/python -m bench.bench_sync            (or `make bench`, which calls run())
    .venv/bin/python -m bench.bench_sync ratio [ROUNDS]          push vs raw psycopg only
    .venv/bin/python -m bench.bench_sync burst BATCHES [WINDOW]  the burst only (2 48: a fifth of the morning)

Prints ratios against a baseline measured in the same run; needs PostgreSQL on 127.0.0.1:5432 (or
COUNTERDESK_BENCH_PG pointing at a server's maintenance database).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from app.central import auth
from app.central.data_key import ENV_KEY_FILE
from app.central.schemas import EnrolRequest
from app.central.sequencer import settle
from app.central.server import bind_socket
from app.central.store import open_store
from app.central.workstations import enrol
from app.core.authorship import Signer, public_of, signed_body
from app.domain.identifiers import resident_id_check_char
from app.models import User, Workstation
from app.sync.client import SyncClient
from bench.bench_parts import create_database, drop_database, sqlalchemy_url
from bench.sync_baselines import raw_baseline

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = 10_000
BATCH = 200
CLIENTS = 20
BATCHES_PER_CLIENT = 10
CLIENT_BATCH = 50
BLOB_MB = 2
BLOBS = 16
ROUNDS = 5


SIGNERS: dict[str, Signer] = {}


def _seed(url: str, users: list[str], *, enrolled: bool = False) -> dict[str, str]:
    """Migrate, create one clerk per client and return a credential for each: the clerk's own login token, or
    (`enrolled`) the credential of a workstation enrolled for that clerk's counter, which is how counters push in
    production: every entry then carries its author's Ed25519 signature (see `_signed`), checked centrally."""
    store = open_store(sqlalchemy_url(url))
    now = auth.utcnow()
    pw = auth.hash_password("Bench1234")
    tokens = {}
    with store.write() as s:
        s.add(Workstation(code="WS-B", name="压测", unit_code="410000", counter_no="01", created_at=now))
        for u in users:
            private = SIGNERS[u].private if u in SIGNERS else Ed25519PrivateKey.generate()
            SIGNERS[u] = Signer(u, private)
            s.add(
                User(
                    username=u,
                    display_name=u,
                    role="clerk",
                    unit_code="410000",
                    password_hash=pw,
                    active=True,
                    must_change_password=False,
                    sign_public_keys=[public_of(private)],
                    created_at=now,
                    updated_at=now,
                )
            )
        s.flush()
        if not enrolled:
            for u in users:
                tokens[u], _ = auth.issue_token(s, u, "WS-B", timedelta(hours=2))
    if enrolled:
        admin = auth.Principal("bench-admin", "admin", "410000", "压测", None, "")
        for i, u in enumerate(users):
            req = EnrolRequest(code=f"WS-{i:03d}", name=f"压测窗口{i:03d}", counter_no=f"{i % 100:02d}")
            tokens[u] = enrol(store, admin, req).credential
    store.dispose()
    return tokens


def _signed(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry with its author's signature over what app.core.authorship covers, as the counter writes it."""
    body = signed_body(
        entry["key"],
        entry["op"],
        entry["entity"],
        entry["entity_id"],
        entry["actor"],
        entry["payload"],
        entry["blobs"],
    )
    return {**entry, "signature": SIGNERS[entry["actor"]].sign(body)}


_SERIAL = itertools.count(1)


def _valid_id(n: int) -> str:
    """The n-th of distinct valid resident ID numbers (the central store checks every one it stores)."""
    birth = date(1960, 1, 1) + timedelta(days=n // 1000)
    first17 = f"410105{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def _entry(actor: str, i: int, tag: str) -> dict[str, Any]:
    """An application.submit entry shaped exactly like app.services.views.snapshot() writes it, with values the
    central store accepts (a valid ID number, a 20-digit application number)."""
    app_uuid = str(uuid.uuid4())
    now = datetime.now(UTC).replace(tzinfo=None) - timedelta(minutes=5)
    n = next(_SERIAL)
    idn = _valid_id(n)
    snap = {
        "uuid": app_uuid,
        "number": f"41000020261123{n:06d}",
        "item_code": "TZ-FIRST",
        "family": "TZ",
        "status": "received",
        "version": 2,
        "id_number": idn,
        "applicant_name": "压测人员",
        "mobile": "13838012345",
        "company_code": None,
        "company_name": None,
        "certificate_number": None,
        "form": {"id_number": idn, "name": "压测人员", "trade_code": "01", "education": "高中或中专"},
        "conditions": [0, 1, 2],
        "material_states": {"form_signed": "paper", "id_card_front": "scanned"},
        "reason": None,
        "missing_items": [],
        "unit_code": "410000",
        "counter_no": "01",
        "created_by": actor,
        "received_by": actor,
        "received_at": now.isoformat(),
        "accepted_by": None,
        "decided_by": None,
        "due_on": "2026-11-30",
    }
    return {
        "key": str(uuid.uuid4()),
        "op": "application.submit",
        "entity": "application",
        "entity_id": app_uuid,
        "actor": actor,
        "created_at": now.isoformat(),
        "payload": {"base_version": 1, "application": snap},
        "blobs": [],
    }


def _server(url: str, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    sock = bind_socket()
    port = sock.getsockname()[1]
    sock.close()
    # A PostgreSQL central store needs its data key file; the benchmark's databases and key are throwaway.
    key_file = Path(tempfile.gettempdir()) / "counterdesk-bench-central-data.key"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.central",
            "--db",
            sqlalchemy_url(url),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env={**os.environ, ENV_KEY_FILE: os.environ.get(ENV_KEY_FILE) or str(key_file)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("central server did not start")


def _push_rate(base: str, token: str, entries: list[dict[str, Any]], settled: Engine) -> float:
    """Entries per second from the first push to every pushed change holding its feed seq: the centre answers a
    push before its background sequencer numbers the changes, and the raw baseline numbers them inside its timed
    section, so this one ends with a sequencer run that waits for the one in progress (`settle`)."""
    client = SyncClient(base, token=token, timeout=300)
    start = time.perf_counter()
    for b in range(0, len(entries), BATCH):
        answers = client.push(entries[b : b + BATCH])
        assert all(a["status"] == "applied" for a in answers), answers[:1]
    settle(settled)
    rate = len(entries) / (time.perf_counter() - start)
    client.close()
    return rate


def _concurrent(base: str, tokens: dict[str, str]) -> tuple[float, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))

    def one(i: int, user: str, token: str) -> None:
        client = SyncClient(base, token=token, timeout=300)
        batches = [
            [_entry(user, j * CLIENT_BATCH + k, f"c{i:02d}") for k in range(CLIENT_BATCH)]
            for j in range(BATCHES_PER_CLIENT)
        ]
        barrier.wait()
        for batch in batches:
            t = time.perf_counter()
            answers = client.push(batch)
            took = time.perf_counter() - t
            assert all(a["status"] == "applied" for a in answers)
            with lock:
                latencies.append(took)
        client.close()

    threads = [threading.Thread(target=one, args=(i, u, t)) for i, (u, t) in enumerate(tokens.items())]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    return p50, p99


def _blob_rate(base: str, token: str) -> float:
    client = SyncClient(base, token=token, timeout=300)
    # The central store takes only files that begin as what they are declared to be (a JPEG here).
    blobs = [b"\xff\xd8\xff\xe0" + os.urandom(BLOB_MB * 1024 * 1024 - 4) for _ in range(BLOBS)]
    start = time.perf_counter()
    for data in blobs:
        client.put_blob(hashlib.sha256(data).hexdigest(), data, "image/jpeg")
    took = time.perf_counter() - start
    client.close()
    return BLOB_MB * BLOBS / took


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1)}


def ratio(rounds: int = ROUNDS) -> dict[str, Any]:
    """Push vs raw psycopg, interleaved round by round on two databases that grow alike; blob upload after."""
    tag = uuid.uuid4().hex[:8]
    names = {k: f"cd_bench_{k}_{tag}" for k in ("raw", "one", "sync")}
    results: dict[str, Any] = {}
    try:
        raw_url = create_database(names["raw"])
        _seed(raw_url, ["clerk01"])
        one_url = create_database(names["one"])
        _seed(one_url, ["clerk01"])
        sync_url = create_database(names["sync"])
        tokens = _seed(sync_url, ["clerk01"])
        proc, base = _server(sync_url, 2)
        settled = create_engine(sqlalchemy_url(sync_url), poolclass=NullPool)
        raws: list[float] = []
        ones: list[float] = []
        pushes: list[float] = []
        try:
            for r in range(rounds):
                raws.append(raw_baseline(raw_url, [_entry("clerk01", i, "r") for i in range(ENTRIES)], BATCH))
                ones.append(
                    raw_baseline(
                        one_url,
                        [_entry("clerk01", i, "o") for i in range(ENTRIES)],
                        BATCH,
                        one_statement=True,
                    )
                )
                pushes.append(
                    _push_rate(
                        base, tokens["clerk01"], [_entry("clerk01", i, "s") for i in range(ENTRIES)], settled
                    )
                )
                print(
                    f"  round {r + 1}: push {pushes[-1]:.0f}/s, raw psycopg {raws[-1]:.0f}/s"
                    f" (one statement per table {ones[-1]:.0f}/s)",
                    flush=True,
                )
            results["blob_upload_mb_s"] = round(_blob_rate(base, tokens["clerk01"]), 1)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
            settled.dispose()
    finally:
        for name in names.values():
            drop_database(name)
    ratios = [p / r for p, r in zip(pushes, raws, strict=True)]
    to_one = [p / r for p, r in zip(pushes, ones, strict=True)]
    results.update(
        rounds=rounds,
        push_entries_per_s=_spread(pushes),
        raw_psycopg_rows_per_s=_spread(raws),
        push_vs_raw_ratio={"median": round(statistics.median(ratios), 3), "min": round(min(ratios), 3)},
        # The same rows written the way the product writes them (one statement per table): what is left is the
        # product's own Python work (validation, derivation, HTTP), not the way rows reach the database.
        raw_one_statement_rows_per_s=_spread(ones),
        push_vs_raw_one_statement_ratio={
            "median": round(statistics.median(to_one), 3),
            "min": round(min(to_one), 3),
        },
        push_vs_raw_goal=0.5,
    )
    return results


def run() -> dict[str, Any]:
    """Push vs raw psycopg interleaved round by round (ROUNDS rounds of ENTRIES each, on two databases that grow
    alike), 20 concurrent clients, blob upload, and the morning burst (issue 15) against 2 central processes."""
    tag = uuid.uuid4().hex[:8]
    names = {k: f"cd_bench_{k}_{tag}" for k in ("many",)}
    results: dict[str, Any] = ratio()
    try:
        many_url = create_database(names["many"])
        tokens = _seed(many_url, [f"clerk{i:02d}" for i in range(CLIENTS)])
        proc, base = _server(many_url)
        try:
            p50, p99 = _concurrent(base, tokens)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(30)
        results.update(
            concurrent_clients=CLIENTS,
            concurrent_batch_entries=CLIENT_BATCH,
            batch_latency_p50_ms=round(p50 * 1000, 1),
            batch_latency_p99_ms=round(p99 * 1000, 1),
        )
    finally:
        for name in names.values():
            drop_database(name)
    # The issue's morning: 200 counters, 50,000 applications in batches of 25, arriving over 240 s.
    results["burst"] = burst(BURST_BATCHES, workers=2, window=BURST_WINDOW)
    return results


BURST_COUNTERS = 200
BURST_BATCH = 25
BURST_BATCHES = 10  # per counter: 200 × 10 × 25 = 50,000 applications
BURST_WINDOW = 240.0


async def _burst_clients(
    base: str, tokens: dict[str, str], batches: int, window: float, pulls: list[float] | None = None
) -> list[float]:
    """Each counter pushes its batches one `window / batches` apart, the counters' first pushes spread evenly over
    the first interval (window 0: every batch at once, one after another per counter). With `pulls`, each push is
    followed by a pull of the applications stream from the counter's cursor, as its sync worker does; the pulls'
    latencies go there."""
    import asyncio

    latencies: list[float] = []
    start = asyncio.Event()
    interval = window / batches
    t0 = 0.0

    async def counter(i: int, user: str, token: str) -> None:
        work = [
            [_signed(_entry(user, j * BURST_BATCH + k, f"{i:03d}")) for k in range(BURST_BATCH)]
            for j in range(batches)
        ]
        headers = {"Authorization": f"Bearer {token}"}
        cursor = 0
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=300) as client:
            await start.wait()
            for j, batch in enumerate(work):
                due = t0 + interval * (j + i / len(tokens))
                await asyncio.sleep(max(0.0, due - time.perf_counter()))  # pacing the offered load
                t = time.perf_counter()
                resp = await client.post("/sync/push", json={"entries": batch})
                latencies.append(time.perf_counter() - t)
                resp.raise_for_status()
                assert all(a["status"] == "applied" for a in resp.json()["answers"])
                if pulls is not None:
                    t = time.perf_counter()
                    got = await client.get("/sync/pull", params={"stream": "applications", "after": cursor})
                    pulls.append(time.perf_counter() - t)
                    got.raise_for_status()
                    cursor = got.json()["next_cursor"]

    tasks = [asyncio.create_task(counter(i, u, t)) for i, (u, t) in enumerate(tokens.items())]
    await asyncio.sleep(0)
    t0 = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    return latencies


def burst(
    batches: int = 2,
    workers: int = 2,
    counters: int = BURST_COUNTERS,
    window: float = 0.0,
    with_pulls: bool = False,
) -> dict[str, Any]:
    """A morning burst: `counters` enrolled workstations (async clients), each pushing `batches` batches of 25
    signed submissions, paced over `window` seconds (0: all at once), against `workers` central processes on
    PostgreSQL. Batch latency p50 / p99 / max, and the feed checked afterwards: every change once, seqs without
    gaps."""
    import asyncio

    tag = uuid.uuid4().hex[:8]
    name = f"cd_bench_burst_{tag}"
    try:
        url = create_database(name)
        tokens = _seed(url, [f"clerk{i:03d}" for i in range(counters)], enrolled=True)
        proc, base = _server(url, workers)
        try:
            t = time.perf_counter()
            pulls: list[float] | None = [] if with_pulls else None
            latencies = asyncio.run(_burst_clients(base, tokens, batches, window, pulls))
            wall = time.perf_counter() - t
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
        with psycopg.connect(url) as conn:
            seqs = [r[0] for r in conn.execute("SELECT seq FROM central_changes ORDER BY seq")]
            ids = conn.execute("SELECT count(DISTINCT entity_id) FROM central_changes").fetchone()
        entries = counters * batches * BURST_BATCH
        assert len(seqs) == entries and seqs == list(range(seqs[0], seqs[0] + entries)), "feed incomplete"
        assert ids is not None and ids[0] == entries
    finally:
        drop_database(name)
    latencies.sort()

    def pct(p: float, values: list[float] = latencies) -> float:
        return round(values[min(len(values) - 1, int(round(p * (len(values) - 1))))] * 1000, 1)

    pulled = sorted(pulls) if pulls else []
    return {
        **(
            {"pull_p50_ms": pct(0.5, pulled), "pull_p99_ms": pct(0.99, pulled), "pulls": len(pulled)}
            if pulled
            else {}
        ),
        "counters": counters,
        "batches_per_counter": batches,
        "batch_entries": BURST_BATCH,
        "entries": entries,
        "workers": workers,
        "batch_p50_ms": pct(0.5),
        "batch_p99_ms": pct(0.99),
        "batch_max_ms": round(latencies[-1] * 1000, 1),
        "entries_per_s": round(entries / wall, 1),
        "offered_entries_per_s": round(entries / window, 1) if window else "all at once",
        "goal_p99_ms": 300,
    }


def main() -> None:
    if sys.argv[1:2] == ["ratio"]:
        for key, value in ratio(int(sys.argv[2]) if len(sys.argv) > 2 else ROUNDS).items():
            print(f"  {key}: {value}")
        return
    if sys.argv[1:2] == ["burst"]:
        batches = int(sys.argv[2]) if len(sys.argv) > 2 else 2
        window = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0  # the issue's morning: 50,000 in 240 s
        with_pulls = sys.argv[4:5] == [
            "pulls"
        ]  # each push followed by its counter's pull, as the sync worker does
        for key, value in burst(batches, window=window, with_pulls=with_pulls).items():
            print(f"  {key}: {value}")
        return
    results = run()
    print(f"sync push, {ENTRIES} entries in batches of {BATCH} to PostgreSQL, {ROUNDS} rounds interleaved:")
    push, raw, rr = (
        results["push_entries_per_s"],
        results["raw_psycopg_rows_per_s"],
        results["push_vs_raw_ratio"],
    )
    print(
        f"  push {push['median']:.0f} entries/s (min {push['min']:.0f}); raw psycopg {raw['median']:.0f} rows/s (min {raw['min']:.0f})"
    )
    print(
        f"  ratio to raw psycopg: median {rr['median']:.3f}, min {rr['min']:.3f} (goal >= {results['push_vs_raw_goal']})"
    )
    print(
        f"{CLIENTS} concurrent clients, batches of {CLIENT_BATCH}: p50 {results['batch_latency_p50_ms']} ms,"
        f" p99 {results['batch_latency_p99_ms']} ms per batch"
    )
    print(f"blob upload on loopback: {results['blob_upload_mb_s']} MB/s")
    b = results["burst"]
    print(
        f"morning burst, {b['counters']} counters, {b['entries']} entries in batches of {b['batch_entries']} over"
        f" {BURST_WINDOW:.0f} s, {b['workers']} processes: p50 {b['batch_p50_ms']} ms, p99 {b['batch_p99_ms']} ms,"
        f" max {b['batch_max_ms']} ms (goal p99 < {b['goal_p99_ms']} ms)"
    )


if __name__ == "__main__":
    main()
