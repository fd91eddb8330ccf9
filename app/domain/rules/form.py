"""Rules about the application itself: required fields, identifiers, conditions, materials, the one open
application per ID number, the blacklist, and the evidence a change, transfer out or reissue needs."""

from __future__ import annotations

from collections.abc import Iterator

from app.domain.errors import DomainError
from app.domain.facts import RuleContext
from app.domain.identifiers import org_code_of_uscc, parse_mobile, parse_resident_id
from app.domain.rules.core import (
    RuleFailure,
    certificate_of,
    rule,
)


@rule("REQUIRED_FIELDS")
def required_fields(ctx: RuleContext) -> Iterator[RuleFailure]:
    for f in ctx.item.fields:
        if f.name in ctx.item.required_fields and not ctx.value(f.name):
            yield RuleFailure(
                "REQUIRED_FIELDS", "FIELD_REQUIRED", f"“{f.label}”未填写", f"请填写{f.label}。", f.name
            )


@rule("ID_NUMBER")
def id_number(ctx: RuleContext) -> Iterator[RuleFailure]:
    text = ctx.value("id_number")
    if not text:
        return
    try:
        parsed = parse_resident_id(text, today=ctx.today)
    except DomainError as err:
        yield RuleFailure("ID_NUMBER", err.code, err.message, err.fix or "", "id_number")
        return
    if len(text) == 15:
        yield RuleFailure(
            "ID_NUMBER",
            "ID_OLD_15",
            f"输入的是15位旧身份证号，已换算为18位：{parsed.number}",
            "请核对申请人现用身份证，按18位号码办理。",
            "id_number",
            blocking=False,
        )


@rule("MOBILE")
def mobile(ctx: RuleContext) -> Iterator[RuleFailure]:
    text = ctx.value("mobile")
    if not text:
        return
    try:
        parse_mobile(text)
    except DomainError as err:
        yield RuleFailure("MOBILE", err.code, err.message, err.fix or "", "mobile")


@rule("CONDITIONS")
def conditions(ctx: RuleContext) -> Iterator[RuleFailure]:
    missing = [c for i, c in enumerate(ctx.item.conditions) if i not in ctx.conditions_ticked]
    if missing:
        yield RuleFailure(
            "CONDITIONS",
            "CONDITIONS_UNCHECKED",
            "审批条件未全部确认：" + "；".join(missing),
            "请逐条核对审批条件并勾选；不符合条件的不能申报。",
            "conditions",
        )


@rule("MATERIALS")
def materials(ctx: RuleContext) -> Iterator[RuleFailure]:
    missing = [
        r.material.name
        for r in ctx.item.materials
        if r.required and not r.electronic and ctx.materials.get(r.code, "missing") == "missing"
    ]
    if missing:
        yield RuleFailure(
            "MATERIALS",
            "MATERIALS_MISSING",
            "以下材料尚未收取：" + "、".join(missing),
            "请收取并扫描上述材料；申请人未带齐的，可一次性告知其补正。",
            "materials",
        )


@rule("ONE_OPEN")
def one_open(ctx: RuleContext) -> Iterator[RuleFailure]:
    if ctx.other_open_applications:
        yield RuleFailure(
            "ONE_OPEN",
            "OPEN_APPLICATION_EXISTS",
            "您尚有未办结的申请事项，请等待办结后再进行申报（未办结办件："
            + "、".join(ctx.other_open_applications)
            + "）",
            "每一个身份证号只有在已申请事项办结后才能申请其它事项；仍处于“收件”状态的，可应申请人要求先撤回。",
            "id_number",
        )


@rule("BLACKLIST")
def blacklist(ctx: RuleContext) -> Iterator[RuleFailure]:
    for entry in ctx.blacklist:
        yield RuleFailure(
            "BLACKLIST",
            "BLACKLISTED",
            f"申请人因安全生产事故被问责，已列入黑名单（{entry.listed_on:%Y-%m-%d}，{entry.reason}）",
            "申请人须向当地建设安全监督部门报告整改情况并提请重新考核，解除后方可申请。",
            "id_number",
        )


@rule("CHANGE_DIFFERS")
def change_differs(ctx: RuleContext) -> Iterator[RuleFailure]:
    pairs = {
        "company_renamed": [("old_company_name", "company_name")],
        "employer_changed": [("old_company_name", "new_company_name")],
        "personal_changed": [("name", "new_name"), ("id_number", "new_id_number"), ("sex", "new_sex")],
    }.get(ctx.item.change_type or "", [])
    changed = [new for old, new in pairs if ctx.value(new) and ctx.value(new) != ctx.value(old)]
    if ctx.item.change_type == "employer_changed" and _new_employer_code(ctx):
        changed.append("new_company_code")
    if pairs and not changed:
        yield RuleFailure(
            "CHANGE_DIFFERS",
            "CHANGE_NOTHING",
            "变更后的内容与变更前相同，没有需要变更的信息",
            "请填写变更后的信息（与原证书不同的部分）。",
            pairs[0][1],
        )


def _new_employer_code(ctx: RuleContext) -> bool:
    """A new employer's code that is not the certificate's company: that alone is a change, even when the clerk
    has not (yet) typed a different company name."""
    code = ctx.value("new_company_code").upper()
    if not code:
        return False
    cert = certificate_of(ctx)
    old = (cert.company_code or "").upper() if cert else ""
    return not old or (code != old and org_code_of(code) != org_code_of(old))


def org_code_of(code: str) -> str:
    """The organisation code inside a unified social credit code, or the code itself (an old-style code)."""
    try:
        return org_code_of_uscc(code)
    except ValueError:
        return code


@rule("NEW_ID_NUMBER")
def new_id_number(ctx: RuleContext) -> Iterator[RuleFailure]:
    text = ctx.value("new_id_number")
    if not text:
        return
    try:
        parse_resident_id(text, today=ctx.today)
    except DomainError as err:
        yield RuleFailure(
            "NEW_ID_NUMBER", err.code, "变更后身份证号：" + err.message, err.fix or "", "new_id_number"
        )


@rule("ONSITE_SIGNATURE")
def onsite_signature(ctx: RuleContext) -> Iterator[RuleFailure]:
    """The applicant's own signature, drawn at the counter and stored with the application (a signature
    material, state "scanned" once its image is attached); a ticked box or paper alone does not count."""
    unsigned = [
        r.material.name
        for r in ctx.item.materials
        if r.material.kind == "signature" and ctx.materials.get(r.code, "missing") != "scanned"
    ]
    if unsigned or not any(r.material.kind == "signature" for r in ctx.item.materials):
        yield RuleFailure(
            "ONSITE_SIGNATURE",
            "ONSITE_SIGNATURE_MISSING",
            "跨省转出须由申请人本人在窗口现场签名" + (f"（尚无：{'、'.join(unsigned)}）" if unsigned else ""),
            "请在“收取材料”中点该项的“签名…”，由申请人当面在签字板上（或用鼠标）签名后确认。",
            "materials",
        )


@rule("LOSS_NOTICE")
def loss_notice(ctx: RuleContext) -> Iterator[RuleFailure]:
    if ctx.value("reissue_reason") != "遗失":
        return
    if not ctx.value("loss_notice_ref") or ctx.materials.get("loss_notice", "missing") == "missing":
        yield RuleFailure(
            "LOSS_NOTICE",
            "LOSS_NOTICE_MISSING",
            "因遗失补办证书，须先在媒体刊登遗失声明",
            "请收取遗失声明并填写刊登媒体及日期。",
            "loss_notice_ref",
        )
