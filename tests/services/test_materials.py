"""Scanned pages reach the encrypted material store and the application in one step, and nothing is half-stored."""

from __future__ import annotations

import io
import os
import time

import pypdfium2
import pytest
from PIL import Image
from sqlalchemy import select

from app.domain.errors import DomainError
from app.models import MaterialPage, OutboxEntry
from app.services import intake, materials
from tests.services.scenarios import Builder, all_conditions, fixed_clock


def _jpeg(size=(1600, 1100), colour="white") -> bytes:
    img = Image.new("RGB", size, colour)
    for x in range(200, 1400, 7):
        img.putpixel((x, 500), (10, 10, 10))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92)
    return buf.getvalue()


@pytest.fixture
def draft(ctx, clerk):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("AG-CHG-TRANSFER-IN")
    return intake.create_draft(
        ctx, clerk, sc.item_code, sc.form, conditions=all_conditions(ctx, sc.item_code)
    )


def test_id_card_is_encrypted_at_rest_and_marks_material_scanned(ctx, clerk, draft):
    pages = materials.prepare("id_card_front", "身份证正面.jpg", _jpeg())
    [view] = materials.attach(ctx, clerk, draft.uuid, "id_card_front", pages, source="camera")
    assert view.encrypted
    on_disk = materials.store(ctx).path_of(view.sha256).read_bytes()
    assert on_disk != materials.read_page(
        ctx, view.sha256
    )  # ciphertext on disk, plaintext through the service
    assert Image.open(io.BytesIO(materials.read_page(ctx, view.sha256))).format == "JPEG"
    assert intake.get(ctx, draft.uuid).material_states["id_card_front"] == "scanned"
    with ctx.store.read() as s:
        entry = s.execute(select(OutboxEntry).where(OutboxEntry.op == "material.attach")).scalar_one()
    assert entry.blobs == [view.sha256]


def test_document_pages_are_not_encrypted_and_are_deduplicated(ctx, clerk, draft):
    data = _jpeg(colour="lightgrey")
    first = materials.attach(
        ctx, clerk, draft.uuid, "employment_proof", materials.prepare("document", "合同.jpg", data)
    )
    again = materials.attach(
        ctx, clerk, draft.uuid, "employment_proof", materials.prepare("document", "合同.jpg", data)
    )
    assert first[0].sha256 == again[0].sha256 and not first[0].encrypted
    assert [p.position for p in materials.pages_of(ctx, draft.uuid)] == [1, 2]
    files = [f for f in (ctx.data_dir / "materials").rglob("*") if f.is_file()]
    assert len(files) == 1


def test_photo_becomes_certificate_photo(ctx, clerk, draft):
    [page] = materials.prepare("photo", "手机照片.jpg", _jpeg(size=(3000, 4000), colour=(200, 210, 230)))
    materials.attach(ctx, clerk, draft.uuid, "photo", [page])
    img = Image.open(io.BytesIO(page.data))
    assert img.size == (413, 579)
    assert len(page.data) <= 50_000


def test_electronic_material_cannot_be_scanned(ctx, clerk, draft):
    with pytest.raises(DomainError) as err:
        materials.attach(
            ctx, clerk, draft.uuid, "company_record", materials.prepare("document", "x.jpg", _jpeg())
        )
    assert err.value.code == "MATERIAL_ELECTRONIC"


def test_failed_transaction_leaves_only_an_orphan_that_cleanup_removes(ctx, clerk, draft, monkeypatch):
    pages = materials.prepare("document", "合同.jpg", _jpeg(colour="beige"))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full while writing the audit event")

    monkeypatch.setattr(materials, "record", fail)
    with pytest.raises(RuntimeError):
        materials.attach(ctx, clerk, draft.uuid, "employment_proof", pages)
    with ctx.store.read() as s:
        assert s.execute(select(MaterialPage)).first() is None
    assert intake.get(ctx, draft.uuid).material_states["employment_proof"] == "missing"
    path = materials.store(ctx).path_of(pages[0].sha256)
    assert path.exists()
    assert materials.cleanup_orphans(ctx) == 0  # still inside the grace period
    old = time.time() - 7200
    os.utime(path, (old, old))
    assert materials.cleanup_orphans(ctx) == 1
    assert not path.exists()


def test_delete_rotate_reorder_and_bundle(ctx, clerk, draft):
    a = materials.attach(
        ctx,
        clerk,
        draft.uuid,
        "other_province_cert",
        materials.prepare("certificate", "a.jpg", _jpeg(colour="white")),
    )[0]
    b = materials.attach(
        ctx,
        clerk,
        draft.uuid,
        "other_province_cert",
        materials.prepare("certificate", "b.jpg", _jpeg(colour="ivory")),
    )[0]
    materials.attach(
        ctx, clerk, draft.uuid, "id_card_front", materials.prepare("id_card_front", "c.jpg", _jpeg())
    )
    rotated = materials.rotate_page(ctx, clerk, a.id, 90)
    assert (rotated.width, rotated.height) == (a.height, a.width)
    materials.move_page(ctx, clerk, b.id, 1)
    order = [(p.material_code, p.id) for p in materials.pages_of(ctx, draft.uuid)]
    assert order == [
        ("id_card_front", order[0][1]),
        ("other_province_cert", b.id),
        ("other_province_cert", a.id),
    ]
    pdf = pypdfium2.PdfDocument(materials.bundle(ctx, draft.uuid))
    assert len(pdf) >= 3
    materials.delete_page(ctx, clerk, a.id)
    materials.delete_page(ctx, clerk, b.id)
    assert intake.get(ctx, draft.uuid).material_states["other_province_cert"] == "missing"
