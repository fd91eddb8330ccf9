"""Statistical reports as Excel workbooks (统计报表): certificates issued, renewed, changed and cancelled in a
period, and the monthly statistics with charts. Each writes one file and returns its path."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.domain.catalogue import EFFECTS
from app.domain.errors import DomainError
from app.domain.evaluation import RATINGS
from app.domain.workflow import Status
from app.excel.monthly import MonthlyData, write_monthly
from app.excel.report_columns import (
    MOVEMENT_OF_EFFECT,
    MOVEMENT_OF_OPERATION,
    MOVEMENTS,
    OPERATION_NAMES,
)
from app.excel.table import DATE, DATETIME, INTEGER, Col, ReportSheet, day_bounds, new_book
from app.models import Application, AuditEvent, Certificate, CertificateVersion
from app.models.certificates import CERT_STATUS_NAMES
from app.services.context import ServiceContext
from app.services.export_support import Names, Progress, Ticker, check_period, finish, stream
from app.services.exports import OVERDUE_STATUSES


def _movement(effect_item: str | None, operation_type: str, ctx: ServiceContext) -> tuple[str, str]:
    """(statistics group 发证/延续/变更/注销, business name) of one certificate version."""
    item = ctx.catalogue.items.get(effect_item) if effect_item else None
    if item is not None:
        return MOVEMENT_OF_EFFECT.get(item.effect, "变更"), EFFECTS.get(item.effect, item.effect)
    return MOVEMENT_OF_OPERATION.get(operation_type, "变更"), OPERATION_NAMES.get(
        operation_type, operation_type
    )


def _certificate_query(start: datetime, end: datetime) -> Any:
    return (
        select(
            CertificateVersion.created_at,
            CertificateVersion.operation_type,
            CertificateVersion.version,
            CertificateVersion.application_number,
            CertificateVersion.created_by,
            Certificate.number,
            Certificate.family,
            Certificate.category,
            Certificate.holder_name,
            Certificate.holder_id_number,
            Certificate.company_name,
            Certificate.status,
            Certificate.valid_from,
            Certificate.valid_to,
            Application.item_code,
        )
        .join(Certificate, Certificate.id == CertificateVersion.certificate_id)
        .outerjoin(Application, Application.number == CertificateVersion.application_number)
        # Versions written when old certificates were loaded into the register are not this period's work.
        .where(
            CertificateVersion.created_at >= start,
            CertificateVersion.created_at < end,
            CertificateVersion.created_by != "import",
        )
        .order_by(CertificateVersion.created_at, CertificateVersion.id)
    )


def export_certificates(
    ctx: ServiceContext, date_from: date, date_to: date, path: str | Path, *, progress: Progress | None = None
) -> Path:
    """Certificates issued, renewed, changed and cancelled in a period (from the certificate version history)."""
    path = Path(path)
    check_period(date_from, date_to)
    query = _certificate_query(day_bounds(date_from)[0], day_bounds(date_to)[1])
    columns = [
        Col("序号", 7, INTEGER),
        Col("办理时间", 17, DATETIME),
        Col("统计类别", 10),
        Col("业务", 16),
        Col("证书编号", 24),
        Col("人员类别", 12),
        Col("类别或工种", 10),
        Col("持证人", 10),
        Col("身份证号", 21),
        Col("企业名称", 30),
        Col("版本", 6, INTEGER),
        Col("证书当前状态", 12),
        Col("有效期起", 12, DATE),
        Col("有效期至", 12, DATE),
        Col("办件编号", 20),
        Col("经办人", 10),
    ]
    wb = new_book()
    with ctx.store.read() as s:
        names = Names(ctx, s)
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for r in stream(s, query):
            counts[r.family][_movement(r.item_code, r.operation_type, ctx)[0]] += 1
        summary = ReportSheet(
            wb,
            "汇总",
            [Col("人员类别", 14), *(Col(m, 10, INTEGER) for m in MOVEMENTS), Col("合计", 10, INTEGER)],
        )
        for fam in ctx.catalogue.families:
            row = [counts[fam][m] for m in MOVEMENTS]
            summary.append([names.family(fam), *row, sum(row)])
        ticker = Ticker(progress, sum(sum(c.values()) for c in counts.values()), path)
        sheet = ReportSheet(wb, "证书办理明细", columns)
        for n, r in enumerate(stream(s, query), start=1):
            group, business = _movement(r.item_code, r.operation_type, ctx)
            sheet.append(
                [
                    n,
                    r.created_at,
                    group,
                    business,
                    r.number,
                    names.family(r.family),
                    r.category,
                    r.holder_name,
                    r.holder_id_number,
                    r.company_name,
                    r.version,
                    CERT_STATUS_NAMES.get(r.status, r.status),
                    r.valid_from,
                    r.valid_to,
                    r.application_number,
                    names.user(r.created_by),
                ]
            )
            ticker.tick()
    return finish(wb, path, ticker)


def parse_month(text: str) -> date:
    """ "2026-11" (or 2026/11, 2026年11月) → the first day of that month."""
    digits = text.strip().replace("年", "-").replace("月", "").replace("/", "-").split("-")
    try:
        return date(int(digits[0]), int(digits[1]), 1)
    except (ValueError, IndexError):
        raise DomainError(
            "MONTH_INVALID", f"月份“{text}”不正确", field="month", fix="请按“年-月”填写，如 2026-11"
        ) from None


def export_monthly(ctx: ServiceContext, month: date | str, path: str | Path) -> Path:
    """Monthly statistics (月度统计) with charts: applications per day and per item, certificate movements."""
    first = parse_month(month) if isinstance(month, str) else month.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    start, end = day_bounds(first)[0], day_bounds(after)[0]
    with ctx.store.read() as s:
        names = Names(ctx, s)
        daily: dict[date, Counter[str]] = {
            first + timedelta(days=i): Counter() for i in range((after - first).days)
        }
        by_item: dict[str, Counter[str]] = defaultdict(Counter)
        q = (
            select(AuditEvent.at, AuditEvent.action, Application.item_code)
            .join(Application, Application.uuid == AuditEvent.entity_id)
            .where(AuditEvent.entity == "application", AuditEvent.at >= start, AuditEvent.at < end)
        )
        for at, action, item_code in stream(s, q):
            short = action.removeprefix("application.")
            daily[at.date()][short] += 1
            by_item[item_code][short] += 1
        ratings: Counter[str] = Counter()  # 好差评 given this month (app/services/evaluation.py)
        rated = select(AuditEvent.detail).where(
            AuditEvent.entity == "application",
            AuditEvent.action.in_(("application.update", "application.evaluation")),
            AuditEvent.at >= start,
            AuditEvent.at < end,
        )
        for (detail,) in stream(s, rated):
            if isinstance(detail, dict) and detail.get("label") in RATINGS.values():
                ratings[str(detail["label"])] += 1
        decided = s.execute(
            select(Application.decided_at, Application.due_on).where(
                Application.status == Status.APPROVED.value,
                Application.decided_at >= start,
                Application.decided_at < end,
            )
        ).all()
        on_time = sum(1 for at, due in decided if due is None or (at is not None and at.date() <= due))
        certs: dict[str, Counter[str]] = defaultdict(Counter)
        for r in stream(s, _certificate_query(start, end)):
            certs[r.family][_movement(r.item_code, r.operation_type, ctx)[0]] += 1
        as_of = min(after - timedelta(days=1), ctx.today())  # the month's end, or today while it runs
        overdue = int(
            s.execute(
                select(func.count())
                .select_from(Application)
                .where(Application.status.in_(OVERDUE_STATUSES), Application.due_on < as_of)
            ).scalar()
            or 0
        )
        data = MonthlyData(
            month=first,
            unit_name=ctx.workstation.unit_name,
            daily=daily,
            by_item={names.item(code): c for code, c in sorted(by_item.items())},
            certificates={names.family(f): certs[f] for f in ctx.catalogue.families},
            approved=len(decided),
            approved_on_time=on_time,
            overdue_open=overdue,
            generated_at=ctx.now(),
            ratings=ratings,
        )
    return write_monthly(data, Path(path))
