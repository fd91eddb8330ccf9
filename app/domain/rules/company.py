"""Rules about the employing company (安管 items): on record, qualified, the same for all 安管 certificates,
and the constructor registration a project lead (B) needs."""

from __future__ import annotations

from collections.abc import Iterator

from app.domain.errors import DomainError
from app.domain.facts import RuleContext
from app.domain.identifiers import parse_company_code
from app.domain.rules.core import (
    VALID_STATUS,
    RuleFailure,
    certificate_of,
    company_field,
    rule,
)


@rule("COMPANY_ON_RECORD")
def company_on_record(ctx: RuleContext) -> Iterator[RuleFailure]:
    field_name = company_field(ctx)
    code = ctx.value(field_name)
    if not code:
        return
    try:
        parse_company_code(code)
    except DomainError as err:
        yield RuleFailure("COMPANY_ON_RECORD", err.code, err.message, err.fix or "", field_name)
        return
    if ctx.company is None:
        yield RuleFailure(
            "COMPANY_ON_RECORD",
            "COMPANY_NOT_FOUND",
            f"未获取到企业信息（代码 {code}）",
            "企业可能以旧组织机构代码留存，请输入旧组织机构代码获取企业信息；仍获取不到的，企业须通过河南省建筑市场监管公共服务平台变更企业工商信息，或等待全国平台资质信息同步（一般7个工作日）。",
            field_name,
        )
    elif ctx.company.found_by_org_code:
        yield RuleFailure(
            "COMPANY_ON_RECORD",
            "COMPANY_OLD_ORG_CODE",
            f"企业“{ctx.company.name}”以旧组织机构代码 {ctx.company.org_code} 留存",
            "已按旧组织机构代码取得企业信息；请提醒企业在建筑市场监管平台更新统一社会信用代码。",
            field_name,
            blocking=False,
        )


@rule("COMPANY_QUALIFICATION")
def company_qualification(ctx: RuleContext) -> Iterator[RuleFailure]:
    if ctx.company is None:
        return
    wanted = set(ctx.limits.company_qualifications)
    if not wanted & set(ctx.company.qualifications):
        yield RuleFailure(
            "COMPANY_QUALIFICATION",
            "COMPANY_NO_QUALIFICATION",
            f"企业“{ctx.company.name}”无房屋建筑、市政公用工程、建筑劳务类资质",
            "企业须首先获得房屋建筑、市政公用工程、建筑劳务类资质，才能申请安管人员考核事项。",
            company_field(ctx),
        )


@rule("SAME_COMPANY")
def same_company(ctx: RuleContext) -> Iterator[RuleFailure]:
    if ctx.company is None:
        return
    codes = {ctx.company.uscc, ctx.company.org_code} - {None}
    others = [
        c
        for c in ctx.certificates
        if c.family == "AG" and c.status == VALID_STATUS and c.company_code and c.company_code not in codes
    ]
    for c in others:
        yield RuleFailure(
            "SAME_COMPANY",
            "AG_DIFFERENT_COMPANY",
            f"同一人员的安管证书须在同一企业：已持有的 {c.number} 属于“{c.company_name or c.company_code}”",
            "请先为已有证书办理聘用企业变更，使全部证书在同一企业后再申请。",
            "company_code",
        )


@rule("CONSTRUCTOR_REG")
def constructor_reg(ctx: RuleContext) -> Iterator[RuleFailure]:
    cert = certificate_of(ctx)
    category = ctx.value("category") or (cert.category if cert else "")
    if ctx.item.family.code != "AG" or category != "B":
        return
    current = [c for c in ctx.constructors if c.valid_to is None or c.valid_to >= ctx.today]
    if current:
        return
    if ctx.constructors_under_old_id:
        yield RuleFailure(
            "CONSTRUCTOR_REG",
            "CONSTRUCTOR_OLD_ID",
            "未获取到建造师信息：建造师注册数据库中登记的是老旧身份证号，与本次申报的身份证号不一致",
            "请首先申请建造师个人信息变更事项，将身份证号更改为新证号，事项办结后再申请安管人员考核事项。",
            "id_number",
        )
    elif ctx.constructors:
        yield RuleFailure(
            "CONSTRUCTOR_REG",
            "CONSTRUCTOR_EXPIRED",
            "建造师注册已过有效期",
            "请先办理建造师延续注册，办结后再申请项目负责人（B类）证书事项。",
            "category",
        )
    else:
        yield RuleFailure(
            "CONSTRUCTOR_REG",
            "CONSTRUCTOR_NOT_FOUND",
            "未获取到建造师信息",
            "申请项目负责人（B类）须具有建造师注册；一级建造师数据可能尚未同步，请咨询河南省建筑市场监管公共服务平台（0371-63284897）确认后再申报。",
            "id_number",
        )
