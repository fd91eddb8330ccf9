"""Small pieces the capture screens share: which material is being captured, guarded callbacks, the settings
file of this workstation, and the ID-card guide frame."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

SETTINGS_FILE = "capture_settings.json"
# A resident ID card is an ID-1 card: 85.6 mm × 54 mm.
CARD_RATIO = 85.6 / 54.0
CARD_KINDS = ("id_card_front", "id_card_back")


@dataclass(frozen=True)
class MaterialTarget:
    """The material pages go to: its catalogue code, its kind (drives the pipeline) and its name."""

    code: str
    kind: str
    name: str

    @property
    def is_id_card(self) -> bool:
        return self.kind in CARD_KINDS


def alive(owner: QObject, fn: Callable[[Any], None]) -> Callable[[Any], None]:
    """A callback that is dropped when its widget was deleted before the background result arrived."""

    def call(value: Any) -> None:
        if shiboken6.isValid(owner):
            fn(value)

    return call


def load_settings(data_dir: Path) -> dict[str, Any]:
    """This workstation's capture settings; a missing or broken file means defaults (run on the io pool)."""
    try:
        data = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(data_dir: Path, values: dict[str, Any]) -> dict[str, Any]:
    """Merge values into the settings file, written atomically so a crash never leaves half a file."""
    merged = {**load_settings(data_dir), **values}
    data_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=SETTINGS_FILE, suffix=".tmp", dir=data_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(merged, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, data_dir / SETTINGS_FILE)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return merged


def card_guide_rect(bounds: QRectF, fill: float = 0.86) -> QRectF:
    """The largest ID-card-shaped rectangle filling `fill` of bounds, centred."""
    width, height = bounds.width() * fill, bounds.height() * fill
    if width / max(height, 1e-6) > CARD_RATIO:
        width = height * CARD_RATIO
    else:
        height = width / CARD_RATIO
    return QRectF(bounds.center().x() - width / 2, bounds.center().y() - height / 2, width, height)


def paint_card_guide(painter: QPainter, rect: QRectF, label: str) -> None:
    """A dashed card outline with rounded corners and a caption, the way a clerk lines up a card."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(0, 200, 83), max(2.0, rect.width() / 300))
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    radius = rect.width() * 0.04
    painter.drawRoundedRect(rect, radius, radius)
    # The caption sits on its own pill inside the frame's lower edge, readable over text and dark desks alike.
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(label) + 16, metrics.height() + 6
    pill = QRectF(rect.center().x() - width / 2, rect.bottom() - height - 6, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 120, 60, 210))
    painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(QColor(255, 255, 255))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()
