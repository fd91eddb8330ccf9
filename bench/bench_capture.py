"""Capture-layer benchmarks (issue 4): pipeline speed, decompression-bomb memory, watched folder throughput.

Run: .venv/bin/python bench/bench_capture.py   (or call run() from a bench runner; it returns a dict)
Every figure is compared with a baseline measured in the same run, never with a fixed number of seconds.
"""

from __future__ import annotations

import contextlib
import random
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

from app.capture.blobstore import BlobStore
from app.capture.pipeline import normalise_file
from app.capture.sources import CapturedItem, WatchedFolderSource
from app.domain.errors import DomainError

RUNS = 7


def _scene(size: tuple[int, int], seed: int = 1) -> Image.Image:
    """A printed page lying on a desk, photographed: the typical input at the counter."""
    width, height = size
    rnd = random.Random(seed)
    image = Image.blend(
        Image.new("RGB", size, (70, 60, 50)), Image.effect_noise(size, 20).convert("RGB"), 0.15
    )
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


def _outlined_scene(size: tuple[int, int], seed: int = 3) -> Image.Image:
    """A lighter page: outlined glyph boxes instead of solid blocks, nearer to ordinary printed text."""
    width, height = size
    rnd = random.Random(seed)
    image = Image.blend(
        Image.new("RGB", size, (70, 60, 50)), Image.effect_noise(size, 20).convert("RGB"), 0.15
    )
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 8, height // 20, width * 7 // 8, height * 19 // 20), fill=(236, 233, 226))
    for y in range(height // 10, height * 9 // 10, max(20, height // 55)):
        x = width * 3 // 20
        while x < width * 33 // 40:
            word = rnd.randint(15, 90)
            draw.rectangle((x, y, x + word, y + height // 135), outline=(40, 40, 50), width=3)
            x += word + 20
    return image


def _jpeg(image: Image.Image, orientation: int | None = None) -> bytes:
    buffer = BytesIO()
    options: dict[str, object] = {"quality": 92}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _paired_ms(
    baseline: Callable[[], object], candidate: Callable[[], object], runs: int = RUNS
) -> tuple[float, float]:
    """Medians of both, run alternately so a busy neighbour on the machine slows both alike."""
    baseline()
    candidate()  # warm-up: first-call imports and allocator growth do not count
    base_times, cand_times = [], []
    for _ in range(runs):
        for action, times in ((baseline, base_times), (candidate, cand_times)):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return statistics.median(base_times) * 1000, statistics.median(cand_times) * 1000


def bench_pipeline() -> dict[str, float]:
    data = _jpeg(_scene((4000, 3000)), orientation=6)

    def bare() -> None:
        image = Image.open(BytesIO(data))
        image.load()
        image.save(BytesIO(), "JPEG")

    baseline, document = _paired_ms(bare, lambda: normalise_file(data, kind="document"))
    light = _jpeg(_outlined_scene((4000, 3000)), orientation=6)

    def bare_light() -> None:
        image = Image.open(BytesIO(light))
        image.load()
        image.save(BytesIO(), "JPEG")

    baseline_light, document_light = _paired_ms(bare_light, lambda: normalise_file(light, kind="document"))
    baseline_2, id_card = _paired_ms(bare, lambda: normalise_file(data, kind="id_card_front"))
    return {
        "pillow_decode_encode_ms": baseline,
        "normalise_document_ms": document,
        "normalise_document_ratio": document / baseline,
        "light_pillow_decode_encode_ms": baseline_light,
        "normalise_light_document_ms": document_light,
        "normalise_light_document_ratio": document_light / baseline_light,
        "normalise_id_card_ms": id_card,
        "normalise_id_card_ratio": id_card / baseline_2,
    }


def _bomb_png(width: int, height: int) -> bytes:
    """A complete, valid 1-bit PNG: about 110 KB on disk for 30000×30000, 900 MB once decoded by Pillow."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


_CHILD = """
import resource, sys
from pathlib import Path
from app.capture.formats import open_image
from app.domain.errors import DomainError
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    open_image(data, name="bomb.png")
    code = "ACCEPTED"
except DomainError as error:
    code = error.code
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(code, before, after)
"""


def bench_bomb() -> dict[str, float | str]:
    width = height = 30000
    bomb = _bomb_png(width, height)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.png"
        path.write_bytes(bomb)
        # A fresh process, so the peak-RSS high-water mark is not hidden by this process's earlier work.
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
        )
    code, before_kb, after_kb = out.stdout.split()
    tracemalloc.start()
    with contextlib.suppress(DomainError):
        normalise_file(bomb, kind="document", name="bomb.png")
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "bomb_file_kb": len(bomb) / 1024,
        "bomb_decoded_would_need_mb": width * height / 1e6,  # Pillow's mode "1" keeps one byte per pixel
        "bomb_result": code,
        "bomb_child_rss_growth_mb": (int(after_kb) - int(before_kb)) / 1024,
        "bomb_tracemalloc_peak_mb": traced_peak / 1e6,
    }


def bench_watched_folder(pages: int = 16) -> dict[str, float]:
    scan = _jpeg(_scene((2480, 3508), seed=5))  # a scanner's A4 page at 300 dpi
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        inbox = root / "scans"
        inbox.mkdir()
        for number in range(pages):
            # A distinct JPEG comment per file, so deduplication does not flatter the figure.
            comment = b"\xff\xfe\x00\x06" + number.to_bytes(4, "big")
            (inbox / f"scan{number:04d}.jpg").write_bytes(scan[:2] + comment + scan[2:])
        store = BlobStore(root / "materials", bytes(range(32)))
        source = WatchedFolderSource(inbox, settle_s=0.0)

        def handle(item: CapturedItem) -> None:
            for page in normalise_file(item.data, kind="document", name=item.name):
                store.put(page.data, encrypt=True)

        source.poll(handle)  # first sighting: every file is noted, none is taken yet
        start = time.perf_counter()
        report = source.poll(handle)
        elapsed = time.perf_counter() - start
        baseline_start = time.perf_counter()
        for _ in range(pages):
            image = Image.open(BytesIO(scan))
            image.load()
            image.save(BytesIO(), "JPEG")
        baseline = time.perf_counter() - baseline_start
    assert len(report.imported) == pages, report.failed
    return {
        "folder_pages": float(pages),
        "folder_pages_per_s": pages / elapsed,
        "pillow_decode_encode_pages_per_s": pages / baseline,
        "folder_vs_bare_ratio": elapsed / baseline,
    }


def run() -> dict[str, float | str]:
    results: dict[str, float | str] = {}
    results.update(bench_pipeline())
    results.update(bench_bomb())
    results.update(bench_watched_folder())
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _print(results)
    return results


def _print(results: dict[str, float | str]) -> None:
    rows = [
        (
            "12 Mpx dense page: Pillow decode+encode (baseline)",
            f"{results['pillow_decode_encode_ms']:.0f} ms",
        ),
        ("12 Mpx dense page: normalise as document", f"{results['normalise_document_ms']:.0f} ms"),
        ("  ratio to baseline (goal ≤ 1.5×)", f"{results['normalise_document_ratio']:.2f}×"),
        ("12 Mpx lighter page: Pillow decode+encode", f"{results['light_pillow_decode_encode_ms']:.0f} ms"),
        ("12 Mpx lighter page: normalise as document", f"{results['normalise_light_document_ms']:.0f} ms"),
        ("  ratio to baseline (goal ≤ 1.5×)", f"{results['normalise_light_document_ratio']:.2f}×"),
        ("12 Mpx dense page: normalise as ID card (colour)", f"{results['normalise_id_card_ms']:.0f} ms"),
        ("  ratio to baseline", f"{results['normalise_id_card_ratio']:.2f}×"),
        ("bomb: file size", f"{results['bomb_file_kb']:.0f} KB"),
        ("bomb: memory if decoded", f"{results['bomb_decoded_would_need_mb']:.0f} MB"),
        ("bomb: result", str(results["bomb_result"])),
        ("bomb: peak RSS growth in a fresh process", f"{results['bomb_child_rss_growth_mb']:.1f} MB"),
        ("bomb: tracemalloc peak", f"{results['bomb_tracemalloc_peak_mb']:.2f} MB"),
        ("watched folder → BlobStore (A4 300 dpi scans)", f"{results['folder_pages_per_s']:.1f} pages/s"),
        (
            "  Pillow decode+encode of the same files",
            f"{results['pillow_decode_encode_pages_per_s']:.1f} pages/s",
        ),
        ("  ratio to baseline", f"{results['folder_vs_bare_ratio']:.2f}×"),
    ]
    width = max(len(label) for label, _ in rows)
    print("capture benchmarks")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


if __name__ == "__main__":
    run()
