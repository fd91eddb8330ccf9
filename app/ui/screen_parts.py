"""Pieces the back-office screens that send their work to the central store share (业务事项目录, 节假日设置,
证书库导入): the heading, and a failure shown in the screen's labels. The screens translate their own text."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.ui.errors import error_text


def screen_heading(title: str, hint: str) -> tuple[QLabel, QLabel]:
    """A screen's bold title and the word-wrapped hint below it."""
    heading = QLabel(title)
    heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
    note = QLabel(hint)
    note.setWordWrap(True)
    return heading, note


def failure_text(exc: BaseException, fix_line: str = "\n{fix}") -> str:
    """What went wrong, then how to fix it (`fix_line`, its own line break first, words that part)."""
    message, fix = error_text(exc)
    return message + fix_line.format(fix=fix) if fix else message


def show_failure(exc: BaseException, error: QLabel, message: QLabel) -> str:
    """The failure in the screen's red error label, its progress message cleared; the text shown."""
    text = failure_text(exc)
    error.setText(text)
    message.setText("")
    return text


__all__ = ["failure_text", "screen_heading", "show_failure"]
