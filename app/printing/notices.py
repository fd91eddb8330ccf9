"""The five counter notices (材料接收凭证, 受理通知书, 补正告知书, 不予受理通知书, 退件通知书).

Wording lives in resources/printing/notices.yaml so that the unit's legal officer can edit it without a release.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.domain.errors import DomainError
from app.domain.identifiers import mask_id_number
from app.printing.data import NOTICE_KINDS, NoticeView
from app.printing.flow import SignatureBlock, Styles, barcode_header, build, para, styles
from app.printing.fonts import cjk_font
from app.printing.layout import DEFAULT_DATE_FORMAT, format_date, load_template
from app.printing.seal import SealConfig


def _template(kind: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    tpl = load_template("notices")
    kinds = tpl.get("kinds") or {}
    if kind not in NOTICE_KINDS or kind not in kinds:
        raise DomainError(
            "NOTICE_KIND",
            f"未知的文书种类“{kind}”。",
            field="kind",
            fix="文书种类应为 receipt、acceptance、correction、refusal 或 return。",
        )
    return tpl, tpl.get("common") or {}, kinds[kind]


def _check(view: NoticeView) -> None:
    if view.kind == "correction" and not [m for m in view.missing_items if m.strip()]:
        raise DomainError(
            "NOTICE_NO_MISSING_ITEMS",
            "补正告知书必须列出需要补正的材料或内容。",
            field="missing_items",
            fix="请逐项勾选或填写需要补正的内容（一次性告知），再打印告知书。",
        )
    if view.kind in ("refusal", "return") and not view.reason.strip():
        raise DomainError(
            "NOTICE_NO_REASON",
            "不予受理通知书和退件通知书必须写明原因。",
            field="reason",
            fix="请填写具体原因；该原因也会以短信发送给申请人。",
        )


def notice_values(view: NoticeView, legal_basis: str, date_format: str) -> dict[str, str]:
    """The placeholders the notice template may use; the ID number is masked here and only here."""
    return {
        "application_number": view.application_number,
        "item_name": view.item_name,
        "applicant_name": view.applicant_name,
        "masked_id": mask_id_number(view.id_number),
        "company": view.company,
        "date": format_date(view.date, date_format),
        "clerk_name": view.clerk_name,
        "unit_name": view.unit_name,
        "due_date": format_date(view.due_date, date_format),
        "legal_basis": legal_basis,
        "reason": view.reason.strip(),
    }


def _lines(texts: list[str] | None, values: dict[str, str]) -> list[str]:
    """Fill each template line; a line whose placeholder is empty (no due date, no company) is dropped."""
    out: list[str] = []
    for text in texts or []:
        names = [part.split("}")[0] for part in str(text).split("{")[1:]]
        if any(not values.get(n) for n in names):
            continue
        out.append(str(text).format_map(values))
    return out


def _materials_table(view: NoticeView, common: dict[str, Any], st: Styles, width: float) -> list[Flowable]:
    header = [str(h) for h in common.get("materials_header") or ["序号", "材料名称", "页数"]]
    rows: list[list[Any]] = [[para(h, st.cell_center) for h in header]]
    for i, (name, pages) in enumerate(view.materials, start=1):
        rows.append([para(str(i), st.cell_center), para(name, st.cell), para(str(pages), st.cell_center)])
    table = Table(rows, colWidths=[14 * mm, width - 34 * mm, 20 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("GRID", (0, 0), (-1, -1), 0.6, black),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#F0F0F0")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    total = str(common.get("materials_total", "")).format(
        count=len(view.materials), pages=sum(p for _, p in view.materials)
    )
    return [table, Spacer(1, 2 * mm), para(total, st.body)]


def render_notice(view: NoticeView, *, seal: SealConfig | None = None) -> bytes:
    """The notice as a PDF: title, addressee, the kind's wording, lists, signature block with the seal."""
    tpl, common, kind = _template(view.kind)
    _check(view)
    font = cjk_font(seal.font_path if seal else None)
    st = styles(font)
    legal_basis = view.legal_basis or str(kind.get("legal_basis", ""))
    values = notice_values(view, legal_basis, str(tpl.get("date_format", DEFAULT_DATE_FORMAT)))
    width = 210 * mm - 44 * mm

    story: list[Flowable] = [para(str(kind["title"]), st.title)]
    values["doc_prefix"] = str(kind.get("doc_prefix", ""))
    values["year"] = str(view.date.year)
    story += [para(line, st.center) for line in _lines([common.get("doc_number", "")], values)]
    story += [para(line, st.right) for line in _lines([common.get("number", "")], values)]
    story.append(Spacer(1, 4 * mm))
    story += [
        para(line, st.plain)
        for line in _lines([common.get("addressee", ""), common.get("company", "")], values)
    ]
    story += [para(line, st.body) for line in _lines(kind.get("before_materials"), values)]
    if "before_materials" in kind:
        if view.materials:
            story += _materials_table(view, common, st, width)
        story += [para(line, st.body) for line in _lines(kind.get("after_materials"), values)]
    if "before_missing" in kind:
        story += [para(line, st.body) for line in _lines(kind.get("before_missing"), values)]
        fixes = dict(zip(view.missing_items, view.missing_fixes, strict=False))
        missing = [m.strip() for m in view.missing_items if m.strip()]
        fix_label = str(common.get("fix_label", "补正要求："))
        for i, item in enumerate(missing, start=1):
            story.append(para(f"{i}．{item}", st.body))
            fix = (fixes.get(item) or "").strip()
            if fix:
                story.append(para(f"{fix_label}{fix}", st.fix))
        story += [para(line, st.body) for line in _lines(kind.get("after_missing"), values)]
    if "before_reason" in kind:
        story += [para(line, st.body) for line in _lines(kind.get("before_reason"), values)]
        story.append(para(view.reason.strip(), st.body))
        story += [para(line, st.body) for line in _lines(kind.get("after_reason"), values)]

    seal_config = seal or SealConfig(text=view.unit_name, subtitle=str(common.get("seal_subtitle", "")))
    clerk = _lines([common.get("clerk", "")], values)
    ending: list[Flowable] = [
        Spacer(1, 6 * mm),
        SignatureBlock(font, view.unit_name, values["date"], seal_config, clerk[0] if clerk else ""),
    ]
    if kind.get("applicant_sign"):
        ending.append(para(str(common.get("applicant_sign", "")), st.plain))
    # Keep the signature and seal on the same page as each other: a seal alone on a page means nothing.
    story.append(KeepTogether(ending))
    title = f"{kind['title']} {view.application_number}"
    return build(story, title, font, barcode_header(font, view.application_number, "申请编号："))
