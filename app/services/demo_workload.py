"""Demo applications for the first start, screenshots, benchmarks and UI tests.

`add_demo_applications` drives real applications through the services from the demo registry, so screens show
records in every common status. `bulk_insert_applications` writes list rows with raw SQL, for load tests of the
applications list only (those rows have no audit trail).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from app.domain.errors import DomainError
from app.models import Application, Certificate, OutboxEntry
from app.services import counter_decisions, intake, lookup, review, submission
from app.services.context import Actor, ServiceContext

# Reissue and cancellation need only a valid certificate in the registry; every demo person with one qualifies.
_ITEMS_BY_FAMILY = {
    "AG": ("AG-REISSUE", "AG-CANCEL"),
    "TZ": ("TZ-REISSUE", "TZ-CANCEL"),
    "JN": ("JN-CANCEL",),
}
_FILL = {
    "reissue_reason": "遗失",
    "loss_notice_ref": "《河南日报》遗失声明",
    "cancel_reason": "本人申请",
}


@dataclass(frozen=True)
class DemoApplications:
    received: list[str]
    accepted: list[str]
    corrections: list[str]
    refused: list[str]
    drafts: list[str]
    approved: list[str]


def _holders(ctx: ServiceContext, limit: int) -> list[tuple[str, str, str]]:
    with ctx.store.read() as s:
        rows = s.execute(
            select(Certificate.holder_id_number, Certificate.number, Certificate.family)
            .where(Certificate.status == "01")
            .order_by(Certificate.id)
            .limit(limit)
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def _start(ctx: ServiceContext, actor: Actor, idn: str, cert: str, family: str, n: int) -> str | None:
    items = _ITEMS_BY_FAMILY.get(family)
    if not items:
        return None
    # Shifted every eight records, so that each status gets reissues (a certificate to print) and cancellations.
    item = ctx.catalogue.item(items[(n + n // 8) % len(items)])
    form = lookup.extract(ctx, idn).form_values(family, cert)
    form.setdefault("mobile", "13838012345")
    for f in item.fields:
        if f.name in _FILL:
            form[f.name] = _FILL[f.name]
        elif f.name == "company_name" and not form.get("company_name"):
            form["company_name"] = "河南省第一建筑工程集团有限责任公司"
        elif f.name == "sex" and not form.get("sex"):
            form["sex"] = "男"
    conditions = list(range(len(item.conditions)))
    materials = {m.code: "scanned" for m in item.materials if not m.electronic}
    draft = intake.create_draft(ctx, actor, item.code, form, conditions=conditions, material_states=materials)
    return draft.uuid


def add_demo_applications(
    ctx: ServiceContext, clerk: Actor, supervisor: Actor | None = None, *, count: int = 24
) -> DemoApplications:
    """Applications in the statuses a clerk meets on a normal day; records that fail a rule are skipped."""
    out: dict[str, list[str]] = {k: [] for k in DemoApplications.__dataclass_fields__}
    plan = ["received", "accepted", "received", "corrections", "refused", "accepted", "drafts", "approved"]
    n = 0
    for idn, cert, family in _holders(ctx, count * 4):
        if n >= count:
            break
        target = plan[n % len(plan)]
        try:
            ref = _start(ctx, clerk, idn, cert, family, n)
            if ref is None:
                continue
            if target != "drafts":
                submission.submit(ctx, clerk, ref)
            if target in ("accepted", "approved"):
                counter_decisions.accept(ctx, clerk, ref)
            if target == "approved" and supervisor is not None:
                review.approve(ctx, supervisor, ref)
            elif target == "approved":
                target = "accepted"
            if target == "corrections":
                counter_decisions.request_correction(
                    ctx, clerk, ref, ["身份证（反面）复印件不清晰", "近期免冠照片"]
                )
            if target == "refused":
                counter_decisions.refuse(ctx, clerk, ref, "申请人不符合补办条件：证书已在其他事项中办理")
        except DomainError:
            continue
        out[target].append(ref)
        n += 1
    return DemoApplications(**out)


def add_attention_cases(ctx: ServiceContext, demo: DemoApplications) -> None:
    """Demo only, for the screenshots: one received application overdue and one accepted due today, so the overdue
    and due-soon lists have something to show, and the first accepted one's last outbox entry rejected by the
    central store, so "needs attention" shows what a rejection looks like."""
    today = ctx.today()
    with ctx.store.write() as s:
        if demo.received:
            s.execute(
                update(Application)
                .where(Application.uuid == demo.received[0])
                .values(due_on=today - timedelta(days=2))
            )
        if len(demo.accepted) > 1:
            s.execute(update(Application).where(Application.uuid == demo.accepted[1]).values(due_on=today))
        target = demo.accepted[0] if demo.accepted else None
        entry = (
            s.execute(
                select(OutboxEntry).where(OutboxEntry.entity_id == target).order_by(OutboxEntry.id.desc())
            )
            .scalars()
            .first()
        )
        if entry is not None:
            entry.state, entry.result_code = "rejected", "OPEN_APPLICATION_EXISTS"
            entry.result_message = (
                "您尚有未办结的申请事项，请等待办结后再进行申报（郑州市二七区窗口 03 号已于 09:12 收件）"
            )


_STATUS_SQL = (
    "CASE WHEN i % 100 < 14 THEN 'received' WHEN i % 100 < 28 THEN 'accepted'"
    " WHEN i % 100 < 34 THEN 'under_review' WHEN i % 100 < 74 THEN 'approved'"
    " WHEN i % 100 < 80 THEN 'refused' WHEN i % 100 < 84 THEN 'withdrawn'"
    " WHEN i % 100 < 92 THEN 'correction_requested' WHEN i % 100 < 96 THEN 'returned' ELSE 'draft' END"
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰"
_CITIES = "郑州洛阳开封新乡安阳南阳许昌信阳"
_ITEMS = ("AG-RENEW", "AG-REISSUE", "TZ-RENEW", "TZ-FIRST", "AG-FIRST", "JN-CANCEL", "TZ-CANCEL")


def bulk_insert_applications(db_path: str | Path, n: int, *, created_by: str = "clerk01") -> int:
    """Insert `n` synthetic list rows with one INSERT ... SELECT (well under a second per 100,000 rows).

    ID numbers are unique per row (the open-application index) but not check-digit valid; numbers never collide
    with the 20-digit numbers the services hand out because they are 22 characters long.
    """
    items = " ".join(f"WHEN {k} THEN '{code}'" for k, code in enumerate(_ITEMS))
    sql = f"""
        WITH RECURSIVE seq(i) AS (SELECT :first UNION ALL SELECT i + 1 FROM seq WHERE i < :last),
        rows AS (
            SELECT i, {_STATUS_SQL} AS status, CASE i % {len(_ITEMS)} {items} END AS item,
                   datetime('2026-01-05 09:00:00', '+' || ((i * 7) % 500000) || ' minutes') AS created
            FROM seq)
        INSERT INTO applications (uuid, number, item_code, family, status, version, id_number, applicant_name,
            company_name, form, conditions, material_states, missing_items, provisional, unit_code, counter_no,
            created_by, created_at, updated_at, received_at, due_on, sync_state)
        SELECT printf('00000000-0000-4000-8000-%012d', i),
               CASE WHEN status = 'draft' THEN NULL
                    ELSE '410000' || strftime('%Y%m%d', created) || printf('%08d', i) END,
               item, substr(item, 1, 2), status, 1, printf('9%016dX', i),
               substr(:surnames, i % {len(_SURNAMES)} + 1, 1) || substr(:given, (i / 7) % {len(_GIVEN)} + 1, 1)
                   || CASE WHEN i % 3 THEN substr(:given, (i / 3) % {len(_GIVEN)} + 1, 1) ELSE '' END,
               substr(:cities, (i % {len(_CITIES) // 2}) * 2 + 1, 2) || '市第' || (i % 97 + 1) || '建筑工程有限公司',
               '{{}}', '[]', '{{}}', '[]', 0, '410000', '01', :who, created || '.000000', created || '.000000',
               CASE WHEN status = 'draft' THEN NULL ELSE created || '.000000' END,
               CASE WHEN status = 'draft' THEN NULL ELSE date(created, '+7 days') END, 'synced'
        FROM rows
    """
    conn = sqlite3.connect(str(db_path))
    try:
        first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM applications").fetchone()[0] + 1
        params = {
            "first": first,
            "last": first + n - 1,
            "surnames": _SURNAMES,
            "given": _GIVEN,
            "cities": _CITIES,
            "who": created_by,
        }
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()
    return n
