"""Real generated images and documents for the capture tests."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from io import BytesIO

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def document_scene(
    size: tuple[int, int], *, seed: int = 1, background: tuple[int, int, int] = (70, 60, 50)
) -> Image.Image:
    """A light page with lines of 'text' lying on a darker, slightly noisy desk, as a phone sees it."""
    width, height = size
    rnd = random.Random(seed)
    image = Image.blend(Image.new("RGB", size, background), Image.effect_noise(size, 20).convert("RGB"), 0.15)
    draw = ImageDraw.Draw(image)
    page = (width * 3 // 20, height // 10, width * 17 // 20, height * 9 // 10)
    draw.rectangle(page, fill=(236, 233, 226))
    for y in range(page[1] + 60, page[3] - 60, max(20, height // 75)):
        x = page[0] + 60
        while x < page[2] - 160:
            word = rnd.randint(15, 110)
            draw.rectangle((x, y, x + word, y + max(6, height // 170)), fill=(35, 35, 45))
            x += word + 14
    return image


def jpeg_bytes(image: Image.Image, *, quality: int = 92, **options: object) -> bytes:
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def bilevel_png(width: int, height: int) -> bytes:
    """A genuine, complete 1-bit PNG of any size; all-zero rows compress to almost nothing."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", b"".join(parts))
        + png_chunk(b"IEND", b"")
    )


def pdf_bytes(pages: int) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawString(72, 760, f"Page {number}")
        canvas.rect(72, 72, 400, 600, fill=0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def make_scene() -> Callable[..., Image.Image]:
    return document_scene


@pytest.fixture
def make_jpeg() -> Callable[..., bytes]:
    return jpeg_bytes


@pytest.fixture
def make_bilevel_png() -> Callable[[int, int], bytes]:
    return bilevel_png


@pytest.fixture
def make_pdf() -> Callable[[int], bytes]:
    return pdf_bytes
