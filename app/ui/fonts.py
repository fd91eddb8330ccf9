"""The application font: a CJK face that exists on this machine, chosen once at start-up."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

WINDOWS_FACES = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei", "NSimSun")
LINUX_FACES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "AR PL UKai CN",
)
MAC_FACES = ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti")


def preferred_faces(platform: str = sys.platform) -> tuple[str, ...]:
    if platform.startswith("win"):
        return WINDOWS_FACES + LINUX_FACES
    if platform == "darwin":
        return MAC_FACES + LINUX_FACES
    return LINUX_FACES + WINDOWS_FACES


def pick_cjk_family(available: list[str] | None = None, platform: str = sys.platform) -> str | None:
    """The first preferred face installed here; else any face that can write Simplified Chinese; else None."""
    families = available if available is not None else QFontDatabase.families()
    present = set(families)
    for face in preferred_faces(platform):
        if face in present:
            return face
    if available is None:
        chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        if chinese:
            return chinese[0]
    return None


def apply_application_font(app: QApplication, point_size: float = 10.5) -> str | None:
    """Set the application font explicitly so Chinese never falls back to boxes or a mismatched face."""
    family = pick_cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(point_size)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    return family
