"""Handheld scanner input (扫码枪): a keyboard that types a whole code within milliseconds and presses Enter.

An application-wide event filter holds back plain printable key presses for a few tens of milliseconds. Keys
that arrive slower than a scanner types are replayed to the widget they were meant for, so normal typing is
unchanged apart from that short delay. A burst of at least `min_length` characters, each within `max_gap_ms` of
the previous, ending in Enter, is a scan: a recognised code is taken away from the focused widget and reported;
anything else is replayed in full, Enter included.

A widget (or any ancestor) with the dynamic property `scannerPassthrough` set to True receives scans as typing,
e.g. an ID-number field that wants to be filled by the scanner.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from enum import Enum

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.numbering import normalise_certificate_text

APPLICATION_NUMBER = re.compile(r"^\d{20}$")
ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
# Certificate numbers of the three families (formats in resources/catalogue.yaml) and the signed QR payload.
CERTIFICATE_NUMBER = re.compile(r"^豫(建安(A|B|C1|C2|C3)（\d{4}）\d{7}|[A-Z]\d{2}\d{4}\d{6}|建技\d{4}\d{8})$")
CERTIFICATE_PAYLOAD_PREFIX = "CD1:"

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = (
    Qt.KeyboardModifier.NoModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.KeypadModifier,
)


class CodeKind(Enum):
    APPLICATION = "application"
    ID_NUMBER = "id_number"
    CERTIFICATE = "certificate"


def _is_verify_address(code: str) -> bool:
    """A certificate QR that carries its verification address (HTTPS://…/V/CD1:…), as a scanner types it."""
    return code[:4].upper() == "HTTP" and f"/V/{CERTIFICATE_PAYLOAD_PREFIX}" in code.upper()


def classify(code: str) -> CodeKind | None:
    """What a scanned code is, or None when it is nothing the counter knows."""
    code = code.strip()
    if code.startswith(CERTIFICATE_PAYLOAD_PREFIX) or _is_verify_address(code):
        return CodeKind.CERTIFICATE
    if APPLICATION_NUMBER.match(code):
        return CodeKind.APPLICATION
    if ID_NUMBER.match(code):
        return CodeKind.ID_NUMBER
    if CERTIFICATE_NUMBER.match(normalise_certificate_text(code)):
        return CodeKind.CERTIFICATE
    return None


@dataclass
class _Held:
    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def _passthrough(obj: QObject | None) -> bool:
    while obj is not None:
        if obj.property("scannerPassthrough"):
            return True
        obj = obj.parent()
    return False


class ScannerFilter(QObject):
    """Install on the QApplication; `scanned(kind, code)` fires for each recognised scan."""

    scanned = Signal(str, str)  # CodeKind.value, code

    def __init__(
        self, parent: QObject | None = None, *, min_length: int = 10, max_gap_ms: float = 30.0
    ) -> None:
        super().__init__(parent)
        self.min_length = min_length
        self.max_gap_ms = max_gap_ms
        self.enabled = True
        self._held: list[_Held] = []
        self._last = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        etype = event.type()
        if etype == QEvent.Type.KeyPress and not self._replaying and self.enabled:
            return self._key_press(obj, event)  # type: ignore[arg-type]
        if etype in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusOut) and self._held:
            self.flush()
        return False

    def _key_press(self, obj: QObject, event: QKeyEvent) -> bool:
        # A key that nobody accepts travels up to the parents; only its first receiver matters here.
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False
        if focus is None and not (isinstance(obj, QWidget) and obj.isWindow()):
            return False
        now = time.perf_counter() * 1000.0
        text = event.text()
        key = event.key()
        if key in _ENTER and event.modifiers() in _PLAIN:
            return self._enter(now)
        printable = len(text) == 1 and text.isprintable() and not event.isAutoRepeat()
        if not printable or event.modifiers() not in _PLAIN or _passthrough(obj):
            self.flush()
            return False
        if self._held and now - self._last > self.max_gap_ms:
            self.flush()
        self._held.append(_Held(obj, key, event.modifiers(), text))
        self._last = now
        # Hold at most a little longer than a scanner's gap: a human's next key comes much later.
        self._timer.start(int(self.max_gap_ms) + 10)
        return True

    def _enter(self, now: float) -> bool:
        if not self._held:
            return False
        code = "".join(h.text for h in self._held)
        burst = len(self._held) >= self.min_length and now - self._last <= self.max_gap_ms
        kind = classify(code) if burst else None
        if kind is None:
            self.flush()
            return False  # the Enter itself goes on to the widget after the replayed characters
        self._held.clear()
        self._timer.stop()
        self.scanned.emit(kind.value, code.strip())
        return True

    def flush(self) -> None:
        """Deliver held keys to the widgets they were meant for, in order."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return
        self._replaying = True
        try:
            for h in held:
                if not shiboken6.isValid(h.target):
                    continue
                press = QKeyEvent(QEvent.Type.KeyPress, h.key, h.modifiers, h.text)
                QApplication.sendEvent(h.target, press)
        finally:
            self._replaying = False
