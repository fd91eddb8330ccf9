"""The material receipt (材料接收凭证) of a submitted application: what goes on it and where the PDF is kept.

Plain Python without Qt; the screen runs `render_receipt` on the task runner's I/O pool.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.catalogue import Item
from app.paths import data_dir as default_data_dir
from app.printing.data import NoticeView
from app.printing.notices import render_notice
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView

RECEIVED_STATES = ("paper", "scanned")


def receipt_view(
    ctx: ServiceContext, actor: Actor, app: ApplicationView, item: Item, pages: dict[str, int]
) -> NoticeView:
    """What the receipt shows: only what the applicant handed in (electronically fetched data is not a
    material received at the window)."""
    materials = tuple(
        (req.material.name, max(1, int(pages.get(req.code, 1))))
        for req in item.materials
        if app.material_states.get(req.code) in RECEIVED_STATES
    )
    received = app.received_at.date() if app.received_at else ctx.today()
    return NoticeView(
        kind="receipt",
        application_number=app.number or "",
        item_name=item.name,
        applicant_name=app.applicant_name,
        id_number=app.id_number,
        date=received,
        unit_name=ctx.workstation.unit_name,
        company=app.company_name or "",
        clerk_name=actor.display_name or actor.username,
        materials=materials,
        due_date=app.due_on,
    )


def receipt_path(ctx: ServiceContext, number: str) -> Path:
    return (ctx.data_dir or default_data_dir()) / "printed" / f"{number}-材料接收凭证.pdf"


def render_receipt(ctx: ServiceContext, view: NoticeView) -> tuple[bytes, Path]:
    """Render the receipt and keep a copy under <data_dir>/printed/ (written atomically)."""
    pdf = render_notice(view)
    path = receipt_path(ctx, view.application_number)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return pdf, path
