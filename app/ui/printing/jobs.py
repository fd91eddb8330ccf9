"""The non-widget half of printing: what a print job needs, built on the task runner's workers.

`prepare` reads the store (database worker); `render` draws the PDF (I/O pool). Neither touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.printing import CertificateView, render_certificate
from app.printing.pades import PdfCredentials, sign_pdf
from app.services import certificate_printing, documents, materials
from app.services.context import ServiceContext
from app.services.signing_keys import Signer


@dataclass(frozen=True)
class Prepared:
    view: CertificateView
    state: certificate_printing.PrintState
    pdf_credentials: PdfCredentials | None = None


@dataclass(frozen=True)
class PrintJob:
    number: str
    version: int
    holder_name: str
    pdf: bytes
    printed_at: datetime | None

    @property
    def reprint(self) -> bool:
        return self.printed_at is not None


def default_loader(ctx: ServiceContext) -> documents.PhotoLoader | None:
    """Photos and scans from this workstation's encrypted material store."""
    if ctx.data_dir is None:
        return None
    return documents.loader_of(lambda sha: materials.read_page(ctx, sha))


def prepare(
    ctx: ServiceContext,
    number: str,
    signer: Signer,
    loader: documents.PhotoLoader | None,
    *,
    allow_missing_photo: bool = False,
) -> Prepared:
    view = documents.certificate_view(
        ctx, number, signer=signer, photo_loader=loader, allow_missing_photo=allow_missing_photo
    )
    return Prepared(view, certificate_printing.print_state(ctx, number), signer.pdf)


def render(prepared: Prepared, *, allow_missing_photo: bool = False) -> PrintJob:
    pdf = render_certificate(prepared.view, allow_missing_photo=allow_missing_photo)
    if prepared.pdf_credentials is not None:
        # PAdES: the saved electronic certificate shows in any PDF reader whether it was altered.
        pdf = sign_pdf(pdf, prepared.pdf_credentials)
    return PrintJob(
        prepared.view.number, prepared.view.version, prepared.view.name, pdf, prepared.state.printed_at
    )
