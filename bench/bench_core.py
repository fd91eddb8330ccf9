"""Core benchmarks (issue 2): extract at scale, rule evaluation, durable submissions — each against raw sqlite3."""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from app.bootstrap import db_path, open_context
from app.domain.identifiers import make_resident_id
from app.domain.rules import evaluate
from app.services import intake, lookup
from app.services.context import Actor

PERSONS = 1_000_000
CLERK = Actor("clerk01", "clerk", "张敏")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _fill(path: Path, n: int) -> list[str]:
    """Bulk-load n persons and n certificates (plus scores, constructors, blacklist) with raw sqlite3."""
    rng = random.Random(1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    now = datetime(2026, 11, 23).isoformat(" ")
    ids: list[str] = []
    batch_p, batch_c, batch_s = [], [], []
    for i in range(n):
        idn = make_resident_id(rng)
        ids.append(idn)
        batch_p.append((idn, "张三", "男", "1985-01-01", "13800000000", now))
        batch_c.append(
            (
                f"豫建安C2（2024）{i:07d}",
                "AG",
                "C2",
                idn,
                "张三",
                "91410100MA00000000",
                "某建设有限公司",
                "01",
                "2024-01-01",
                "2024-01-01",
                "2027-01-01",
                "2024-01-01",
                1,
                now,
            )
        )
        if i % 3 == 0:
            batch_s.append((idn, "张三", "exam", "AG", "C2", 80.0, 1, "2026-01-01", "2027-01-01", now))
        if len(batch_p) == 50_000:
            _flush(conn, batch_p, batch_c, batch_s)
    _flush(conn, batch_p, batch_c, batch_s)
    conn.commit()
    conn.close()
    return ids


def _flush(conn: sqlite3.Connection, p: list, c: list, s: list) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO persons (id_number, name, sex, birth_date, mobile, updated_at) VALUES (?,?,?,?,?,?)",
        p,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO certificates (number, family, category, holder_id_number, holder_name, company_code, company_name, status,"
        " first_issued_on, valid_from, valid_to, issued_on, version, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        c,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO scores (id_number, name, kind, family, category, score, passed, exam_date, valid_to, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        s,
    )
    p.clear()
    c.clear()
    s.clear()


# The same seven lookups extract makes, written by hand against sqlite3: the floor for this access pattern.
RAW_EXTRACT = [
    (
        "SELECT id_number, name, sex, birth_date, old_id_number, mobile, education, photo_sha256 IS NOT NULL FROM persons WHERE id_number = ? OR old_id_number = ? LIMIT 2",
        2,
    ),
    (
        "SELECT number, family, category, holder_id_number, status, valid_to, company_code, company_name, holder_name, photo_sha256 IS NOT NULL FROM certificates WHERE holder_id_number IN (?)",
        1,
    ),
    ("SELECT kind, family, category, passed, exam_date, valid_to FROM scores WHERE id_number IN (?)", 1),
    (
        "SELECT id_number, name, company_uscc, valid_to, registration_number FROM constructor_registrations WHERE id_number IN (?, ?)",
        2,
    ),
    ("SELECT reason, listed_on FROM blacklist_entries WHERE id_number IN (?) AND lifted_on IS NULL", 1),
    (
        "SELECT number FROM applications WHERE id_number IN (?) AND status IN ('received','accepted','under_review','correction_requested')",
        1,
    ),
    (
        "SELECT c.name, c.uscc, c.org_code, q.category FROM companies c LEFT JOIN company_qualifications q ON q.company_id = c.id WHERE c.uscc = ?",
        0,
    ),
]


def bench_extract(root: Path, n: int = PERSONS, samples: int = 3000) -> dict[str, float]:
    ctx = open_context(root)
    path = db_path(root)
    print(f"filling {n:,} persons and {n:,} certificates …", flush=True)
    ids = _fill(path, n)
    rng = random.Random(2)
    picks = [rng.choice(ids) for _ in range(samples)]
    raw = sqlite3.connect(path)
    for idn in picks[:200]:  # warm both paths equally
        lookup.extract(ctx, idn)
    raw_times, svc_times = [], []
    for idn in picks:
        t = time.perf_counter()
        for q, n_ids in RAW_EXTRACT:
            args = (idn,) * n_ids if n_ids else ("91410100MA00000000",)
            if n_ids == 2 and "constructor" in q:
                args = (idn, idn[:6] + idn[8:17])
            raw.execute(q, args).fetchall()
        raw_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        lookup.extract(ctx, idn)
        svc_times.append(time.perf_counter() - t)
    raw.close()
    ctx.store.dispose()
    out = {
        "extract_median_us": statistics.median(svc_times) * 1e6,
        "extract_p99_us": _percentile(svc_times, 0.99) * 1e6,
        "raw_median_us": statistics.median(raw_times) * 1e6,
        "raw_p99_us": _percentile(raw_times, 0.99) * 1e6,
    }
    out["ratio_median"] = out["extract_median_us"] / out["raw_median_us"]
    out["ratio_p99"] = out["extract_p99_us"] / out["raw_p99_us"]
    return out


def bench_rules(root: Path, runs: int = 2000) -> dict[str, float]:
    from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock

    ctx = open_context(root)
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("AG-RENEW")
    rc = lookup.rule_context(
        ctx,
        "AG-RENEW",
        sc.form,
        conditions=all_conditions(ctx, "AG-RENEW"),
        materials=all_materials(ctx, "AG-RENEW"),
    )
    pure, full = [], []
    for _ in range(runs):
        t = time.perf_counter()
        evaluate(rc)
        pure.append(time.perf_counter() - t)
    for _ in range(runs // 4):
        t = time.perf_counter()
        intake.evaluate_form(
            ctx,
            "AG-RENEW",
            sc.form,
            conditions=all_conditions(ctx, "AG-RENEW"),
            material_states=all_materials(ctx, "AG-RENEW"),
        )
        full.append(time.perf_counter() - t)
    ctx.store.dispose()
    return {
        "rules_only_median_ms": statistics.median(pure) * 1e3,
        "with_lookup_median_ms": statistics.median(full) * 1e3,
    }


def bench_submissions(root: Path, n: int = 10_000) -> dict[str, float]:
    from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock

    ctx = open_context(root)
    fixed_clock(ctx, datetime(2026, 11, 23, 9, 0))
    b = Builder(ctx)
    idn, name = b.person()
    company = b.company()
    rng = random.Random(3)
    print(f"preparing {n:,} drafts …", flush=True)
    refs = []
    form_base = {"name": name, "mobile": "13838012345", "cancel_reason": "本人申请"}
    conds, mats = all_conditions(ctx, "TZ-CANCEL"), all_materials(ctx, "TZ-CANCEL")
    with ctx.store.write() as s:
        from app.models import Application

        for i in range(n):
            idn_i = make_resident_id(rng, birth=date(1960, 1, 1) + timedelta(days=i))
            cert = f"豫A01{2024}{i:06d}"
            a = Application(
                uuid=str(uuid.uuid4()),
                item_code="TZ-CANCEL",
                family="TZ",
                status="draft",
                version=1,
                id_number=idn_i,
                applicant_name=name,
                form={**form_base, "id_number": idn_i, "certificate_number": cert},
                conditions=conds,
                material_states=mats,
                missing_items=[],
                provisional=True,
                unit_code="410000",
                counter_no="01",
                created_by="clerk01",
                created_at=ctx.now(),
                updated_at=ctx.now(),
                sync_state="local",
                certificate_number=cert,
                company_code=company[0],
            )
            s.add(a)
            refs.append(a.uuid)
    # Certificates so that the rules pass (CERTIFICATE_EXISTS): bulk, outside the timing.
    conn = sqlite3.connect(db_path(root))
    conn.executemany(
        "INSERT INTO certificates (number, family, category, holder_id_number, holder_name, status, first_issued_on, valid_from, valid_to,"
        " issued_on, version, updated_at) SELECT certificate_number, 'TZ', '01', id_number, applicant_name, '01', '2024-01-01', '2024-01-01',"
        " '2027-01-01', '2024-01-01', 1, '2026-01-01' FROM applications WHERE uuid = ?",
        [(r,) for r in refs],
    )
    conn.commit()
    conn.close()
    t = time.perf_counter()
    for ref in refs:
        intake.submit(ctx, CLERK, ref)
    svc = time.perf_counter() - t
    ctx.store.dispose()

    # The baseline writes the very rows the services wrote (same JSON, same indexes), under fresh keys.
    raw = sqlite3.connect(db_path(root), isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"):
        raw.execute(pragma)
    apps = raw.execute("SELECT * FROM applications WHERE status = 'received' ORDER BY id").fetchall()
    app_cols = [d[0] for d in raw.execute("SELECT * FROM applications LIMIT 0").description]
    audits = raw.execute(
        "SELECT * FROM audit_events WHERE action = 'application.submit' ORDER BY id"
    ).fetchall()
    audit_cols = [d[0] for d in raw.execute("SELECT * FROM audit_events LIMIT 0").description]
    outs = raw.execute("SELECT * FROM outbox WHERE op = 'application.submit' ORDER BY id").fetchall()
    out_cols = [d[0] for d in raw.execute("SELECT * FROM outbox LIMIT 0").description]

    def insert_sql(table: str, cols: list[str]) -> str:
        kept = [c for c in cols if c != "id"]
        return f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({', '.join('?' for _ in kept)})"

    def fresh(row: tuple, cols: list[str], **changes: object) -> list[object]:
        values = dict(zip(cols, row, strict=True))
        values.update(changes)
        return [values[c] for c in cols if c != "id"]

    sql_app, sql_audit, sql_out = (
        insert_sql("applications", app_cols),
        insert_sql("audit_events", audit_cols),
        insert_sql("outbox", out_cols),
    )
    t = time.perf_counter()
    for i, (a, ev, ob) in enumerate(zip(apps, audits, outs, strict=False)):
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            sql_app, fresh(a, app_cols, uuid=str(uuid.uuid4()), number=f"R{i:019d}", status="withdrawn")
        )
        raw.execute(sql_audit, fresh(ev, audit_cols))
        raw.execute(sql_out, fresh(ob, out_cols, key=str(uuid.uuid4())))
        raw.execute("COMMIT")
    base = time.perf_counter() - t
    raw.close()
    done = len(apps)
    return {"service_per_s": n / svc, "raw_per_s": done / base, "ratio": (n / svc) / (done / base)}


def run() -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["rules"] = r = bench_rules(Path(tmp) / "rules")
        print(
            f"rule evaluation of one application: {r['rules_only_median_ms']:.3f} ms median (goal < 5 ms);"
            f" with its registry lookups {r['with_lookup_median_ms']:.3f} ms"
        )
        results["submissions"] = r = bench_submissions(Path(tmp) / "submit")
        print(
            f"10,000 durable submissions: {r['service_per_s']:.0f}/s through the services, raw sqlite3 {r['raw_per_s']:.0f}/s,"
            f" ratio {r['ratio']:.2f} (goal ≥ 0.3)"
        )
        results["extract"] = r = bench_extract(Path(tmp) / "extract")
        print(
            f"extract by ID at 1M persons/1M certificates: median {r['extract_median_us']:.0f} µs, p99 {r['extract_p99_us']:.0f} µs;"
            f" raw sqlite3 median {r['raw_median_us']:.0f} µs, p99 {r['raw_p99_us']:.0f} µs;"
            f" ratio median {r['ratio_median']:.2f}×, p99 {r['ratio_p99']:.2f}× (goal ≤ 4×)"
        )
    return results


if __name__ == "__main__":
    run()
