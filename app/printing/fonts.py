"""Find and register one TrueType CJK font for reportlab.

reportlab only embeds TrueType outlines; its built-in CID fonts (STSong-Light) are not embedded and print as
boxes on a machine without the reader's Asian font pack, so we never fall back to them.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from app.domain.errors import DomainError

ENV_FONT = "COUNTERDESK_CJK_FONT"
FONT_NAME = "CounterDeskCJK"


@dataclass(frozen=True)
class FontCandidate:
    path: Path
    subfont_index: int = 0


# Order matters: wqy-zenhei first because it covers the most characters (rare surname glyphs).
CANDIDATES: tuple[FontCandidate, ...] = (
    FontCandidate(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    FontCandidate(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    FontCandidate(Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
    FontCandidate(Path("C:/Windows/Fonts/simsun.ttc"), 0),
    FontCandidate(Path("C:/Windows/Fonts/simhei.ttf"), 0),
    FontCandidate(Path("C:/Windows/Fonts/simkai.ttf"), 0),
)

_lock = threading.Lock()
_registered: dict[tuple[str, int], str] = {}


def _parse_configured(configured: str | os.PathLike[str]) -> FontCandidate:
    # "path.ttc#1" selects a face inside a collection.
    text = os.fspath(configured)
    path, _, index = text.partition("#")
    return FontCandidate(Path(path), int(index) if index.isdigit() else 0)


def _candidates(configured: str | os.PathLike[str] | None) -> list[FontCandidate]:
    chosen: list[FontCandidate] = []
    for source in (configured, os.environ.get(ENV_FONT)):
        if source:
            chosen.append(_parse_configured(source))
    return chosen + list(CANDIDATES)


def _missing_font_error(tried: list[FontCandidate]) -> DomainError:
    paths = "、".join(str(c.path) for c in tried)
    return DomainError(
        "FONT_MISSING",
        f"找不到可嵌入PDF的中文TrueType字体（已查找：{paths}），无法生成证书和文书。",
        field="font",
        fix=(
            "Debian/Ubuntu 请执行 sudo apt-get install fonts-wqy-zenhei；"
            "Windows 系统自带宋体（C:\\Windows\\Fonts\\simsun.ttc），如已被删除请从系统安装盘恢复；"
            f"也可在设置中或环境变量 {ENV_FONT} 中指定一个 .ttf/.ttc 字体文件。"
        ),
    )


def cjk_font(configured: str | os.PathLike[str] | None = None) -> str:
    """Register the first usable CJK TrueType font and return its reportlab name.

    `configured` (a path, optionally "file.ttc#index") wins over $COUNTERDESK_CJK_FONT, which wins over the
    system fonts. Registration happens once per font file; later calls are a dictionary lookup.
    """
    candidates = _candidates(configured)
    with _lock:
        for cand in candidates:
            key = (str(cand.path), cand.subfont_index)
            if key in _registered:
                return _registered[key]
            if not cand.path.is_file():
                continue
            name = FONT_NAME if not _registered else f"{FONT_NAME}{len(_registered)}"
            try:
                pdfmetrics.registerFont(TTFont(name, str(cand.path), subfontIndex=cand.subfont_index))
            except (TTFError, OSError, ValueError):
                # A CFF-outline font (Noto CJK) or a damaged file: try the next one.
                continue
            _registered[key] = name
            return name
    raise _missing_font_error(candidates)
