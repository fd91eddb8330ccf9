"""A lighter answer to PySide6's question about every module imported after it (docs/DESIGN.md, "Start sequence").

Importing PySide6 replaces Python's import with one that, after each new module, asks whether that module uses
PySide6 (for the opt-in `from __feature__ import snake_case, true_property`): it reads the module's whole source
file and searches it for "PySide6". On a counter that is every module of the store layer and of each screen the
first time it opens, several hundred files: measured over importing the store layer and the first window, 426 ms
with PySide6's check and 355 ms with this one (median of 8 interleaved fresh processes).

CounterDesk never selects a feature, so the answer only sorts modules into "takes part in feature switching" and
"ignored". This check answers from what the module bound at import time (a PySide6 module or a Qt class among its
globals), which is what our modules do; tests/ui/test_qt_import_hook.py checks it agrees with PySide6's own
check for every module of the application. Where the PySide6 internals are not as expected nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType

_QT = ("PySide6", "shiboken6")


def uses_pyside(module: ModuleType) -> bool:
    """Whether `module` bound a PySide6 module or a Qt class or function among its globals."""
    for value in list(vars(module).values()):
        try:
            name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        except Exception:  # noqa: BLE001 - an object whose attribute lookup fails is simply not Qt
            continue
        if isinstance(name, str) and name.startswith(_QT):
            return True
    return False


def lighten_feature_scan() -> bool:
    """Install `uses_pyside` as PySide6's per-import check; False when PySide6 has no such check to replace."""
    import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook and its feature module

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
