"""Where things live: bundled resources and the per-user data directory."""

from __future__ import annotations

import os
from pathlib import Path

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
