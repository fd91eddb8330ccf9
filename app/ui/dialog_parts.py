"""Pieces every small dialog of the window repeats: the red line that names what is wrong, and the button row
(cancel left of the default button, both on the right)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

ERROR_COLOUR = "#b00020"


def error_label(object_name: str) -> QLabel:
    """An empty, word-wrapped red label where a dialog says what is wrong and how to fix it."""
    label = QLabel("")
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    return label


def button_row(cancel: QPushButton, ok: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row
