"""Pieces the window's dialogs and screens repeat: the red line that names what is wrong, the button row
(cancel left of the default button, both on the right), and a button whose tooltip shows its shortcut."""

from __future__ import annotations

from collections.abc import Callable

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


def shortcut_button(text: str, shortcut: str, slot: Callable[[], object], name: str) -> QPushButton:
    """A button with its keyboard shortcut, shown in the tooltip (keyboard first: the clerk learns it there)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setShortcut(shortcut)
    button.setToolTip(f"{text}（{shortcut}）")
    button.clicked.connect(lambda _checked=False: slot())  # the slot takes no `checked` argument
    return button
