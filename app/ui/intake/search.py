"""Finding a business item by what a clerk types: Chinese, pinyin initials (agyx → 安管人员延续) or full pinyin,
and the few items this clerk used last (a small JSON file per data directory).

Plain Python without Qt so the ranking can be tested on its own.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from app.domain.catalogue import Catalogue, Item

RECENT_FILE = "recent_items.json"
RECENT_KEEP = 5


def _initials(text: str) -> str:
    # Non-Chinese characters (codes, brackets) come back unchanged; keep letters and digits only.
    return "".join(p[:1] for p in lazy_pinyin(text, style=Style.FIRST_LETTER) if p[:1].isalnum()).lower()


def _full(text: str) -> str:
    return "".join(p for p in lazy_pinyin(text) if p.isalnum()).lower()


def _subsequence_span(needle: str, hay: str) -> int | None:
    """Length of the shortest window of `hay` containing `needle` in order, or None."""
    best: int | None = None
    for start, ch in enumerate(hay):
        if ch != needle[0]:
            continue
        pos = start
        for c in needle[1:]:
            pos = hay.find(c, pos + 1)
            if pos < 0:
                break
        else:
            span = pos - start + 1
            if best is None or span < best:
                best = span
    return best


@dataclass(frozen=True)
class _Entry:
    item: Item
    texts: tuple[str, ...]  # lower-cased Chinese names and item code
    initials: tuple[str, ...]
    full: tuple[str, ...]


class ItemIndex:
    """All catalogue items with their pinyin, ranked against a query."""

    def __init__(self, catalogue: Catalogue) -> None:
        self._entries: list[_Entry] = []
        for item in catalogue.items.values():
            names = (item.short_name, item.name)
            self._entries.append(
                _Entry(
                    item,
                    (item.short_name.lower(), item.name.lower(), item.code.lower()),
                    tuple(_initials(n) for n in names),
                    tuple(_full(n) for n in names),
                )
            )

    def search(self, query: str, recent: list[str] | None = None) -> list[Item]:
        """Matching items, best first: prefix, then substring, then letters in order; recent items first
        within each tier, then the tightest match, then catalogue order."""
        recent = recent or []
        q = "".join(query.split()).lower()
        scored: list[tuple[tuple[int, int, int, int], Item]] = []
        for order, e in enumerate(self._entries):
            rank = recent.index(e.item.code) if e.item.code in recent else len(recent) + 1
            if not q:
                scored.append(((0, rank, 0, order), e.item))
                continue
            tier, span = self._match(q, e)
            if tier is not None:
                scored.append(((tier, rank, span, order), e.item))
        scored.sort(key=lambda pair: pair[0])
        return [item for _, item in scored]

    @staticmethod
    def _match(q: str, e: _Entry) -> tuple[int | None, int]:
        keys = e.texts + e.initials + e.full
        if any(k.startswith(q) for k in keys):
            return 0, len(q)
        if any(q in k for k in keys):
            return 1, len(q)
        # Letters-in-order only against the short name: the long official names match almost anything.
        spans = [s for k in (e.initials[0], e.texts[0]) if (s := _subsequence_span(q, k)) is not None]
        if spans:
            return 2, min(spans)
        return None, 0


def _recent_path(data_dir: Path) -> Path:
    return data_dir / RECENT_FILE


def load_recent(data_dir: Path, username: str) -> list[str]:
    """The item codes this user picked last, newest first; a missing or broken file means none."""
    try:
        data = json.loads(_recent_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    codes = data.get(username, []) if isinstance(data, dict) else []
    return [c for c in codes if isinstance(c, str)][:RECENT_KEEP]


def remember_recent(data_dir: Path, username: str, item_code: str) -> list[str]:
    """Put an item at the front of the user's recent list and write the file atomically."""
    path = _recent_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    codes = [item_code] + [c for c in data.get(username, []) if c != item_code]
    data[username] = codes[:RECENT_KEEP]
    write_json_atomic(path, data)
    return data[username]


def write_json_atomic(path: Path, data: object) -> None:
    """Write to a temporary file in the same directory, flush it to disk, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
