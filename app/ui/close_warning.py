"""Closing the window while entries wait to sync (退出前提醒): the clerk learns what has not reached the central
store, may sync now, and closes on a second, deliberate choice. Nothing is lost either way (the outbox is kept
and sent at the next start), but another counter will not see these applications until then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QMessageBox

CONFIRMED = "closeConfirmed"


def ask_before_closing(window: QMainWindow, sync_trigger: Callable[[], object] | None) -> bool:
    """True when the close must wait for the clerk's answer (a box is open)."""
    status = getattr(window, "status", None)
    snapshot = getattr(status, "snapshot", None)
    pending = int(getattr(snapshot, "pending", 0) or 0)
    if sync_trigger is None or pending == 0 or window.property(CONFIRMED):
        return False
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        window.tr("退出程序"),
        window.tr(
            "还有 {n} 条记录尚未同步到中心库。现在退出不会丢失数据（下次启动后继续同步），"
            "但其他窗口和审核人在同步前看不到这些办件。"
        ).format(n=pending),
        QMessageBox.StandardButton.NoButton,
        window,
    )
    box.setObjectName("closeWarning")
    stay = box.addButton(window.tr("立即同步，不退出"), QMessageBox.ButtonRole.RejectRole)
    leave = box.addButton(window.tr("仍然退出"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    stay.clicked.connect(lambda: sync_trigger())
    leave.clicked.connect(lambda: (window.setProperty(CONFIRMED, True), window.close()))
    window.close_warning = box  # type: ignore[attr-defined]
    box.open()
    return True
