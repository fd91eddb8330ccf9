"""Which key does what on the screen as it is now: every menu title, action, QShortcut, button and label mnemonic
that would react to a key combination, so that a test (and a curious developer) can find two that share a key.

Qt resolves a key bound twice by doing nothing or by the wrong one (Alt+A opened the 办件 menu instead of 受理);
the menus therefore take letters that no action button uses (办件 J, 窗口 V, 账户 U), and the walker below proves
it on every screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLabel, QMainWindow, QTabWidget, QWidget

# Alt letters of the main window's menus; action buttons and dialogs keep clear of them.
MENU_LETTERS = {"cases": "J", "screens": "V", "account": "Z"}


@dataclass(frozen=True)
class Binding:
    key: str  # portable text, e.g. "Alt+A", "Ctrl+Return"
    owner: str  # what reacts: "menu 办件", "button 受理", "shortcut on intake_screen"


def _portable(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


def _mnemonic(text: str) -> str | None:
    seq = QKeySequence.mnemonic(text)
    return _portable(seq) or None


def _shown(widget: QWidget | None) -> bool:
    return widget is not None and widget.isVisible() and widget.isEnabled()


def bindings(window: QWidget) -> list[Binding]:
    """Every key binding live in `window` now (hidden screens of a stack and disabled actions do not count)."""
    found: list[Binding] = []
    if isinstance(window, QMainWindow) and window.menuBar().isVisible():
        for action in window.menuBar().actions():
            key = _mnemonic(action.text())
            if key and action.isVisible():
                found.append(Binding(key, f"menu {action.text()}"))
    seen_actions: set[int] = set()
    for action in window.findChildren(QAction):
        if id(action) in seen_actions or not action.isEnabled() or action.menu() is not None:
            continue
        seen_actions.add(id(action))
        for seq in action.shortcuts():
            if not seq.isEmpty():
                found.append(Binding(_portable(seq), f"action {action.text()}"))
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if shortcut.isEnabled() and isinstance(parent, QWidget) and _shown(parent):
            key = _portable(shortcut.key())
            if key:
                found.append(Binding(key, f"shortcut on {parent.objectName() or type(parent).__name__}"))
    for button in window.findChildren(QAbstractButton):
        if _shown(button) and not button.shortcut().isEmpty():
            found.append(Binding(_portable(button.shortcut()), f"button {button.text()}"))
    for label in window.findChildren(QLabel):
        if _shown(label) and label.buddy() is not None:
            key = _mnemonic(label.text())
            if key:
                found.append(Binding(key, f"label {label.text()}"))
    for tabs in window.findChildren(QTabWidget):
        if _shown(tabs):
            for i in range(tabs.count()):
                key = _mnemonic(tabs.tabText(i))
                if key and tabs.isTabEnabled(i):
                    found.append(Binding(key, f"tab {tabs.tabText(i)}"))
    return found


def collisions(window: QWidget) -> dict[str, list[str]]:
    """Keys bound to more than one thing on the screen as shown, with what they are bound to."""
    owners: dict[str, list[str]] = defaultdict(list)
    for b in bindings(window):
        owners[b.key].append(b.owner)
    return {key: names for key, names in owners.items() if len(names) > 1}
