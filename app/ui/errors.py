"""One way to tell the clerk that something went wrong: the message, then what to do about it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.errors import DomainError

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> tuple[str, str]:
    """(message, fix) for a message box; unexpected errors get a plain sentence, the details go to the log."""
    if isinstance(exc, DomainError):
        failures = getattr(exc, "failures", None) or []
        if len(failures) > 1:
            # Every rule failure at once (一次性告知), each with its fix.
            lines = [
                f"{i}. {f.message}" + (f"（{f.fix}）" if f.fix else "") for i, f in enumerate(failures, 1)
            ]
            return exc.message.split("（另有")[0], "\n".join(lines)
        return exc.message, exc.fix or ""
    log.error("unexpected error", exc_info=exc)
    return (
        QCoreApplication.translate("errors", "操作未能完成：程序内部出错。"),
        QCoreApplication.translate(
            "errors", "请重试；如果再次出现，请记下时间并联系管理员（详情已写入日志）。"
        ),
    )


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> QMessageBox:
    """A non-blocking warning box (open(), not exec()) so background results keep arriving."""
    message, fix = error_text(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("errors", "无法办理"))
    box.setText(message)
    if fix:
        box.setInformativeText(QCoreApplication.translate("errors", "处理办法：") + fix)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("errors", "知道了"))
    box.setObjectName("errorBox")
    box.open()
    return box
