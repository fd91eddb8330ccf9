"""Where things live: bundled resources and the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

ENV_DATA_DIR = "COUNTERDESK_DATA_DIR"
_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return _RESOURCES.joinpath(*parts)


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The local data directory: --data-dir, then $COUNTERDESK_DATA_DIR, then the platform's user data dir."""
    chosen = override or os.environ.get(ENV_DATA_DIR) or user_data_dir("CounterDesk", "HenanJianshe")
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_yaml(text: str) -> Any:
    """`yaml.safe_load` through libyaml when PyYAML has it (about ten times faster on the catalogue, which every
    start reads); same result, same `yaml.YAMLError` on a broken file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, chosen above
