"""Certificates of the three families (安管, 特种作业, 技能人员), laid out from resources/printing templates."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.domain.errors import DomainError
from app.printing.codes import barcode_text, draw_code128, draw_qr
from app.printing.data import FAMILIES, CertificateView
from app.printing.fonts import cjk_font
from app.printing.layout import Page, draw_fitted, format_date, load_template, page_size
from app.printing.seal import SealConfig, draw_seal

_GREY = HexColor("#888888")
_PLACEHOLDER_FILL = HexColor("#EEEEEE")


def certificate_template(family: str) -> dict[str, Any]:
    if family not in FAMILIES:
        raise DomainError(
            "CERT_FAMILY",
            f"未知的证书类别“{family}”。",
            field="family",
            fix="证书类别应为 AG（安管）、TZ（特种作业）或 JN（技能人员）。",
        )
    return load_template(f"certificate_{family}")


def certificate_values(view: CertificateView, date_format: str) -> dict[str, str]:
    """Every printable value of the view as text, keyed by the names the templates use."""

    def d(value: Any) -> str:
        return format_date(value, date_format)

    category_text = "　".join(p for p in (view.category, view.category_name) if p)
    trade_text = "　".join(p for p in (view.trade_code, view.trade_name) if p)
    validity = f"{d(view.valid_from)} 至 {d(view.valid_to)}" if view.valid_to else ""
    return {
        "number": view.number,
        "name": view.name,
        "sex": view.sex,
        "birth_date": d(view.birth_date),
        "id_number": view.id_number,
        "company": view.company,
        "position": view.position,
        "category": view.category,
        "category_name": view.category_name,
        "category_text": category_text,
        "trade_code": view.trade_code,
        "trade_name": view.trade_name,
        "trade_text": trade_text,
        "occupation": view.occupation,
        "grade": view.grade,
        "training_body": view.training_body,
        "first_issue_date": d(view.first_issue_date),
        "valid_from": d(view.valid_from),
        "valid_to": d(view.valid_to),
        "validity": validity,
        "issue_date": d(view.issue_date),
        "issuing_authority": view.issuing_authority,
        "version": str(view.version),
        "ecert_identifier": view.ecert_identifier,
    }


def _fill(text: str, values: dict[str, str]) -> str:
    try:
        return text.format_map(values)
    except (KeyError, ValueError, IndexError) as exc:
        raise DomainError(
            "TEMPLATE_INVALID",
            f"证书模板中的文字“{text}”引用了未知字段：{exc}",
            field="template",
            fix="请管理员按模板文件开头的说明修正字段名。",
        ) from exc


def _check(view: CertificateView, allow_missing_photo: bool) -> None:
    for attr, label in (
        ("number", "证书编号"),
        ("name", "姓名"),
        ("id_number", "身份证号"),
        ("qr_text", "二维码"),
    ):
        if not getattr(view, attr):
            raise DomainError(
                "CERT_INCOMPLETE",
                f"证书缺少{label}，不能打印。",
                field=attr,
                fix="请先完成审批发证，再打印证书。",
            )
    if view.photo_jpeg is None and not allow_missing_photo:
        raise DomainError(
            "PHOTO_MISSING",
            f"{view.name}（证书编号 {view.number}）没有证件照片，证书不能打印。",
            field="photo",
            fix="请在申请材料中上传本人近期免冠证件照（JPG，200～300dpi，不超过50KB）后再打印。",
        )


def _draw_frame(page: Page, tpl: dict[str, Any], width: float, height: float) -> None:
    frame = tpl.get("frame") or {}
    c = page.canvas
    c.setStrokeColor(HexColor(str(frame.get("color", "#8E1B1B"))))
    for inset_key, width_key in (("outer_inset", "outer_width"), ("inner_inset", "inner_width")):
        inset = float(frame.get(inset_key, 0)) * mm
        if inset <= 0:
            continue
        c.setLineWidth(float(frame.get(width_key, 1.0)))
        c.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def _draw_titles(page: Page, tpl: dict[str, Any], font: str, width: float, values: dict[str, str]) -> None:
    c = page.canvas
    for title in tpl.get("titles") or []:
        text = _fill(str(title["text"]), values)
        size = float(title.get("size", 20))
        space = float(title.get("char_space", 0))
        while size > 8 and stringWidth(text, font, size) + space * len(text) > width * 0.8:
            size -= 0.5
        c.setFillColor(HexColor(str(title.get("color", "#000000"))))
        c.setFont(font, size)
        # charSpace follows every glyph but the last counts for nothing visible, hence n - 1 gaps.
        text_width = stringWidth(text, font, size) + space * (len(text) - 1)
        c.drawString((width - text_width) / 2, page.y(title["y"]), text, charSpace=space)
    c.setFillColor(black)


def _draw_photo(page: Page, tpl: dict[str, Any], font: str, view: CertificateView) -> None:
    spec = tpl["photo"]
    c = page.canvas
    x, w, h = page.x(spec["x"]), float(spec["w"]) * mm, float(spec["h"]) * mm
    y = page.y(spec["y"]) - h
    if view.photo_jpeg is None:
        c.setFillColor(_PLACEHOLDER_FILL)
        c.setStrokeColor(_GREY)
        c.setLineWidth(0.8)
        c.rect(x, y, w, h, stroke=1, fill=1)
        c.setFillColor(_GREY)
        c.setFont(font, 14)
        c.drawCentredString(x + w / 2, y + h / 2 - 5, "照　片")
        c.setFillColor(black)
        return
    try:
        image = ImageReader(io.BytesIO(view.photo_jpeg))
        image.getSize()
    except Exception as exc:  # Pillow raises many types for a damaged file; all mean the same to the clerk.
        raise DomainError(
            "PHOTO_INVALID",
            f"{view.name}的证件照片无法读取，证书不能打印。",
            field="photo",
            fix="请重新上传JPG格式的证件照片。",
        ) from exc
    c.drawImage(image, x, y, w, h, preserveAspectRatio=True, anchor="c")
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.4)
    c.rect(x, y, w, h, stroke=1, fill=0)


def _draw_fields(page: Page, tpl: dict[str, Any], font: str, values: dict[str, str]) -> None:
    spec = tpl["fields"]
    c = page.canvas
    size = float(spec.get("size", 12))
    line = float(spec.get("line", 9)) * mm
    y = page.y(spec["y"])
    label_x, label_w = page.x(spec["label_x"]), float(spec["label_width"]) * mm
    value_x, value_w = page.x(spec["value_x"]), float(spec["value_width"]) * mm
    for item in spec.get("items") or []:
        when = item.get("when")
        if when and not values.get(str(when)):
            continue
        draw_fitted(c, f"{item['label']}：", label_x, y, label_w, font, size, align="right")
        lines = draw_fitted(
            c, _fill(str(item["value"]), values), value_x, y, value_w, font, size, min_size=size * 0.8
        )
        y -= line + (lines - 1) * size * 1.2


def _draw_labelled(page: Page, spec: dict[str, Any], font: str, value: str) -> None:
    size = float(spec.get("size", 12))
    draw_fitted(
        page.canvas,
        f"{spec['label']}{value}",
        page.x(spec["x"]),
        page.y(spec["y"]),
        float(spec["width"]) * mm,
        font,
        size,
    )


def _draw_codes(page: Page, tpl: dict[str, Any], font: str, view: CertificateView) -> None:
    c = page.canvas
    qr = tpl["qr"]
    size = float(qr.get("size", 25)) * mm
    x, top = page.x(qr["x"]), page.y(qr["y"])
    draw_qr(c, view.qr_text, x, top - size, size)
    if qr.get("caption"):
        c.setFont(font, float(qr.get("caption_size", 9)))
        c.drawCentredString(x + size / 2, top - size - 5 * mm, str(qr["caption"]))
    bc = tpl.get("barcode")
    if bc:
        text = barcode_text(view.number)
        h = float(bc.get("h", 9)) * mm
        bx, btop = page.x(bc["x"]), page.y(bc["y"])
        used = draw_code128(c, text, bx, btop - h, width=float(bc["w"]) * mm, height=h)
        c.setFont(font, float(bc.get("caption_size", 7)))
        c.drawCentredString(bx + used / 2, btop - h - 3 * mm, text)


def _draw_footer(page: Page, tpl: dict[str, Any], font: str, values: dict[str, str], width: float) -> None:
    for line in tpl.get("footer") or []:
        when = line.get("when")
        if when and not values.get(str(when)):
            continue
        x = page.x(line["x"])
        draw_fitted(
            page.canvas,
            _fill(str(line["text"]), values),
            x,
            page.y(line["y"]),
            width - 2 * x,
            font,
            float(line.get("size", 8)),
        )


def _seal_for(tpl: dict[str, Any], values: dict[str, str], seal: SealConfig | None) -> SealConfig:
    if seal is not None:
        return seal
    spec = tpl.get("seal") or {}
    return SealConfig(
        text=_fill(str(spec.get("text", "{issuing_authority}")), values),
        subtitle=str(spec.get("subtitle", "")),
        diameter_mm=float(spec.get("diameter", 42)),
    )


def draw_certificate(
    canvas: Canvas,
    view: CertificateView,
    *,
    seal: SealConfig | None = None,
    allow_missing_photo: bool = False,
) -> None:
    """Draw one certificate on the canvas's current page (the caller sets the page size and calls showPage)."""
    _check(view, allow_missing_photo)
    tpl = certificate_template(view.family)
    font = cjk_font(seal.font_path if seal else None)
    width, height = page_size(tpl.get("page") or {})
    page = Page(canvas, height)
    values = certificate_values(view, str(tpl.get("date_format", "{year}年{month:02d}月{day:02d}日")))
    _draw_frame(page, tpl, width, height)
    _draw_titles(page, tpl, font, width, values)
    _draw_photo(page, tpl, font, view)
    _draw_fields(page, tpl, font, values)
    statement = tpl.get("statement")
    if statement:
        draw_fitted(
            canvas,
            str(statement["text"]),
            page.x(statement["x"]),
            page.y(statement["y"]),
            float(statement["width"]) * mm,
            font,
            float(statement.get("size", 12)),
            min_size=float(statement.get("size", 12)),
            leading=1.6,
        )
    _draw_codes(page, tpl, font, view)
    _draw_labelled(page, tpl["authority"], font, values["issuing_authority"])
    _draw_labelled(page, tpl["issue_date"], font, values["issue_date"])
    _draw_footer(page, tpl, font, values, width)
    spec = tpl.get("seal") or {}
    # The seal goes last so that it lies over the authority line, as a stamp does.
    draw_seal(canvas, page.x(spec.get("x", 0)), page.y(spec.get("y", 0)), _seal_for(tpl, values, seal))


def _new_canvas(out: io.BytesIO, title: str, font: str) -> Canvas:
    # reportlab starts every page with its initial font selected; Helvetica there would be an unembedded font.
    canvas = Canvas(out, pageCompression=1, initialFontName=font)
    canvas.setTitle(title)
    canvas.setAuthor("河南省住房和城乡建设厅")
    canvas.setCreator("CounterDesk")
    return canvas


def render_certificates(
    views: Iterable[CertificateView], *, seal: SealConfig | None = None, allow_missing_photo: bool = False
) -> bytes:
    """One PDF, one page per certificate, in the order given. Every view is checked before anything is drawn,
    so a batch with one bad certificate fails whole rather than printing half."""
    views = list(views)
    if not views:
        raise DomainError("CERT_BATCH_EMPTY", "没有选择要打印的证书。", fix="请至少选择一本证书。")
    for view in views:
        _check(view, allow_missing_photo)
        certificate_template(view.family)
    out = io.BytesIO()
    title = views[0].number if len(views) == 1 else f"证书（共{len(views)}本）"
    canvas = _new_canvas(out, title, cjk_font(seal.font_path if seal else None))
    for view in views:
        canvas.setPageSize(page_size(certificate_template(view.family).get("page") or {}))
        draw_certificate(canvas, view, seal=seal, allow_missing_photo=allow_missing_photo)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def render_certificate(
    view: CertificateView, *, seal: SealConfig | None = None, allow_missing_photo: bool = False
) -> bytes:
    """The certificate as a one-page PDF. A missing photo raises PHOTO_MISSING unless allow_missing_photo."""
    return render_certificates([view], seal=seal, allow_missing_photo=allow_missing_photo)
