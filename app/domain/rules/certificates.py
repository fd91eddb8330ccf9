"""Rules about certificates and scores: the certificate the item acts on, the renewal window, exam and
continuing-education scores, and certificates transferred in from another province."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from app.domain.facts import RuleContext
from app.domain.rules.core import (
    VALID_STATUS,
    RuleFailure,
    certificate_of,
    rule,
)


@rule("NO_DUPLICATE_CATEGORY")
def no_duplicate_category(ctx: RuleContext) -> Iterator[RuleFailure]:
    wanted = ctx.value("category") or ctx.value("trade_code")
    for c in ctx.certificates:
        if c.family == ctx.item.family.code and c.category == wanted and c.status == VALID_STATUS:
            yield RuleFailure(
                "NO_DUPLICATE_CATEGORY",
                "CERT_ALREADY_HELD",
                f"申请人已持有同类别有效证书 {c.number}",
                "有效期内的证书无需首次申请；临近到期的请办理延续，遗失的请办理补办。",
                "category",
            )


@rule("EXAM_SCORE")
def exam_score(ctx: RuleContext) -> Iterator[RuleFailure]:
    yield from _score(ctx, "exam")


@rule("CE_SCORE")
def ce_score(ctx: RuleContext) -> Iterator[RuleFailure]:
    yield from _score(ctx, "ce")


def _score(ctx: RuleContext, kind: str) -> Iterator[RuleFailure]:
    family = ctx.item.family.code
    cert = certificate_of(ctx)
    category = ctx.value("category") or ctx.value("trade_code") or (cert.category if cert else "")
    name = "考核成绩" if kind == "exam" else "继续教育成绩"
    mine = [
        s
        for s in ctx.scores
        if s.kind == kind and s.family == family and (not category or s.category == category)
    ]
    if any(s.passed and (s.valid_to is None or s.valid_to >= ctx.today) for s in mine):
        return
    chosen_field = next((f for f in ("trade_code", "category", "occupation") if ctx.value(f)), None)
    others = sorted(
        {s.category for s in ctx.scores if s.kind == kind and s.family == family and s.passed} - {category}
    )
    names = ctx.item.family.categories

    def named(code: str) -> str:
        return f"{code} {names[code]}" if code in names else code

    if not mine and others and chosen_field is not None:
        # The person passed, but in another trade: name the mismatch on the trade field, not the ID number.
        yield RuleFailure(
            "EXAM_SCORE" if kind == "exam" else "CE_SCORE",
            "SCORE_OTHER_CATEGORY",
            f"所选“{named(category)}”没有{name}；该申请人合格的{name}属于：{'、'.join(map(named, others))}",
            "请按成绩改选工种（类别）；确需申报所选工种的，须先参加该工种的考核。",
            chosen_field,
        )
    elif not mine:
        yield RuleFailure(
            "EXAM_SCORE" if kind == "exam" else "CE_SCORE",
            "SCORE_NOT_FOUND",
            f"获取不到{name}（成绩不存在或已过期）",
            "请向培训机构核对成绩表登记的身份证号、证书编号；成绩尚未同步的，新取证一般在考试后20个工作日、延续在培训机构上报后5个工作日同步到位，届时再申报。",
            "id_number",
        )
    elif not any(s.passed for s in mine):
        yield RuleFailure(
            "EXAM_SCORE" if kind == "exam" else "CE_SCORE",
            "SCORE_FAILED",
            f"{name}不合格",
            "请与培训机构核实成绩，不合格的须重新参加教育考试。",
            "id_number",
        )
    else:
        yield RuleFailure(
            "EXAM_SCORE" if kind == "exam" else "CE_SCORE",
            "SCORE_EXPIRED",
            f"{name}已超出有效期",
            "成绩超出有效期的，须重新参加考试（或继续教育）合格后再申报。",
            "id_number",
        )


@rule("VALID_CERTIFICATE")
def valid_certificate(ctx: RuleContext) -> Iterator[RuleFailure]:
    yield from _certificate(ctx, require_valid=True)


@rule("CERTIFICATE_EXISTS")
def certificate_exists(ctx: RuleContext) -> Iterator[RuleFailure]:
    yield from _certificate(ctx, require_valid=False)


def _certificate(ctx: RuleContext, *, require_valid: bool) -> Iterator[RuleFailure]:
    number = ctx.value("certificate_number")
    if not number:
        return
    cert = certificate_of(ctx)
    rule_name = "VALID_CERTIFICATE" if require_valid else "CERTIFICATE_EXISTS"
    if cert is None:
        yield RuleFailure(
            rule_name,
            "CERT_NOT_FOUND",
            f"未提取到有效证书：身份证号下没有证书 {number}",
            "请仔细核对证书编号和原证书上的身份证号；证书上的身份证号有误的，由原聘用企业出具签章说明，携带当事人身份证原件到省注册中心核实后更正。",
            "certificate_number",
        )
        return
    if cert.family != ctx.item.family.code:
        yield RuleFailure(
            rule_name,
            "CERT_WRONG_FAMILY",
            f"证书 {number} 不属于{ctx.item.family.name}",
            "请选择与证书相符的业务事项。",
            "certificate_number",
        )
        return
    if not require_valid:
        if cert.status in ("04", "07"):
            yield RuleFailure(
                "CERTIFICATE_EXISTS",
                "CERT_ALREADY_CANCELLED",
                f"证书 {number} 已注销或吊销，无需再注销",
                "请告知申请人该证书已失效。",
                "certificate_number",
            )
        return
    expired = cert.status == "05" or (cert.valid_to is not None and cert.valid_to < ctx.today)
    if expired or cert.status == "04":
        yield RuleFailure(
            "VALID_CERTIFICATE",
            "CERT_EXPIRED",
            f"未提取到有效证书或证书已过期注销：证书 {number} 已过有效期，已自动强制注销",
            "证书过期后不能延续或变更；申请人须参加首次取证考试合格后，再进行首次申请。",
            "certificate_number",
        )
    elif cert.status != VALID_STATUS:
        yield RuleFailure(
            "VALID_CERTIFICATE",
            "CERT_NOT_VALID",
            f"证书 {number} 当前状态不是“有效”（状态代码 {cert.status}）",
            "暂停、撤销、转出中的证书不能办理此事项，请先了解证书状态原因。",
            "certificate_number",
        )


@rule("RENEWAL_WINDOW")
def renewal_window(ctx: RuleContext) -> Iterator[RuleFailure]:
    cert = certificate_of(ctx)
    months = ctx.item.family.renewal_window_months
    if cert is None or cert.valid_to is None or cert.valid_to < ctx.today or months <= 0:
        return
    opens = _months_before(cert.valid_to, months)
    if ctx.today < opens:
        yield RuleFailure(
            "RENEWAL_WINDOW",
            "RENEWAL_TOO_EARLY",
            f"证书有效期至 {cert.valid_to:%Y-%m-%d}，须在届满前{months}个月内（{opens:%Y-%m-%d}起）申请延续",
            f"请于 {opens:%Y年%m月%d日} 以后再来办理。",
            "certificate_number",
        )


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@rule("TRANSFER_IN_CATEGORY")
def transfer_in_category(ctx: RuleContext) -> Iterator[RuleFailure]:
    category = ctx.value("category").upper()
    if category == "C" or (category and category not in ctx.item.family.categories):
        yield RuleFailure(
            "TRANSFER_IN_CATEGORY",
            "TRANSFER_IN_PLAIN_C",
            f"外省证书类别为“{category}”：自{ctx.limits.transfer_in_refuse_plain_c_since}起本省不再接收未分类的C类证书转入",
            "须由原发证省份将证书分类为C1、C2或C3后再申请转入。",
            "category",
        )


@rule("ORIGIN_VALID")
def origin_valid(ctx: RuleContext) -> Iterator[RuleFailure]:
    raw = ctx.value("origin_valid_to")
    if not raw:
        return
    try:
        valid_to = date.fromisoformat(raw)
    except ValueError:
        yield RuleFailure(
            "ORIGIN_VALID",
            "DATE_FORMAT",
            "外省证书有效期格式不正确",
            "请按“2026-01-31”的格式填写。",
            "origin_valid_to",
        )
        return
    if valid_to < ctx.today:
        yield RuleFailure(
            "ORIGIN_VALID",
            "ORIGIN_EXPIRED",
            f"外省证书已于 {valid_to:%Y-%m-%d} 过期，不能转入",
            "过期证书不能转入；申请人须在本省参加考核合格后首次申请。",
            "origin_valid_to",
        )
