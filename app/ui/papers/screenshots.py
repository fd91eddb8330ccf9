"""`make screenshots`, the papers: one preview of each paper of an application, the certificate with its address QR,
and the phone verification page (drawn by Qt's rich-text engine at phone width, an approximation of a browser)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QTextBrowser

from app.central.verify_page import ENV_PUBLIC_KEYS, verdict_page
from app.domain.errors import DomainError
from app.printing import render_certificate
from app.printing.signing import payload_text
from app.services import documents, intake, paperwork, review, settings, signing_keys
from app.services.context import Actor, ServiceContext
from app.services.demo_workload import DemoApplications
from app.services.firstrun import demo_config
from app.ui.papers.dialog import PaperPreviewDialog
from app.ui.printing.pages import pdf_images
from app.ui.tasks import TaskRunner

Shot = Callable[..., None]


def _cases(ctx: ServiceContext, demo: DemoApplications, supervisor: Actor) -> list[tuple[str, str]]:
    cases: list[tuple[str, str]] = []
    if demo.drafts:
        cases.append((demo.drafts[0], paperwork.FORM))
    if demo.received:
        cases.append((demo.received[0], paperwork.RECEIPT))
    if demo.accepted:
        cases += [(demo.accepted[0], paperwork.ACCEPTANCE), (demo.accepted[0], paperwork.REVIEW)]
    if demo.corrections:
        cases.append((demo.corrections[0], paperwork.CORRECTION))
    if demo.refused:
        cases.append((demo.refused[0], paperwork.REFUSAL))
    if len(demo.accepted) > 2:
        # Demo only: one application returned by the supervisor, for the 退件通知书.
        uuid = demo.accepted[-1]
        review.return_application(
            ctx,
            supervisor,
            uuid,
            "职务证明未加盖单位公章",
            opinion="职务证明无单位公章，不符合法定形式，退件。",
        )
        cases.append((uuid, paperwork.RETURN))
    return cases


def render_papers(
    ctx: ServiceContext, demo: DemoApplications, actor: Actor, runner: TaskRunner, shot: Shot
) -> None:
    for i, (uuid, kind) in enumerate(_cases(ctx, demo, actor)):
        dialog = PaperPreviewDialog(ctx, actor, runner, uuid, kind)
        dialog.resize(900, 1000)
        dialog.show()
        dialog.start()
        shot(f"30{chr(ord('a') + i)}_paper_{kind}", dialog)
        dialog.close()
    _render_certificate(ctx, demo, actor, runner, shot)


def _render_certificate(
    ctx: ServiceContext, demo: DemoApplications, actor: Actor, runner: TaskRunner, shot: Shot
) -> None:
    if signing_keys.active_key_id(ctx) != demo_config().signing_key[0]:
        return
    settings.put(ctx, "system", "client", {"verify_base_url": "https://zs.hnjs.gov.cn"})
    signer = signing_keys.unlock(ctx, actor, demo_config().signing_key[1])
    view = None
    for number in (intake.get(ctx, u).certificate_number for u in demo.approved):
        try:  # a cancellation's certificate is not printable: take the first that is
            view = documents.certificate_view(
                ctx, number or "", signer=signer, photo_loader=None, allow_missing_photo=True
            )
            break
        except DomainError:
            continue
    if view is None:
        return
    pdf = render_certificate(view, allow_missing_photo=True)
    label = QLabel()
    pixmap = QPixmap.fromImage(pdf_images(pdf, 100)[0])
    label.setPixmap(pixmap)
    label.resize(pixmap.size())
    label.show()
    shot("31_certificate_address_qr", label)
    label.close()
    previous = os.environ.get(ENV_PUBLIC_KEYS)
    os.environ[ENV_PUBLIC_KEYS] = str(signing_keys.key_dir(ctx))
    try:
        html = verdict_page(ctx.store, payload_text(view.qr_text), date.today())
    finally:
        if previous is None:
            os.environ.pop(ENV_PUBLIC_KEYS, None)
        else:
            os.environ[ENV_PUBLIC_KEYS] = previous
    page = QTextBrowser()
    page.setHtml(html)
    page.resize(390, 760)
    page.show()
    shot("32_verify_page_phone", page)
    page.close()
