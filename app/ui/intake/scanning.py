"""Opening the capture dialog for one material of the application being taken in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.ui.capture import CaptureDialog

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
    dialog = CaptureDialog(screen.ctx, screen.actor, screen.runner, screen.uuid, code, screen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    materials = screen.work.materials
    dialog.pages_changed.connect(materials.apply_scan)
    # Back to the checklist where F9 was pressed: the next key (Ctrl+A, ↓, F9) goes on from there.
    dialog.finished.connect(lambda _r: _back_to(materials.table))
    dialog.open()
    return dialog


def _back_to(table: QWidget) -> None:
    table.window().activateWindow()  # some window managers leave no window active when a dialog closes
    table.setFocus(Qt.FocusReason.OtherFocusReason)
