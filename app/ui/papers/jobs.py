"""The non-widget half of printing a paper: gather what the review sheet compares, then render (database worker).

Plain Python; the dialog runs `render_paper` on the task runner's database worker (it reads the store).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.services import paperwork
from app.services.context import Actor, ServiceContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("papers", text)


def title(kind: str) -> str:
    """The paper's name as the menus and the preview show it."""
    return {
        paperwork.FORM: _tr("申请表"),
        paperwork.RECEIPT: _tr("材料接收凭证"),
        paperwork.ACCEPTANCE: _tr("受理通知书"),
        paperwork.CORRECTION: _tr("一次性补正告知书"),
        paperwork.REFUSAL: _tr("不予受理通知书"),
        paperwork.RETURN: _tr("退件通知书"),
        paperwork.REVIEW: _tr("审核表"),
    }.get(kind, kind)


def verdict_text(state: str) -> str:
    """The comparison verdict as the review screen words it."""
    # Imported here: the review package loads when its screen is first shown, not with the detail view.
    from app.ui.review.sheet import CHANGED, MISMATCH, NEW, UPDATED

    return {
        CHANGED: _tr("变更"),
        MISMATCH: _tr("与登记不符"),
        NEW: _tr("新登记"),
        UPDATED: _tr("更新"),
    }.get(state, _tr("一致"))


def render_paper(
    ctx: ServiceContext,
    actor: Actor,
    uuid: str,
    kind: str,
    *,
    opinion: str | None = None,
    signature_png: bytes | None = None,
    before: Callable[[], object] | None = None,
) -> paperwork.Paper:
    """`before` runs first in the same job (the intake screen saves the draft it is about to print)."""
    if before is not None:
        before()
    comparison: list[tuple[str, str, str, str]] = []
    if kind == paperwork.REVIEW:
        from app.ui.review.sheet import review_sheet

        sheet = review_sheet(ctx, actor, uuid)
        comparison = [(r.label, r.registry, r.form, verdict_text(r.state)) for r in sheet.rows]
    from app.ui.printing.jobs import default_loader

    return paperwork.render(
        ctx,
        actor,
        uuid,
        kind,
        comparison=comparison,
        opinion=opinion,
        signature_png=signature_png,
        photo_loader=default_loader(ctx),
    )
