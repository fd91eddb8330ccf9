"""The lighter per-import check installed with app.ui (app/ui/qt_import_hook.py): for every module of the
application it answers as the module's own source says (a PySide6 import at module level), it never says "uses
PySide6" where PySide6's source search would not, and PySide6's import hook now asks it."""

from __future__ import annotations

import ast
import inspect
import sys
from types import ModuleType

import app.ui  # noqa: F401 - installs the check
from app.ui.qt_import_hook import uses_pyside

_QT = ("PySide6", "shiboken6")


def _imports_qt_at_module_level(module: ModuleType) -> bool:
    """From the source: a module-level `import PySide6…` or `from PySide6… import …` (not under TYPE_CHECKING)."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return False
    for node in tree.body:
        if isinstance(node, ast.Import) and any(a.name.startswith(_QT) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(_QT):
            return True
    return False


def _source_search(module: ModuleType) -> bool:
    """PySide6's own check: the string "PySide6" anywhere in the module's source."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (OSError, TypeError):
        return False


def test_the_check_answers_as_each_application_module_imports() -> None:
    import app.ui.main  # noqa: F401
    import app.ui.main_window  # noqa: F401
    import app.ui.today  # noqa: F401

    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith("app.") and m is not None]
    assert len(modules) > 50
    assert [m.__name__ for m in modules if uses_pyside(m) != _imports_qt_at_module_level(m)] == []
    # Never "uses PySide6" where PySide6 itself would say no: at most fewer modules take part in feature
    # switching (those naming PySide6 only in a docstring or inside a function), and no module selects a feature.
    assert [m.__name__ for m in modules if uses_pyside(m) and not _source_search(m)] == []
    assert uses_pyside(sys.modules["app.ui.today"]) and not uses_pyside(sys.modules["app.domain.errors"])


def test_pyside_import_hook_asks_the_lighter_check() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is uses_pyside
    import app.domain.errors
    import app.ui.today

    for module, expected in ((app.ui.today, 0), (app.domain.errors, -1)):
        feature.pyside_feature_dict.pop(module.__name__, None)
        feature.feature_imported(module)  # what the hook runs after each import
        assert feature.pyside_feature_dict[module.__name__] == expected
