"""Photos of a legacy register, from a folder or a zip of files named by ID number or certificate number.

Only the index (name → where) is kept in memory; each photo is read when its row comes. A file's name without
its extension is the key, compared in upper case with spaces removed ("410105198605170017.jpg",
"豫建安C2（2019）0001234.JPG"); names that repeat are reported once, not guessed between.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.domain.errors import DomainError
from app.domain.numbering import normalise_certificate_text

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")


def _key(stem: str) -> str:
    return normalise_certificate_text("".join(stem.split())).upper()


@dataclass
class PhotoSource:
    """Photos by key; `read(key)` gives the bytes, `duplicates` the keys found more than once."""

    root: Path
    entries: dict[str, str] = field(default_factory=dict)  # key → file path (folder) or member name (zip)
    duplicates: set[str] = field(default_factory=set)
    _zip: zipfile.ZipFile | None = None

    def find(self, *keys: str | None) -> tuple[str, str] | None:
        """The first of `keys` that has a photo: (key, where)."""
        for key in keys:
            if key and _key(key) in self.entries:
                return _key(key), self.entries[_key(key)]
        return None

    def read(self, where: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(where)
        return Path(where).read_bytes()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None

    def _add(self, stem: str, where: str) -> None:
        key = _key(stem)
        if key in self.entries:
            self.duplicates.add(key)
        else:
            self.entries[key] = where


def open_photos(path: str | Path | None) -> PhotoSource | None:
    """Index a folder (searched recursively) or a .zip; None when no photos were given."""
    if path is None or str(path) == "":
        return None
    root = Path(path)
    if root.is_dir():
        source = PhotoSource(root)
        for file in sorted(root.rglob("*")):
            if file.is_file() and file.suffix.lower() in IMAGE_SUFFIXES:
                source._add(file.stem, str(file))
        return source
    if root.is_file() and zipfile.is_zipfile(root):
        archive = zipfile.ZipFile(root)
        source = PhotoSource(root, _zip=archive)
        for info in archive.infolist():
            name = PurePosixPath(_decode_name(info))
            if not info.is_dir() and name.suffix.lower() in IMAGE_SUFFIXES:
                source._add(name.stem, info.filename)
        return source
    raise DomainError(
        "PHOTOS_NOT_FOUND",
        f"照片位置“{root}”不是文件夹，也不是zip压缩包",
        field="photos",
        fix="请选择存放照片的文件夹，或照片打包成的 .zip 文件。",
    )


def _decode_name(info: zipfile.ZipInfo) -> str:
    """Windows zip tools write Chinese names in GBK without the UTF-8 flag; Python reads those as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
