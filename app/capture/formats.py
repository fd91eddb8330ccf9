"""Opening material files safely: format from content, size and pixel limits checked before any decoding."""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from app.capture import pdfpages
from app.domain.errors import DomainError

DEFAULT_MAX_PIXELS = 60_000_000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_PAGES = 200
SUPPORTED_TEXT = "JPG、PNG、TIFF、BMP、WEBP 图片或 PDF"

# Pillow's own bomb check warns through the warnings module; turning that into an error touches global
# filter state, so it is done under a lock (the header parse inside is quick).
_WARNINGS_LOCK = threading.Lock()


def sniff(head: bytes) -> str | None:
    """The format named by the file's first bytes (Pillow's format names, plus "PDF"), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    if head.startswith(b"BM") and len(head) >= 26:
        return "BMP"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    # PDF readers accept the header anywhere in the first kilobyte.
    if b"%PDF-" in head[:1024]:
        return "PDF"
    return None


def _is_heif(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"mif1",
        b"msf1",
        b"heim",
        b"hevc",
        b"avif",
    )


def display_name(data: bytes | Path, name: str | None) -> str:
    if name:
        return name
    return data.name if isinstance(data, Path) else "（未命名文件）"


def read_limited(data: bytes | Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing empty, oversized, missing or unreadable files before reading them."""
    if isinstance(data, Path):
        try:
            if data.is_dir():
                raise DomainError(
                    "FILE_IS_FOLDER",
                    f"“{name}”是文件夹，不是文件",
                    field="file",
                    fix="请打开文件夹，选择其中的文件",
                )
            size = data.stat().st_size
        except FileNotFoundError as exc:
            raise DomainError(
                "FILE_NOT_FOUND",
                f"找不到文件“{name}”",
                field="file",
                fix="文件可能已被移动或删除，请重新选择",
            ) from exc
        except PermissionError as exc:
            raise DomainError(
                "FILE_UNREADABLE",
                f"没有权限读取文件“{name}”",
                field="file",
                fix="请复制到本机后再导入，或联系管理员",
            ) from exc
        _check_size(size, name, max_bytes)
        try:
            with data.open("rb") as handle:
                content = handle.read(max_bytes + 1)
        except OSError as exc:
            raise DomainError(
                "FILE_UNREADABLE",
                f"读取文件“{name}”失败：{exc.strerror or exc}",
                field="file",
                fix="请检查文件后重试",
            ) from exc
        # The file may have grown between stat and read (a scanner still writing).
        _check_size(len(content), name, max_bytes)
        return content
    _check_size(len(data), name, max_bytes)
    return data


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size == 0:
        raise DomainError(
            "FILE_EMPTY", f"文件“{name}”是空文件（0 字节）", field="file", fix="请重新扫描或重新复制该文件"
        )
    if size > max_bytes:
        raise DomainError(
            "FILE_TOO_LARGE",
            f"文件“{name}”有 {size / 1048576:.0f} MB，超过 {max_bytes / 1048576:.0f} MB 的上限",
            field="file",
            fix="请降低扫描分辨率（300 dpi 即可）或拆分后再导入",
        )


def detect_format(content: bytes, name: str) -> str:
    fmt = sniff(content[:1024])
    if fmt is not None:
        return fmt
    if _is_heif(content[:16]):
        raise DomainError(
            "FILE_FORMAT_UNSUPPORTED",
            f"文件“{name}”是 HEIC/HEIF 格式（苹果手机照片），本系统无法读取",
            field="file",
            fix="请在手机“设置—相机—格式”中选择“兼容性最佳”后重拍，或导出为 JPG",
        )
    raise DomainError(
        "FILE_NOT_IMAGE",
        f"文件“{name}”不是可识别的图片或 PDF（与扩展名无关，按内容判断）",
        field="file",
        fix=f"请提供 {SUPPORTED_TEXT} 文件",
    )


def _too_many_pixels(name: str, size: tuple[int, int], max_pixels: int) -> DomainError:
    width, height = size
    return DomainError(
        "IMAGE_TOO_MANY_PIXELS",
        f"图片“{name}”尺寸为 {width}×{height}（约 {width * height / 1e6:.0f} 百万像素），"
        f"超过 {max_pixels / 1e6:.0f} 百万像素的上限",
        field="file",
        fix="请把扫描分辨率设为 300 dpi，或在手机上选择较小的照片尺寸后重新拍摄",
    )


def corrupt(name: str, exc: BaseException | None = None) -> DomainError:
    detail = "，文件不完整或已损坏" if exc is None or "truncated" in str(exc) else "，文件已损坏"
    return DomainError(
        "FILE_CORRUPT",
        f"无法读取图片“{name}”{detail}",
        field="file",
        fix="请重新扫描、重新拍摄或重新复制该文件",
    )


def open_header(content: bytes, fmt: str, name: str, max_pixels: int) -> Image.Image:
    """Parse only the header (Pillow opens lazily) and refuse oversized images before any pixel exists."""
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(content), formats=[fmt])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            # Pillow names only the pixel count: "Image size (900000000 pixels) exceeds limit …".
            claimed = re.search(r"\((\d+) pixels\)", str(exc))
            count = f"（约 {int(claimed.group(1)) / 1e6:.0f} 百万像素）" if claimed else ""
            raise DomainError(
                "IMAGE_TOO_MANY_PIXELS",
                f"图片“{name}”的像素数{count}超过安全上限，疑似“解压炸弹”文件，已拒绝打开",
                field="file",
                fix="请把扫描分辨率设为 300 dpi，或在手机上选择较小的照片尺寸后重新拍摄",
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise corrupt(name, exc) from exc
    width, height = image.size
    if width <= 0 or height <= 0:
        raise corrupt(name)
    if width * height > max_pixels:
        raise _too_many_pixels(name, image.size, max_pixels)
    return image


def decode(image: Image.Image, name: str) -> Image.Image:
    """Decode a lazily opened image, turning every decoder failure into FILE_CORRUPT."""
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
        raise corrupt(name, exc) from exc
    return image


def iter_images(
    data: bytes | Path,
    *,
    name: str | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    lazy: bool = False,
) -> Iterator[Image.Image]:
    """Yield the file's pages one at a time, so a long TIFF or PDF never sits in memory all at once.

    With lazy=True a single-frame raster image is yielded header-checked but undecoded, so the pipeline
    can still ask the JPEG decoder for a smaller or grayscale draft; decode it with `decode()`.
    """
    label = display_name(data, name)
    content = read_limited(data, label, max_bytes)
    fmt = detect_format(content, label)
    if fmt == "PDF":
        yield from pdfpages.render_pages(content, label, max_pixels=max_pixels, max_pages=max_pages)
        return
    image = open_header(content, fmt, label, max_pixels)
    frames = getattr(image, "n_frames", 1) if fmt == "TIFF" else 1
    if frames == 1:
        yield image if lazy else decode(image, label)
        return
    if frames > max_pages:
        raise DomainError(
            "FILE_TOO_MANY_PAGES",
            f"文件“{label}”有 {frames} 页，超过单个文件 {max_pages} 页的上限",
            field="file",
            fix="请把文件拆分成几个较小的文件后分别导入",
        )
    for index in range(frames):
        try:
            image.seek(index)
        except (OSError, ValueError, EOFError) as exc:
            raise corrupt(f"{label}（第 {index + 1} 页）", exc) from exc
        page_label = f"{label}（第 {index + 1} 页）"
        # Each TIFF page has its own header; Pillow checks only the first one.
        if image.size[0] * image.size[1] > max_pixels:
            raise _too_many_pixels(page_label, image.size, max_pixels)
        decode(image, page_label)
        # copy() detaches the page from the shared file object before seeking on.
        yield image.copy()


def open_image(
    data: bytes | Path,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> list[Image.Image]:
    """Every page of an image or PDF file, decoded, after the safety checks (see iter_images)."""
    return list(
        iter_images(
            data, name=name, max_pixels=max_pixels, max_bytes=max_bytes, max_pages=max_pages, lazy=False
        )
    )
