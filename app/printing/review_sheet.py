"""The review sheet (审核表): kept in the paper file beside the form, signed by the supervisor under the unit's seal.

Applicant block, the form compared field by field with the registry, the rules as checked at review, the opinion
(审核意见) and the decision; wording in resources/printing/review_sheet.yaml.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from app.printing.data import ReviewSheetView
from app.printing.flow import SignatureBlock, Styles, barcode_header, build, para, styles
from app.printing.fonts import cjk_font
from app.printing.layout import DEFAULT_DATE_FORMAT, format_date, load_template
from app.printing.seal import SealConfig

_WIDTH = 210 * mm - 44 * mm
_FLAGGED = HexColor("#FCE8E6")


def _grid(rows: list[list[Any]], widths: list[float], st: Styles, extra: list[tuple[Any, ...]]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("GRID", (0, 0), (-1, -1), 0.7, black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#F0F0F0")),
                *extra,
            ]
        )
    )
    return table


def _applicant(view: ReviewSheetView, lb: dict[str, str], st: Styles) -> Table:
    c, cc = st.cell, st.cell_center
    rows = [
        [
            para(lb["applicant"], cc),
            para(view.applicant_name, c),
            para(lb["id_number"], cc),
            para(view.id_number, c),
        ],
        [para(lb["item"], cc), para(view.item_name, c), "", ""],
        [para(lb["company"], cc), para(view.company, c), "", ""],
        [para(lb["received"], cc), para(view.received, c), para(lb["accepted"], cc), para(view.accepted, c)],
    ]
    table = Table(rows, colWidths=[24 * mm, 55 * mm, 24 * mm, _WIDTH - 103 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("GRID", (0, 0), (-1, -1), 0.7, black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("SPAN", (1, 1), (3, 1)),
                ("SPAN", (1, 2), (3, 2)),
            ]
        )
    )
    return table


def _comparison(view: ReviewSheetView, tpl: dict[str, Any], st: Styles) -> list[Flowable]:
    if not view.comparison:
        return [para(str(tpl["no_comparison"]), st.plain)]
    header = [para(str(h), st.cell_center) for h in tpl["comparison_header"]]
    rows: list[list[Any]] = [header]
    flagged: list[tuple[Any, ...]] = []
    same = str(tpl.get("same_text", "一致"))
    for i, (label, registry, form, verdict) in enumerate(view.comparison, start=1):
        rows.append(
            [
                para(label, st.cell),
                para(registry, st.cell),
                para(form, st.cell),
                para(verdict, st.cell_center),
            ]
        )
        if verdict != same:
            flagged.append(("BACKGROUND", (0, i), (-1, i), _FLAGGED))
    return [_grid(rows, [30 * mm, 55 * mm, 55 * mm, _WIDTH - 140 * mm], st, flagged)]


def _checks(view: ReviewSheetView, tpl: dict[str, Any], st: Styles) -> list[Flowable]:
    if view.decided:
        return [para(str(tpl["checks_decided"]), st.plain)]
    if not view.checks:
        return [para(str(tpl["checks_passed"]), st.plain)]
    out: list[Flowable] = []
    for i, (message, fix) in enumerate(view.checks, start=1):
        out.append(para(f"{i}．{message}", st.plain))
        if fix:
            out.append(para(f"{tpl.get('fix_label', '处理办法：')}{fix}", st.fix))
    return out


def render_review_sheet(view: ReviewSheetView, *, seal: SealConfig | None = None) -> bytes:
    tpl = load_template("review_sheet")
    lb = tpl["labels"]
    font = cjk_font(seal.font_path if seal else None)
    st = styles(font, 11.5)
    date_text = format_date(view.date, str(tpl.get("date_format", DEFAULT_DATE_FORMAT)))
    values = {"item_name": view.item_name, "application_number": view.application_number}
    story: list[Flowable] = [
        para(str(tpl["title"]).format_map(values), st.title),
        para(str(tpl["number"]).format_map(values), st.center),
        _applicant(view, lb, st),
        Spacer(1, 4 * mm),
        para(str(tpl["comparison_title"]), st.plain),
        *_comparison(view, tpl, st),
        Spacer(1, 4 * mm),
        para(str(tpl["checks_title"]), st.plain),
        *_checks(view, tpl, st),
        Spacer(1, 4 * mm),
    ]
    opinion = view.opinion.strip() or str(tpl["no_opinion"])
    box = Table(
        [[para(str(lb["opinion"]), st.cell_center), para(opinion, st.cell)]],
        colWidths=[24 * mm, _WIDTH - 24 * mm],
        rowHeights=[None],
    )
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("GRID", (0, 0), (-1, -1), 0.7, black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    decision = [para(f"{lb['decision']}{view.decision}", st.plain)] if view.decision else []
    reviewer = f"{lb['reviewer']}{view.reviewer}" if view.reviewer else str(lb["reviewer"])
    seal_config = seal or SealConfig(text=view.unit_name, subtitle=str(tpl.get("seal_subtitle", "")))
    ending: list[Flowable] = [
        box,
        *decision,
        SignatureBlock(font, view.unit_name, date_text, seal_config, reviewer),
    ]
    story.append(KeepTogether(ending))
    title = f"{str(tpl['title']).format_map(values)} {view.application_number}"
    return build(story, title, font, barcode_header(font, view.application_number, "申请编号："))
