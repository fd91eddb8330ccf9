"""Opening the capture dialog (or, for the applicant's signature, the signature pad) for one material of the
application being taken in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services import materials as material_service
from app.ui.capture import CaptureDialog
from app.ui.errors import show_error
from app.ui.signature_dialog import SignatureDialog

if TYPE_CHECKING:
    from app.ui.intake.screen import IntakeScreen


def open_capture(screen: IntakeScreen, code: str) -> CaptureDialog | None:
    """Scan pages for `code`; the checklist follows what the capture dialog stored.

    The draft is saved first so that its row exists before pages are attached to it, and the checklist is updated
    from the dialog's report so that the next autosave does not write a stale state over the scanned one.
    """
    if screen.uuid is None or screen.work is None:
        return None
    screen.save_now(explicit=False)
    if screen.item is not None and any(
        r.code == code and r.material.kind == "signature" for r in screen.item.materials
    ):
        open_signature(screen, code)
        return None
    dialog = CaptureDialog(screen.ctx, screen.actor, screen.runner, screen.uuid, code, screen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    materials = screen.work.materials
    dialog.pages_changed.connect(materials.apply_scan)
    # Back to the checklist where F9 was pressed: the next key (Ctrl+A, ↓, F9) goes on from there.
    dialog.finished.connect(lambda _r: _back_to(materials.table))
    dialog.open()
    return dialog


def open_signature(screen: IntakeScreen, code: str) -> SignatureDialog | None:
    """The applicant signs on the pad; the PNG is stored as this material's page (encrypted, like an ID card) and
    the checklist shows it as 已扫描 only once it is in the store."""
    if screen.uuid is None or screen.work is None:
        return None
    ctx, actor, uuid, materials = screen.ctx, screen.actor, screen.uuid, screen.work.materials
    applicant = str(screen.work.form.values().get("name") or "")
    dialog = SignatureDialog(applicant, screen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def store(png: bytes) -> None:
        screen.runner.run_db(
            lambda: material_service.attach(
                ctx, actor, uuid, code, material_service.prepare_signature(png), source="signature_pad"
            ),
            lambda _pages: materials.set_states({code: "scanned"}, {code: 1}),
            lambda exc: show_error(screen, exc, screen.tr("签名未能保存")),
            name="signature",
        )

    dialog.signed.connect(store)
    dialog.open()
    return dialog


def _back_to(table: QWidget) -> None:
    table.window().activateWindow()  # some window managers leave no window active when a dialog closes
    table.setFocus(Qt.FocusReason.OtherFocusReason)
