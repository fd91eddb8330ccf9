"""Qt's Python types made while the login waits (docs/DESIGN.md, "Start sequence").

PySide6 creates the Python side of each Qt class (its type object and every enum it declares) the first time
Python meets the class. Opening the main window meets a great many of them at once: the widgets its screens
build and, through the window's application-wide event filters (scanner, idle lock), every kind of event they
send. Measured at a cold start, that was most of the main window's opening after Enter (~60 ms on these
machines), against ~0.2 ms a class made in advance.

`TypeWarmup` makes them in small slices on the GUI thread while that thread has nothing else to do: from the
moment the local store is open (the clerk is still typing) through the login's Argon2id check (which runs on its
own thread and holds no interpreter lock). It stops when the window is about to be built; whatever is left is made
on first use, as before. It never runs while the store is still opening: that path is the interpreter's busiest
and a slice there would only lengthen it.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from PySide6.QtCore import QObject, QTimer

SLICE = 24  # classes per event-loop turn: ~5 ms, so a key typed meanwhile is never held noticeably


def _qt_names(modules: tuple[ModuleType, ...]) -> Iterator[tuple[ModuleType, str]]:
    for module in modules:
        for name in dir(module):
            if name.startswith("Q"):
                yield module, name


class TypeWarmup(QObject):
    """Makes the Python types of QtCore, QtGui and QtWidgets a slice per event-loop turn until `stop()`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6 import QtCore, QtGui, QtWidgets

        self._pending = _qt_names((QtCore, QtGui, QtWidgets))
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)
        self.made = 0
        self.done = False

    def start(self) -> None:
        if not self.done:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _slice(self) -> None:
        for _ in range(SLICE):
            item = next(self._pending, None)
            if item is None:
                self.done = True
                self._timer.stop()
                return
            module, name = item
            getattr(module, name)  # the lookup is what makes the type
            self.made += 1
