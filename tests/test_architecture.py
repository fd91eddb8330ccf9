"""Layer rules as a test: only app/ui imports Qt; the domain imports neither Qt nor SQL; nothing imports app.ui
from below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((APP / package).rglob("*.py")) if package else sorted(p for p in APP.glob("*.py"))


NON_UI = [p for p in sorted(APP.rglob("*.py")) if "ui" not in p.relative_to(APP).parts]


@pytest.mark.parametrize("path", NON_UI, ids=lambda p: str(p.relative_to(APP)))
def test_only_ui_imports_qt_and_nothing_imports_ui(path):
    bad = {m for m in _imports(path) if m.split(".")[0] in ("PySide6", "shiboken6") or m.startswith("app.ui")}
    if path.name == "cli.py":
        bad.discard("app.ui.main")  # the entry point opens the window when no command is given
    assert not bad, f"{path.relative_to(APP)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("domain"), ids=lambda p: p.name)
def test_domain_is_pure(path):
    bad = {
        m
        for m in _imports(path)
        if m.split(".")[0] in ("sqlalchemy", "PySide6", "httpx", "fastapi")
        or m.startswith(("app.models", "app.services"))
    }
    assert not bad, f"domain/{path.name} imports {sorted(bad)}"


def test_no_star_imports():
    offenders = [
        str(p.relative_to(APP)) for p in APP.rglob("*.py") if "import *" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


_COUNTER_SIDE = ("app.services", "app.sync", "app.ui", "app.capture", "app.excel", "app.bootstrap", "app.cli")


@pytest.mark.parametrize("path", _modules("central"), ids=lambda p: str(p.relative_to(APP)))
def test_the_central_store_imports_no_counter_side_package(path):
    """STYLE.md §12: what both sides need lives in app/core (or app/domain, app/models); never the reverse."""
    bad = {m for m in _imports(path) if m.startswith(_COUNTER_SIDE)}
    assert not bad, f"{path.relative_to(APP)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules("core"), ids=lambda p: p.name)
def test_the_shared_core_imports_neither_side(path):
    bad = {m for m in _imports(path) if m.startswith((*_COUNTER_SIDE, "app.central"))}
    assert not bad, f"core/{path.name} imports {sorted(bad)}"
