from __future__ import annotations

import hashlib
import resource
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from app.capture import pipeline
from app.capture.pipeline import make_certificate_photo, normalise_file, normalise_page, open_image
from app.domain.errors import DomainError


def _opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


@pytest.fixture
def phone_photo(make_scene: Callable[..., Image.Image], make_jpeg: Callable[..., bytes]) -> bytes:
    """4000×3000 landscape sensor data that the phone says must be turned 90° clockwise (EXIF 6)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model X"
    return make_jpeg(make_scene((4000, 3000)), exif=exif.tobytes(), comment=b"secret comment")


def test_phone_photo_comes_out_upright_a4_and_clean(phone_photo: bytes) -> None:
    [page] = normalise_file(phone_photo, kind="document", name="手机照片.jpg")
    assert page.height > page.width  # EXIF 6 applied: landscape sensor data, portrait page
    assert max(page.width, page.height) <= 3508 and min(page.width, page.height) <= 2480
    assert page.mime == "image/jpeg"
    assert len(page.data) <= 500_000 and page.target_met
    assert page.sha256 == hashlib.sha256(page.data).hexdigest()
    out = _opened(page.data)
    assert out.mode == "L"  # documents are grayscale
    assert (out.width, out.height) == (page.width, page.height)
    assert "exif" not in out.info and "icc_profile" not in out.info and "comment" not in out.info
    assert b"Exif" not in page.data and b"PhoneMaker" not in page.data and b"secret comment" not in page.data
    thumb = _opened(page.thumbnail)
    assert max(thumb.size) == 256


def test_id_cards_and_photos_stay_colour(phone_photo: bytes) -> None:
    [page] = normalise_file(phone_photo, kind="id_card_front", name="身份证.jpg")
    assert _opened(page.data).mode == "RGB"
    assert len(page.data) <= 300_000


def test_auto_crop_finds_the_page_on_a_desk(make_scene: Callable[..., Image.Image]) -> None:
    scene = make_scene((2000, 1500))
    page = normalise_page(scene, kind="document")
    assert page.auto_cropped
    # The page covers 70 % × 80 % of the scene; with a 1 % margin the crop lands close to that.
    assert 1350 <= page.width <= 1500 and 1150 <= page.height <= 1300


def test_plain_page_of_text_is_not_cropped() -> None:
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for y in range(300, 1400, 40):
        draw.rectangle((200, y, 1000, y + 12), fill="black")
    page = normalise_page(image, kind="document")
    assert not page.auto_cropped
    assert (page.width, page.height) == (1240, 1754)


def test_manual_crop_and_rotation() -> None:
    image = Image.new("RGB", (1000, 600), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 99, 99), fill="red")
    page = normalise_page(image, kind="photo", rotate=90, crop_box=(0, 0, 600, 500))
    assert (page.width, page.height) == (600, 500)
    out = _opened(page.data).convert("RGB")
    # Turned clockwise, the top-left red square is now at the top right.
    red, green, _ = out.getpixel((550, 50))
    assert red > 200 and green < 60


def test_png_with_alpha_is_flattened_onto_white() -> None:
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((200, 150, 600, 450), fill=(20, 40, 200, 255))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    [opened] = open_image(buffer.getvalue())
    assert opened.mode == "RGBA"
    page = normalise_page(opened, kind="id_card_back", auto_crop=False)
    out = _opened(page.data).convert("RGB")
    assert min(out.getpixel((10, 10))) >= 250  # was transparent, now white
    assert out.getpixel((400, 300))[2] > 150


def test_three_page_tiff_gives_three_pages() -> None:
    frames = [Image.new("L", (600 + 100 * i, 800), 255 - 40 * i) for i in range(3)]
    buffer = BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    images = open_image(buffer.getvalue(), name="扫描.tif")
    assert [im.size for im in images] == [(600, 800), (700, 800), (800, 800)]
    pages = normalise_file(buffer.getvalue(), kind="document", name="扫描.tif")
    assert len(pages) == 3
    assert [p.width for p in pages] == [600, 700, 800]


def test_pdf_pages_render_at_200_dpi(make_pdf: Callable[[int], bytes]) -> None:
    images = open_image(make_pdf(2), name="材料.pdf")
    assert len(images) == 2
    assert images[0].size == (1654, 2339)  # A4 at 200 dpi
    pages = normalise_file(make_pdf(2), kind="form", name="材料.pdf")
    assert len(pages) == 2 and all(p.dpi == 200 for p in pages)


def test_png_named_file_holding_a_jpeg_is_recognised_by_content(
    tmp_path: Path, make_jpeg: Callable[..., bytes]
) -> None:
    path = tmp_path / "身份证正面.png"
    path.write_bytes(make_jpeg(Image.new("RGB", (640, 400), "orange")))
    [image] = open_image(path)
    assert image.format == "JPEG" and image.size == (640, 400)


def _refused(code: str, data: bytes | Path, **kwargs: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        open_image(data, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.fix
    return caught.value


def test_bad_files_are_refused_with_the_file_name(tmp_path: Path, make_jpeg: Callable[..., bytes]) -> None:
    empty = tmp_path / "空白.jpg"
    empty.write_bytes(b"")
    assert "空白.jpg" in _refused("FILE_EMPTY", empty).message

    whole = make_jpeg(Image.effect_noise((800, 600), 40).convert("RGB"))
    truncated = tmp_path / "半截.jpg"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert "半截.jpg" in _refused("FILE_CORRUPT", truncated).message

    noise = tmp_path / "照片.jpg"
    noise.write_bytes(b"\x00 plain bytes, no image format begins like this " * 80)
    assert "照片.jpg" in _refused("FILE_NOT_IMAGE", noise).message

    big = tmp_path / "大文件.jpg"
    big.write_bytes(whole)
    assert "大文件.jpg" in _refused("FILE_TOO_LARGE", big, max_bytes=1000).message

    assert _refused("FILE_IS_FOLDER", tmp_path).code == "FILE_IS_FOLDER"
    assert _refused("FILE_NOT_FOUND", tmp_path / "nope.jpg").code == "FILE_NOT_FOUND"


def test_corrupt_header_is_refused() -> None:
    data = bytearray(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    assert _refused("FILE_CORRUPT", bytes(data), name="坏.png").message.count("坏.png") == 1


def test_decompression_bomb_is_refused_before_decoding(make_bilevel_png: Callable[[int, int], bytes]) -> None:
    bomb = make_bilevel_png(30000, 30000)  # ~110 KB on disk, 900 MB once decoded
    assert len(bomb) < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = _refused("IMAGE_TOO_MANY_PIXELS", bomb, name="炸弹.png")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert "900 百万像素" in error.message and "炸弹.png" in error.message
    assert grown_kb < 50_000  # nowhere near the 900 MB the pixels would take


def test_pillow_bomb_checks_are_errors_even_with_a_raised_limit(
    make_bilevel_png: Callable[[int, int], bytes],
) -> None:
    # Past Pillow's hard limit (2 × 89 Mpx) and past its warning limit (89 Mpx): both refused.
    _refused("IMAGE_TOO_MANY_PIXELS", make_bilevel_png(20000, 20000), max_pixels=10**12)
    _refused("IMAGE_TOO_MANY_PIXELS", make_bilevel_png(10000, 10000), max_pixels=10**12)


def test_hundred_megapixel_image_is_refused(make_bilevel_png: Callable[[int, int], bytes]) -> None:
    error = _refused("IMAGE_TOO_MANY_PIXELS", make_bilevel_png(10000, 10000), name="超大.png")
    assert "超大.png" in error.message


def test_tiff_page_beyond_the_limit_is_refused() -> None:
    frames = [Image.new("L", (100, 100)), Image.new("L", (3000, 3000))]
    buffer = BytesIO()
    frames[0].save(buffer, "TIFF", save_all=True, append_images=frames[1:])
    error = _refused("IMAGE_TOO_MANY_PIXELS", buffer.getvalue(), name="多页.tif", max_pixels=1_000_000)
    assert "第 2 页" in error.message


def test_compression_reaches_its_target(make_scene: Callable[..., Image.Image]) -> None:
    scene = make_scene((2480, 3508), seed=7)
    small = normalise_page(scene, kind="document", auto_crop=False, target_bytes=250_000)
    roomy = normalise_page(scene, kind="document", auto_crop=False, target_bytes=900_000)
    assert len(small.data) <= 250_000 and small.target_met
    assert len(roomy.data) <= 900_000 and roomy.target_met
    assert (roomy.width, roomy.height) == (2480, 3508)
    assert small.height < roomy.height or (small.quality or 0) < (roomy.quality or 0)


def test_unreachable_target_stops_at_a_legible_size(make_scene: Callable[..., Image.Image]) -> None:
    page = normalise_page(
        make_scene((2480, 3508), seed=7), kind="document", auto_crop=False, target_bytes=20_000
    )
    assert not page.target_met
    assert max(page.width, page.height) == 1750  # about 150 dpi on A4: smaller would not be legible


def test_certificate_photo_meets_the_e_certificate_rules(phone_photo: bytes) -> None:
    data = make_certificate_photo(phone_photo)
    assert len(data) <= 50_000
    out = _opened(data)
    assert out.format == "JPEG" and out.size == (413, 579) and out.mode == "RGB"
    assert out.info["dpi"] == (300, 300)
    assert "exif" not in out.info


def test_certificate_photo_crop_leans_towards_the_face() -> None:
    # Portrait picture: a red "face" band near the top, blue below. The crop keeps the red band.
    image = Image.new("RGB", (3000, 5000), (30, 60, 200))
    ImageDraw.Draw(image).rectangle((0, 250, 3000, 900), fill=(220, 40, 40))
    out = _opened(make_certificate_photo(image)).convert("RGB")
    assert out.getpixel((206, 40))[0] > 180


def test_certificate_photo_refuses_a_tiny_picture() -> None:
    with pytest.raises(DomainError) as caught:
        make_certificate_photo(Image.new("RGB", (120, 160), "grey"))
    assert caught.value.code == "PHOTO_TOO_SMALL"


def test_rotate_and_crop_helpers_reencode_once(make_scene: Callable[..., Image.Image]) -> None:
    page = normalise_page(make_scene((1600, 1200)), kind="id_card_front", auto_crop=False)
    turned = pipeline.rotate(page.data, 90)
    assert (turned.width, turned.height) == (page.height, page.width)
    assert turned.sha256 == hashlib.sha256(turned.data).hexdigest()
    # Same quantisation tables: the size stays in the same range instead of growing.
    assert 0.7 < len(turned.data) / len(page.data) < 1.3
    cut = pipeline.crop(turned.data, (10, 20, 410, 320))
    assert (cut.width, cut.height) == (400, 300)
    with pytest.raises(DomainError) as bad_box:
        pipeline.crop(turned.data, (0, 0, 99999, 10))
    assert bad_box.value.code == "CROP_INVALID"
    with pytest.raises(DomainError) as bad_angle:
        pipeline.rotate(page.data, 45)
    assert bad_angle.value.code == "ROTATION_INVALID"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        normalise_page(Image.new("RGB", (10, 10)), kind="selfie")
    assert caught.value.code == "MATERIAL_KIND_UNKNOWN"


def test_sixteen_bit_and_palette_images_are_handled() -> None:
    deep = Image.new("I;16", (300, 200), 40000)
    page = normalise_page(deep, kind="document", auto_crop=False)
    assert 140 <= _opened(page.data).getpixel((150, 100)) <= 170
    palette = Image.new("P", (300, 200), 3)
    palette.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    out = _opened(normalise_page(palette, kind="photo", auto_crop=False).data)
    assert out.getpixel((150, 100))[2] > 200
