"""Capture-layer benchmarks (issue 4): pipeline speed, decompression-bomb memory, watched folder throughput.

Run: .venv/bin/python -m bench.bench_capture   (or call run() from a bench runner; it returns a dict)
Every figure is compared with a floor measured in the same run, alternating with it round by round, never
with a fixed number of seconds. The floor of scan normalisation is the minimum work for the same output
(`_floor_for`): decode (grayscale for a document, as the product asks of the JPEG decoder), crop, one resize,
rotate, one encode.
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

from app.capture.autocrop import find_document_box
from app.capture.blobstore import BlobStore
from app.capture.pipeline import KINDS, normalise_file
from app.capture.sources import CapturedItem, WatchedFolderSource
from app.domain.errors import DomainError

RUNS = 7
FOLDER_ROUNDS = 5
# EXIF orientation → the transpose that makes the picture upright (the floor's own copy of the rule).
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


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


def _paired(floor: Callable[[], object], product: Callable[[], object], runs: int = RUNS) -> dict[str, float]:
    """Floor and product run alternately, round by round, so a busy neighbour on the machine slows both alike;
    medians of both in ms, and the per-round ratio product / floor as median and min."""
    floor()
    product()  # warm-up: first-call imports and allocator growth do not count
    floor_times, product_times, floor_cpu, product_cpu = [], [], [], []
    for _ in range(runs):
        for action, times, cpu in ((floor, floor_times, floor_cpu), (product, product_times, product_cpu)):
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    ratios = [p / f for f, p in zip(floor_times, product_times, strict=True)]
    # CPU seconds as well: on a shared machine they move far less than wall time with the neighbours' load.
    cpu_ratios = [p / f for f, p in zip(floor_cpu, product_cpu, strict=True)]
    return {
        "floor_ms": statistics.median(floor_times) * 1000,
        "product_ms": statistics.median(product_times) * 1000,
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "cpu_ratio": statistics.median(cpu_ratios),
        "cpu_ratio_min": min(cpu_ratios),
    }


def _floor_for(data: bytes, kind: str) -> Callable[[], bytes]:
    """The minimum work that produces the page the product stored from `data`: decode (grayscale where the
    product asks the JPEG decoder for grayscale), crop to the product's box, one resize to the product's size,
    rotate upright, one encode at the product's quality. Box, size and quality are taken from one product run
    outside the timing, so the floor does none of the deciding, only the making."""
    (page,) = normalise_file(data, kind=kind)
    colour = KINDS[kind].colour
    probe = Image.open(BytesIO(data))
    if not colour:
        probe.draft("L", None)  # the product's decoder mode; no size draft, the product needs the full size
    probe.load()
    orientation = probe.getexif().get(0x0112, 1)
    turned = orientation in (5, 6, 7, 8)
    box = find_document_box(probe) if page.auto_cropped else None  # the box the product found
    size = (page.height, page.width) if turned else (page.width, page.height)
    turn = _UPRIGHT.get(orientation)
    quality = page.quality
    assert quality is not None
    options: dict[str, object] = {
        "quality": quality,
        "exif": b"",
        "comment": b"",
        "dpi": (page.dpi, page.dpi),
    }
    if colour:
        options["subsampling"] = 2

    def floor() -> bytes:
        image = Image.open(BytesIO(data))
        if not colour:
            image.draft("L", None)
        image.load()
        if box is not None:
            image = image.crop(box)
        if image.size != size:
            image = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=3.0)
        if turn is not None:
            image = image.transpose(turn)
        out = BytesIO()
        image.save(out, "JPEG", **options)
        return out.getvalue()

    made = floor()
    # The floor makes the same page: same pixels in, same quality, so nearly the same bytes out.
    assert abs(len(made) - len(page.data)) <= 0.05 * len(page.data), (len(made), len(page.data))
    return floor


def bench_pipeline() -> dict[str, float]:
    results: dict[str, float] = {}
    cases = [
        ("document", _scene, "document"),
        ("light_document", _outlined_scene, "document"),
        ("id_card", _scene, "id_card_front"),
    ]
    for label, scene, kind in cases:
        data = _jpeg(scene((4000, 3000)), orientation=6)
        figures = _paired(
            _floor_for(data, kind), lambda data=data, kind=kind: normalise_file(data, kind=kind)
        )
        results.update({f"{label}_{name}": value for name, value in figures.items()})
    return results


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
    """A scanner's folder of `pages` A4 pages taken into the encrypted material store, against the floor's
    making of the same pages; FOLDER_ROUNDS interleaved rounds, a fresh folder and store each round."""
    scan = _jpeg(_scene((2480, 3508), seed=5))  # a scanner's A4 page at 300 dpi
    floor = _floor_for(scan, "document")
    floor_times, folder_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(FOLDER_ROUNDS):
            root = Path(folder) / f"round{n}"
            inbox = root / "scans"
            inbox.mkdir(parents=True)
            for number in range(pages):
                # A distinct JPEG comment per file, so deduplication does not flatter the figure.
                comment = b"\xff\xfe\x00\x06" + number.to_bytes(4, "big")
                (inbox / f"scan{number:04d}.jpg").write_bytes(scan[:2] + comment + scan[2:])
            store = BlobStore(root / "materials", bytes(range(32)))
            source = WatchedFolderSource(inbox, settle_s=0.0)

            def handle(item: CapturedItem, store: BlobStore = store) -> None:
                for page in normalise_file(item.data, kind="document", name=item.name):
                    store.put(page.data, encrypt=True)

            source.poll(handle)  # first sighting: every file is noted, none is taken yet
            start = time.perf_counter()
            for _ in range(pages):
                floor()
            floor_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = source.poll(handle)
            folder_times.append(time.perf_counter() - start)
            assert len(report.imported) == pages, report.failed
    ratios = [f / b for b, f in zip(floor_times, folder_times, strict=True)]
    return {
        "folder_pages": float(pages),
        "folder_rounds": float(FOLDER_ROUNDS),
        "folder_pages_per_s": pages / statistics.median(folder_times),
        "floor_pages_per_s": pages / statistics.median(floor_times),
        "folder_vs_floor_ratio": statistics.median(ratios),
        "folder_vs_floor_ratio_min": min(ratios),
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
    rows: list[tuple[str, str]] = []
    for label, title in (
        ("document", "12 Mpx dense page, document (grayscale)"),
        ("light_document", "12 Mpx lighter page, document (grayscale)"),
        ("id_card", "12 Mpx dense page, ID card (colour)"),
    ):
        rows += [
            (
                f"{title}: floor (decode, crop, 1 resize, rotate, 1 encode)",
                f"{results[f'{label}_floor_ms']:.0f} ms",
            ),
            (f"{title}: normalise", f"{results[f'{label}_product_ms']:.0f} ms"),
            (
                f"  ratio to floor, {RUNS} interleaved rounds (goal ≤ 1.5×)",
                f"median {results[f'{label}_ratio']:.2f}×, min {results[f'{label}_ratio_min']:.2f}×",
            ),
            (
                "  same in CPU seconds",
                f"median {results[f'{label}_cpu_ratio']:.2f}×, min {results[f'{label}_cpu_ratio_min']:.2f}×",
            ),
        ]
    rows += [
        ("bomb: file size", f"{results['bomb_file_kb']:.0f} KB"),
        ("bomb: memory if decoded", f"{results['bomb_decoded_would_need_mb']:.0f} MB"),
        ("bomb: result", str(results["bomb_result"])),
        ("bomb: peak RSS growth in a fresh process", f"{results['bomb_child_rss_growth_mb']:.1f} MB"),
        ("bomb: tracemalloc peak", f"{results['bomb_tracemalloc_peak_mb']:.2f} MB"),
        ("watched folder → BlobStore (A4 300 dpi scans)", f"{results['folder_pages_per_s']:.1f} pages/s"),
        ("  floor (as above) for the same pages", f"{results['floor_pages_per_s']:.1f} pages/s"),
        (
            f"  ratio to floor, {FOLDER_ROUNDS} interleaved rounds",
            f"median {results['folder_vs_floor_ratio']:.2f}×, min {results['folder_vs_floor_ratio_min']:.2f}×",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print("capture benchmarks")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")


if __name__ == "__main__":
    run()
