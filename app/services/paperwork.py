"""The papers of one application (办件文书): which can be printed now, their PDFs, and the record of printing.

Kinds: the application form (申请表), the material receipt (材料接收凭证), the acceptance notice (受理通知书), the
one-time correction notice (一次性补正告知书), the refusal notice (不予受理通知书), the return notice (退件通知书) and
the review sheet (审核表). Every printed copy is archived under <data dir>/printed/applications/<number>/ and
recorded as an audit event on the application, so it shows in the application's history (办理过程).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.workflow import Status
from app.models import User
from app.paths import data_dir as default_data_dir
from app.printing.data import NoticeKind, NoticeView, ReviewSheetView
from app.printing.forms import render_form
from app.printing.notices import render_notice
from app.printing.review_sheet import render_review_sheet
from app.services import application_records, documents, intake, review
from app.services.context import Actor, ServiceContext
from app.services.recording import audit
from app.services.views import ApplicationView

FORM, RECEIPT, ACCEPTANCE, CORRECTION, REFUSAL, RETURN, REVIEW = (
    "form",
    "receipt",
    "acceptance",
    "correction",
    "refusal",
    "return",
    "review",
)
KINDS: tuple[str, ...] = (FORM, RECEIPT, ACCEPTANCE, CORRECTION, REFUSAL, RETURN, REVIEW)
TITLES = {
    FORM: "申请表",
    RECEIPT: "材料接收凭证",
    ACCEPTANCE: "受理通知书",
    CORRECTION: "一次性补正告知书",
    REFUSAL: "不予受理通知书",
    RETURN: "退件通知书",
    REVIEW: "审核表",
}
_NOTICES: dict[str, NoticeKind] = {
    RECEIPT: "receipt",
    ACCEPTANCE: "acceptance",
    CORRECTION: "correction",
    REFUSAL: "refusal",
    RETURN: "return",
}
_ACCEPTED_ONWARDS = frozenset(
    {Status.ACCEPTED.value, Status.UNDER_REVIEW.value, Status.APPROVED.value, Status.RETURNED.value}
)
_REVIEWABLE = frozenset(
    {Status.ACCEPTED.value, Status.UNDER_REVIEW.value, Status.APPROVED.value, Status.RETURNED.value}
)
_UNSAFE = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff-]+")


@dataclass(frozen=True)
class Paper:
    """One rendered document of one application, ready to preview and print."""

    kind: str
    title: str
    application_uuid: str
    application_number: str
    pdf: bytes


@dataclass(frozen=True)
class PaperRecord:
    kind: str
    printed_at: datetime
    archive_path: Path
    sha256: str


def available(view: ApplicationView) -> list[str]:
    """The kinds that make sense for the application as it stands (in KINDS order)."""
    kinds = [FORM]
    if view.number:
        kinds.append(RECEIPT)
    if view.status in _ACCEPTED_ONWARDS:
        kinds.append(ACCEPTANCE)
    if view.missing_items:
        kinds.append(CORRECTION)
    if view.status == Status.REFUSED.value:
        kinds.append(REFUSAL)
    if view.status == Status.RETURNED.value:
        kinds.append(RETURN)
    if view.status in _REVIEWABLE:
        kinds.append(REVIEW)
    return kinds


def _kind_error(kind: str) -> DomainError:
    return DomainError(
        "PAPER_KIND",
        f"未知的文书种类“{kind}”。",
        field="kind",
        fix="文书种类应为：" + "、".join(f"{k}（{TITLES[k]}）" for k in KINDS) + "。",
    )


def _not_available(view: ApplicationView, kind: str) -> DomainError:
    return DomainError(
        "PAPER_NOT_AVAILABLE",
        f"办件 {view.number or '草稿'} 当前状态下没有{TITLES[kind]}。",
        field="kind",
        fix="受理通知书在受理后、补正告知书在告知补正后、不予受理和退件通知书在作出该决定后才能打印。",
    )


def correction_notice(ctx: ServiceContext, view: ApplicationView, notice: NoticeView) -> NoticeView:
    """Every item to put right, each with its remedy, as the rule panel shows them: the items the clerk listed
    (a material's requirement note when it is one), then any other rule the application fails now."""
    item = ctx.catalogue_for(view).item(view.item_code)
    notes = {req.material.name: req.note for req in item.materials}
    items, fixes = [], []
    for missing in view.missing_items:
        text = str(missing).strip()
        if not text:
            continue
        items.append(text)
        if text in notes:
            note = notes[text]
            fixes.append(f"请提交{text}" + (f"（{note}）" if note else "") + "。")
        else:
            fixes.append("")
    for failure in review.review_failures(ctx, view.uuid):
        if failure.blocking and failure.code != "MATERIALS_MISSING" and failure.message not in items:
            items.append(failure.message)
            fixes.append(failure.fix)
    return replace(notice, missing_items=tuple(items), missing_fixes=tuple(fixes))


def review_sheet_view(
    ctx: ServiceContext,
    view: ApplicationView,
    comparison: Sequence[tuple[str, str, str, str]],
    *,
    opinion: str | None = None,
    reviewer: str = "",
) -> ReviewSheetView:
    """The review sheet; `comparison` is the review screen's form-versus-registry rows (label, registry, form,
    verdict), `opinion` the text typed now (else the recorded 审核意见)."""
    item = ctx.catalogue_for(view).item(view.item_code)
    decided = view.status in (Status.APPROVED.value, Status.RETURNED.value)
    # After approval the rules see the new certificate; what counted was checked at the decision.
    checks = (
        ()
        if decided
        else tuple((f.message, f.fix) for f in review.review_failures(ctx, view.uuid) if f.blocking)
    )
    decision = {Status.APPROVED.value: "审核通过", Status.RETURNED.value: "退件"}.get(view.status, "")
    accepted_at, accepted_by = _acceptance(ctx, view.uuid)

    def when(at: datetime | None, who: str | None) -> str:
        return f"{at:%Y-%m-%d %H:%M} {who or ''}".strip() if at else ""

    return ReviewSheetView(
        application_number=view.number or "",
        item_name=item.name,
        applicant_name=view.applicant_name,
        id_number=view.id_number,
        company=view.company_name or "",
        unit_name=ctx.workstation.unit_name,
        received=when(view.received_at, view.received_by),
        accepted=when(accepted_at, accepted_by),
        comparison=tuple(tuple(r) for r in comparison),  # type: ignore[misc]
        checks=checks,
        opinion=(opinion if opinion is not None else view.review_opinion) or "",
        reviewer=reviewer or (view.decided_by or ""),
        decision=decision,
        date=(view.decided_at or ctx.now()).date(),
        decided=decided,
    )


def _acceptance(ctx: ServiceContext, uuid: str) -> tuple[datetime | None, str | None]:
    with ctx.store.read() as s:
        app = application_records.load(s, uuid)
        return app.accepted_at, app.accepted_by


def render(
    ctx: ServiceContext,
    actor: Actor,
    uuid: str,
    kind: str,
    *,
    comparison: Sequence[tuple[str, str, str, str]] = (),
    opinion: str | None = None,
    signature_png: bytes | None = None,
    photo_loader: documents.PhotoLoader | None = None,
) -> Paper:
    """The document as a PDF, filled from the application as recorded now."""
    if kind not in KINDS:
        raise _kind_error(kind)
    view = intake.get(ctx, uuid)
    if kind not in available(view):
        raise _not_available(view, kind)
    who = _responsible(ctx, actor, view, kind)
    if kind == FORM:
        form = documents.form_view(ctx, uuid, photo_loader=photo_loader)
        pdf = render_form(replace(form, signature_png=signature_png) if signature_png else form)
    elif kind == REVIEW:
        reviewer = (
            actor.display_name or actor.username if view.status not in ("approved", "returned") else who
        )
        pdf = render_review_sheet(
            review_sheet_view(ctx, view, comparison, opinion=opinion, reviewer=reviewer)
        )
    else:
        notice = documents.notice_view(ctx, uuid, _NOTICES[kind], clerk_name=who)
        if kind == CORRECTION:
            notice = correction_notice(ctx, view, notice)
        pdf = render_notice(notice)
    return Paper(kind, TITLES[kind], uuid, view.number or "", pdf)


def _responsible(ctx: ServiceContext, actor: Actor, view: ApplicationView, kind: str) -> str:
    """Who the paper names as 经办人/审核人: whoever took the step it records (a reprint names them, not the
    person reprinting); the printing user where the step keeps no name (补正)."""
    username = {
        RECEIPT: view.received_by,
        ACCEPTANCE: _acceptance(ctx, view.uuid)[1],
        REFUSAL: view.decided_by,
        RETURN: view.decided_by,
        REVIEW: view.decided_by,
    }.get(kind)
    if not username or username == actor.username:
        return actor.display_name or actor.username
    with ctx.store.read() as s:
        name = s.execute(select(User.display_name).where(User.username == username)).scalar()
    return str(name or username)


def archive_dir(ctx: ServiceContext) -> Path:
    return (ctx.data_dir or default_data_dir()) / "printed" / "applications"


def _archive(ctx: ServiceContext, paper: Paper) -> tuple[Path, str]:
    digest = hashlib.sha256(paper.pdf).hexdigest()
    folder = _UNSAFE.sub("_", paper.application_number or paper.application_uuid).strip("_")
    path = archive_dir(ctx) / folder / f"{paper.kind}-{digest[:16]}.pdf"
    if not path.exists():  # content-addressed: the same bytes printed twice are kept once
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as out:
            out.write(paper.pdf)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    return path, digest


def record_printed(ctx: ServiceContext, actor: Actor, paper: Paper, printer: str) -> PaperRecord:
    """After the printer (or the PDF file) took the document: archive it and note it in the application's
    history, in one transaction (the file first: an orphan file is harmless, a record citing none is not)."""
    if not paper.pdf.startswith(b"%PDF"):
        raise DomainError("PRINT_NOT_PDF", "要归档的打印文件不是PDF。", fix="请重新生成文书后再打印。")
    path, digest = _archive(ctx, paper)
    root = ctx.data_dir or default_data_dir()
    now = ctx.now()
    with ctx.store.write() as s:
        app = application_records.load(s, paper.application_uuid)
        audit(
            s,
            actor,
            "document.print",
            "application",
            app.uuid,
            {
                "kind": paper.kind,
                "title": paper.title,
                "number": app.number,
                "printer": printer,
                "sha256": digest,
                "archive": str(path.relative_to(root)) if path.is_relative_to(root) else str(path),
            },
            now,
        )
    return PaperRecord(paper.kind, now, path, digest)
