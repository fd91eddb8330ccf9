"""Special-operations rules (特种作业): age, education, medical check, and the renewal record."""

from __future__ import annotations

from collections.abc import Iterator

from app.domain.errors import DomainError
from app.domain.facts import RuleContext
from app.domain.identifiers import age_on, parse_resident_id
from app.domain.rules.core import (
    EDUCATION_ORDER,
    RuleFailure,
    certificate_of,
    rule,
)


@rule("TZ_AGE")
def tz_age(ctx: RuleContext) -> Iterator[RuleFailure]:
    try:
        parsed = parse_resident_id(ctx.value("id_number"), today=ctx.today)
    except DomainError:
        return
    age = age_on(parsed.birth_date, ctx.today)
    trade = ctx.value("trade_code") or (c.category if (c := certificate_of(ctx)) else "")
    max_age = ctx.limits.tz_max_age_by_trade.get(trade, ctx.limits.tz_max_age)
    if age < ctx.limits.tz_min_age:
        yield RuleFailure(
            "TZ_AGE",
            "TZ_TOO_YOUNG",
            f"申请人未满{ctx.limits.tz_min_age}周岁（{age}岁）",
            "年满18周岁后方可申请特种作业资格。",
            "id_number",
        )
    elif age > max_age:
        yield RuleFailure(
            "TZ_AGE",
            "TZ_TOO_OLD",
            f"申请人{age}岁，超过该工种规定的年龄上限{max_age}岁",
            "超过年龄上限的不能申请该工种的资格认定。",
            "id_number",
        )


@rule("TZ_EDUCATION")
def tz_education(ctx: RuleContext) -> Iterator[RuleFailure]:
    edu = ctx.value("education")
    if edu and edu in EDUCATION_ORDER and EDUCATION_ORDER.index(edu) < EDUCATION_ORDER.index("初中"):
        yield RuleFailure(
            "TZ_EDUCATION",
            "TZ_EDUCATION_LOW",
            "特种作业人员须具有初中及以上学历",
            "请提供初中及以上学历证明。",
            "education",
        )


@rule("TZ_MEDICAL")
def tz_medical(ctx: RuleContext) -> Iterator[RuleFailure]:
    if ctx.value("medical_result") == "不合格":
        yield RuleFailure(
            "TZ_MEDICAL",
            "TZ_MEDICAL_FAILED",
            "体检结论为不合格",
            "须经二级乙等以上医院体检合格，且无妨碍从事相应特种作业的疾病和生理缺陷。",
            "medical_result",
        )


@rule("TZ_RENEWAL_RECORD")
def tz_renewal_record(ctx: RuleContext) -> Iterator[RuleFailure]:
    hours, violations = ctx.value("training_hours"), ctx.value("violations_2y")
    if hours.isdigit() and int(hours) < ctx.limits.tz_min_training_hours_per_year:
        yield RuleFailure(
            "TZ_RENEWAL_RECORD",
            "TZ_TRAINING_HOURS",
            f"年度安全教育培训仅{hours}学时，不足{ctx.limits.tz_min_training_hours_per_year}学时",
            "请补足年度安全教育培训学时并取得培训记录后再申请延期复核。",
            "training_hours",
        )
    if violations.isdigit() and int(violations) > ctx.limits.tz_max_violations_two_years:
        yield RuleFailure(
            "TZ_RENEWAL_RECORD",
            "TZ_TOO_MANY_VIOLATIONS",
            f"近两年违章作业{violations}次（3次及以上），延期复核不予通过",
            "违章作业记录达3次及以上的，须重新参加考核。",
            "violations_2y",
        )
