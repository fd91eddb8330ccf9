"""Printed application forms, filled in and ready to sign: a generic two-column form for any item, and the two
skilled-worker forms of seed 003 (附件2 信息变更申请表, 附件3 注销申请表) laid out like the attachments."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from app.domain.errors import DomainError
from app.printing.data import JN_CHANGE_REASONS, FormView
from app.printing.flow import Styles, barcode_header, build, para, styles
from app.printing.fonts import cjk_font
from app.printing.layout import DEFAULT_DATE_FORMAT, format_date, load_template

_WIDTH = 210 * mm - 44 * mm
_PHOTO_W, _PHOTO_H = 26 * mm, 36 * mm
_SIGN_W, _SIGN_H = 60 * mm, 22 * mm


class CheckOptions(Flowable):
    """Options each followed by a tick box (企业名称变更☑), drawn as vectors: common CJK fonts lack ☑."""

    def __init__(self, font: str, size: float, options: tuple[str, ...], selected: str) -> None:
        super().__init__()
        self.font, self.size, self.options, self.selected = font, size, options, selected

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        box = self.size * 0.95
        x = 0.0
        c.setFont(self.font, self.size)
        c.setLineWidth(0.7)
        for option in self.options:
            c.drawString(x, self.size * 0.35, option)
            x += stringWidth(option, self.font, self.size) + 1.5
            c.rect(x, self.size * 0.25, box, box, stroke=1, fill=0)
            if option == self.selected:
                path = c.beginPath()
                path.moveTo(x + box * 0.18, self.size * 0.25 + box * 0.5)
                path.lineTo(x + box * 0.42, self.size * 0.25 + box * 0.18)
                path.lineTo(x + box * 0.85, self.size * 0.25 + box * 0.9)
                c.setLineWidth(1.3)
                c.drawPath(path, stroke=1, fill=0)
                c.setLineWidth(0.7)
            x += box + self.size * 2


def _photo(view: FormView, label: str, st: Styles) -> Flowable:
    if view.photo_jpeg is None:
        return para(label, st.cell_center)
    try:
        image = Image(io.BytesIO(view.photo_jpeg))
    except Exception as exc:  # Pillow raises many types for a damaged file; all mean the same to the clerk.
        raise DomainError(
            "PHOTO_INVALID", "申请人照片无法读取。", field="photo", fix="请重新上传JPG格式的证件照片。"
        ) from exc
    scale = min(_PHOTO_W / image.imageWidth, _PHOTO_H / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _signature(png: bytes) -> Flowable:
    try:
        image = Image(io.BytesIO(png))
    except Exception as exc:  # Pillow raises many types for a damaged file; all mean the same to the clerk.
        raise DomainError(
            "SIGNATURE_INVALID", "申请人现场签名无法读取。", field="materials", fix="请让申请人重新签名。"
        ) from exc
    scale = min(_SIGN_W / image.imageWidth, _SIGN_H / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _sign_block(
    st: Styles, declaration: str, sign: str, date_line: str, signature_png: bytes | None = None
) -> list[Flowable]:
    """The declaration and the applicant's signature line; a signature drawn at the counter is printed there."""
    lines: list[Flowable] = [para(declaration, st.body), Spacer(1, 5 * mm)]
    if signature_png:
        signed = Table([[para(sign, st.right), _signature(signature_png)]], colWidths=[40 * mm, _SIGN_W])
        signed.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), st.font)])
        )
        signed.hAlign = "RIGHT"
        lines.append(signed)
    else:
        lines.append(para(sign, st.sign))
    return [*lines, para(date_line, st.right)]


def _opinion(st: Styles, seal_text: str, date_line: str) -> list[Flowable]:
    return [Spacer(1, 14 * mm), para(seal_text, st.right), para(date_line, st.right)]


def _grid(
    st: Styles,
    rows: list[list[Any]],
    widths: list[float],
    spans: list[tuple[Any, ...]],
    heights: list[float | None],
) -> Table:
    table = Table(rows, colWidths=widths, rowHeights=heights)
    table.setStyle(
        TableStyle(
            [
                # Empty cells are drawn in the table's own font, Helvetica unless told: it would not be embedded.
                ("FONTNAME", (0, 0), (-1, -1), st.font),
                ("GRID", (0, 0), (-1, -1), 0.8, black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *spans,
            ]
        )
    )
    return table


def _titles(texts: list[str], st: Styles) -> list[Flowable]:
    # Leading lines are the certificate's long name, set smaller; the last line names the form.
    return [para(t, st.subtitle) for t in texts[:-1]] + [para(texts[-1], st.title)]


def _jn_change(view: FormView, spec: dict[str, Any], tpl: dict[str, Any], st: Styles) -> list[Flowable]:
    lb = spec["labels"]
    reason = view.change_reason or str((tpl.get("change_reason_by_item") or {}).get(view.item_code, ""))
    if reason and reason not in JN_CHANGE_REASONS:
        raise DomainError(
            "FORM_CHANGE_REASON",
            f"变更原因“{reason}”不在申请表的选项中。",
            field="change_reason",
            fix="变更原因应为：" + "、".join(JN_CHANGE_REASONS) + "。",
        )
    date_line = str(tpl.get("date_line", ""))
    c, cc = st.cell, st.cell_center
    rows: list[list[Any]] = [
        [
            para(lb["name"], cc),
            para(view.name, c),
            para(lb["sex"], cc),
            para(view.sex, cc),
            _photo(view, lb["photo"], st),
        ],
        [para(lb["id_number"], cc), para(view.id_number, c), "", "", ""],
        [para(lb["certificate_number"], cc), para(view.certificate_number, c), "", "", ""],
        [para(lb["change_reason"], cc), CheckOptions(st.font, 10.5, JN_CHANGE_REASONS, reason), "", "", ""],
        [para(lb["old_company"], cc), para(view.old_company, c), "", "", ""],
        [para(lb["new_company"], cc), para(view.new_company, c), "", "", ""],
        [
            para(lb["personal_before"], cc),
            para(view.personal_before, c),
            para(lb["personal_after"], cc),
            para(view.personal_after, c),
            "",
        ],
        [
            _sign_block(
                st, str(spec["declaration"]), str(spec["applicant_sign"]), date_line, view.signature_png
            ),
            "",
            "",
            "",
            "",
        ],
        [
            para(lb["old_company_opinion"], cc),
            _opinion(st, str(spec["company_seal"]), date_line),
            para(lb["new_company_opinion"], cc),
            _opinion(st, str(spec["company_seal"]), date_line),
            "",
        ],
    ]
    spans = [
        ("SPAN", (4, 0), (4, 3)),
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (1, 2), (3, 2)),
        ("SPAN", (1, 3), (3, 3)),
        ("SPAN", (1, 4), (4, 4)),
        ("SPAN", (1, 5), (4, 5)),
        ("SPAN", (3, 6), (4, 6)),
        ("SPAN", (0, 7), (4, 7)),
        ("SPAN", (3, 8), (4, 8)),
        ("ALIGN", (4, 0), (4, 0), "CENTER"),
    ]
    widths = [24 * mm, 52 * mm, 24 * mm, 36 * mm, 30 * mm]
    heights: list[float | None] = [
        11 * mm,
        11 * mm,
        11 * mm,
        11 * mm,
        13 * mm,
        13 * mm,
        30 * mm,
        None,
        42 * mm,
    ]
    return [*_titles(list(spec["titles"]), st), _grid(st, rows, widths, spans, heights)]


def _jn_cancel(view: FormView, spec: dict[str, Any], tpl: dict[str, Any], st: Styles) -> list[Flowable]:
    lb = spec["labels"]
    date_line = str(tpl.get("date_line", ""))
    c, cc = st.cell, st.cell_center
    opinion = [para(lb["company_opinion"], c), *_opinion(st, str(spec["company_seal"]), date_line)]
    rows: list[list[Any]] = [
        [
            para(lb["name"], cc),
            para(view.name, c),
            para(lb["sex"], cc),
            para(view.sex, cc),
            _photo(view, lb["photo"], st),
        ],
        [
            para(lb["certificate_number"], cc),
            para(view.certificate_number, c),
            para(lb["cancel_reason"], cc),
            para(view.cancel_reason, c),
            "",
        ],
        [para(lb["company"], cc), para(view.company, c), "", "", ""],
        [
            _sign_block(
                st, str(spec["declaration"]), str(spec["applicant_sign"]), date_line, view.signature_png
            ),
            "",
            "",
            "",
            "",
        ],
        [opinion, "", "", "", ""],
    ]
    spans = [
        ("SPAN", (4, 0), (4, 2)),
        ("SPAN", (1, 2), (3, 2)),
        ("SPAN", (0, 3), (4, 3)),
        ("SPAN", (0, 4), (4, 4)),
        ("ALIGN", (4, 0), (4, 0), "CENTER"),
    ]
    widths = [24 * mm, 52 * mm, 24 * mm, 36 * mm, 30 * mm]
    heights: list[float | None] = [14 * mm, 16 * mm, 16 * mm, None, 55 * mm]
    return [*_titles(list(spec["titles"]), st), _grid(st, rows, widths, spans, heights)]


def _generic(view: FormView, spec: dict[str, Any], tpl: dict[str, Any], st: Styles) -> list[Flowable]:
    values = {"item_name": view.item_name, "application_number": view.application_number}
    story: list[Flowable] = [para(str(spec["title"]).format_map(values), st.title)]
    if view.application_number:
        story.append(para(str(spec["number"]).format_map(values), st.right))
    story.append(Spacer(1, 3 * mm))
    header = [para(str(h), st.cell_center) for h in spec.get("header") or ["项目", "内容"]]
    rows: list[list[Any]] = [header]
    rows += [[para(label, st.cell_center), para(value, st.cell)] for label, value in view.fields]
    date_line = str(tpl.get("date_line", ""))
    sign = _sign_block(
        st, str(spec["declaration"]), str(spec["applicant_sign"]), date_line, view.signature_png
    )
    rows.append([sign, ""])
    rows.append([para(str(spec["company_sign"]), st.cell), _opinion(st, "", date_line)])
    n = len(rows)
    spans = [
        ("SPAN", (0, n - 2), (1, n - 2)),
        ("TOPPADDING", (0, 1), (-1, n - 3), 2.2 * mm),
        ("BOTTOMPADDING", (0, 1), (-1, n - 3), 2.2 * mm),
    ]
    heights: list[float | None] = [None] * n
    table = _grid(st, rows, [45 * mm, _WIDTH - 45 * mm], spans, heights)
    story.append(table)
    return story


_LAYOUTS = {"generic": _generic, "jn_change": _jn_change, "jn_cancel": _jn_cancel}


def form_layout(view: FormView) -> str:
    """The layout a form prints with: the view's own, else the one configured for its item, else generic."""
    tpl = load_template("forms")
    return view.layout or str((tpl.get("layouts_by_item") or {}).get(view.item_code, "generic"))


def render_form(view: FormView) -> bytes:
    """The application form as a PDF, with the application number as a Code 128 at the top right."""
    tpl = load_template("forms")
    layout = form_layout(view)
    if layout not in _LAYOUTS or layout not in tpl:
        raise DomainError(
            "FORM_LAYOUT",
            f"申请表版式“{layout}”不存在。",
            field="layout",
            fix="请管理员检查 resources/printing/forms.yaml 中的 layouts_by_item。",
        )
    if layout == "generic" and not view.fields:
        raise DomainError("FORM_EMPTY", "申请表没有可打印的内容。", field="fields", fix="请先填写申请信息。")
    font = cjk_font()
    st = styles(font, 11.5)
    story = _LAYOUTS[layout](view, tpl[layout], tpl, st)
    if view.date is not None:
        story.append(para(f"打印日期：{format_date(view.date, DEFAULT_DATE_FORMAT)}", st.small))
    return build(story, view.item_name, font, barcode_header(font, view.application_number, "申请编号："))
