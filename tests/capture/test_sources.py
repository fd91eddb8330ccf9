from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from app.capture import pdfpages
from app.capture.blobstore import BlobStore
from app.capture.pipeline import normalise_file
from app.capture.sources import (
    CameraFrameSource,
    CapturedItem,
    CaptureFailure,
    CaptureSource,
    FileImportSource,
    SaneScannerSource,
    WatchedFolderSource,
)
from app.domain.errors import DomainError


@pytest.fixture
def scan_jpeg(make_scene: Callable[..., Image.Image], make_jpeg: Callable[..., bytes]) -> bytes:
    return make_jpeg(make_scene((1200, 900)))


def test_every_source_follows_the_interface(tmp_path: Path) -> None:
    sources = [FileImportSource([]), WatchedFolderSource(tmp_path), CameraFrameSource(), SaneScannerSource()]
    for source in sources:
        assert isinstance(source, CaptureSource)
        ok, why = source.available()
        assert isinstance(ok, bool) and (ok or why)


def test_file_import_splits_pdfs_and_reports_bad_files(
    tmp_path: Path, scan_jpeg: bytes, make_pdf: Callable[[int], bytes]
) -> None:
    (tmp_path / "身份证.jpg").write_bytes(scan_jpeg)
    (tmp_path / "合同.pdf").write_bytes(make_pdf(3))
    (tmp_path / "空.jpg").write_bytes(b"")
    (tmp_path / "文件夹").mkdir()
    names = ["身份证.jpg", "合同.pdf", "空.jpg", "文件夹", "不存在.png"]
    results = list(FileImportSource([tmp_path / n for n in names]).capture())

    items = [r for r in results if isinstance(r, CapturedItem)]
    failures = {r.name: r.error.code for r in results if isinstance(r, CaptureFailure)}
    assert [i.name for i in items] == [
        "身份证.jpg",
        "合同.pdf（第 1 页）",
        "合同.pdf（第 2 页）",
        "合同.pdf（第 3 页）",
    ]
    assert failures == {"空.jpg": "FILE_EMPTY", "文件夹": "FILE_IS_FOLDER", "不存在.png": "FILE_NOT_FOUND"}
    for item in items[1:]:
        assert pdfpages.page_count(item.data, item.name) == 1
        assert len(normalise_file(item.data, kind="document", name=item.name)) == 1


def test_watched_folder_waits_for_a_file_written_in_chunks(tmp_path: Path, scan_jpeg: bytes) -> None:
    source = WatchedFolderSource(tmp_path, settle_s=0.15)
    target = tmp_path / "scan0001.jpg"
    finished = threading.Event()

    def scanner() -> None:
        chunk = len(scan_jpeg) // 8 + 1
        with target.open("wb") as handle:
            for start in range(0, len(scan_jpeg), chunk):
                handle.write(scan_jpeg[start : start + chunk])
                handle.flush()
                time.sleep(0.05)
        finished.set()

    writer = threading.Thread(target=scanner)
    writer.start()
    taken: list[CapturedItem] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not taken:
        for result in source.capture():
            assert isinstance(result, CapturedItem)
            assert finished.is_set(), "picked up while the scanner was still writing"
            taken.append(result)
        time.sleep(0.01)
    writer.join()
    assert len(taken) == 1 and taken[0].data == scan_jpeg

    source.finish(taken[0])
    assert not target.exists()
    assert (tmp_path / "已导入" / "scan0001.jpg").read_bytes() == scan_jpeg
    assert list(source.capture()) == []


def test_watched_folder_holds_back_a_stalled_half_file(tmp_path: Path, scan_jpeg: bytes) -> None:
    (tmp_path / "half.jpg").write_bytes(scan_jpeg[: len(scan_jpeg) // 2])
    source = WatchedFolderSource(tmp_path, settle_s=0.0, incomplete_grace_s=3600)
    for _ in range(3):
        assert list(source.capture()) == []  # stable, but a JPEG without its end marker is not finished


def test_watched_folder_moves_failures_with_a_note(tmp_path: Path, scan_jpeg: bytes) -> None:
    (tmp_path / "good.jpg").write_bytes(scan_jpeg)
    (tmp_path / "notes.doc").write_bytes(b"this is not a scan at all" * 10)
    key = bytes(32)
    store = BlobStore(tmp_path.parent / f"{tmp_path.name}-store", key)
    source = WatchedFolderSource(tmp_path, settle_s=0.0)

    def handle(item: CapturedItem) -> None:
        for page in normalise_file(item.data, kind="document", name=item.name):
            store.put(page.data, encrypt=True)

    assert source.poll(handle).imported == []  # first sighting: not yet known to be stable
    report = source.poll(handle)
    assert report.imported == ["good.jpg"]
    assert [(name, error.code) for name, error in report.failed] == [("notes.doc", "FILE_NOT_IMAGE")]
    assert (tmp_path / "已导入" / "good.jpg").exists()
    assert (tmp_path / "导入失败" / "notes.doc").exists()
    note = (tmp_path / "导入失败" / "notes.doc.txt").read_text(encoding="utf-8-sig")
    assert "notes.doc" in note and "FILE_NOT_IMAGE" in note and "原因" in note
    assert len(store.find_orphans(set())) == 1


def test_watched_folder_name_clash_in_imported(tmp_path: Path, scan_jpeg: bytes) -> None:
    source = WatchedFolderSource(tmp_path, settle_s=0.0)
    for _ in range(2):
        (tmp_path / "scan.jpg").write_bytes(scan_jpeg)
        source.poll(lambda item: None)
        source.poll(lambda item: None)
    assert sorted(p.name for p in (tmp_path / "已导入").iterdir()) == ["scan (2).jpg", "scan.jpg"]


def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    missing = WatchedFolderSource(tmp_path / "网络共享")
    ok, why = missing.available()
    assert not ok and "网络共享" in why
    with pytest.raises(DomainError) as caught:
        list(missing.capture())
    assert caught.value.code == "FOLDER_UNREADABLE" and caught.value.fix

    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    ok, why = WatchedFolderSource(a_file).available()
    assert not ok and "不是一个文件夹" in why


def test_sane_source_reports_itself_unavailable_without_the_module() -> None:
    ok, why = SaneScannerSource().available()
    assert not ok and "SANE" in why
    [failure] = list(SaneScannerSource().capture())
    assert isinstance(failure, CaptureFailure) and failure.error.code == "SCANNER_UNAVAILABLE"


def test_camera_source_takes_frames_from_the_screen(scan_jpeg: bytes) -> None:
    camera = CameraFrameSource(probe=lambda: (True, ""))
    camera.push_frame(scan_jpeg)
    camera.push_frame(scan_jpeg)
    items = list(camera.capture())
    assert [i.name for i in items] == ["高拍仪拍摄 第 1 张", "高拍仪拍摄 第 2 张"]
    assert list(camera.capture()) == []
    with pytest.raises(DomainError) as caught:
        camera.push_frame(b"\x89PNG\r\n\x1a\nnot a jpeg")
    assert caught.value.code == "CAMERA_FRAME_INVALID"


def test_camera_unplugged_is_a_message_not_a_crash() -> None:
    def unplugged() -> tuple[bool, str]:
        raise OSError("device disconnected")

    ok, why = CameraFrameSource(probe=unplugged).available()
    assert not ok and "高拍仪" in why
