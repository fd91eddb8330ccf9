"""Scanned pages reach other workstations: the materials stream carries page lists, the bytes come on demand."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from app.central import material_feed
from app.central.models import Change, MaterialRecord
from app.domain.errors import NotFoundError
from app.models import Application, MaterialPage, Setting, User
from app.services import intake, materials
from app.services.context import ServiceContext
from app.sync import blobs_fetch, page_rows
from app.sync.client import SyncClient
from tests.sync.helpers import CLERK, Central, counter, eligible_forms, worker

PAGE_FIELDS = ("material_code", "position", "sha256", "size", "mime", "kind", "encrypted", "width", "height")


def _jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (700, 990)) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, colour)
    img.paste((20, 20, 20), (40, 40, 300, 120))  # not uniform, so a rotation changes the bytes
    img.save(buf, "JPEG")
    return buf.getvalue()


def _pages(ctx: ServiceContext, uid: str) -> list[tuple[object, ...]]:
    return [tuple(getattr(p, f) for f in PAGE_FIELDS) for p in materials.pages_of(ctx, uid)]


KINDS = {"form_signed": "form", "id_card_front": "id_card_front"}


def _scan(ctx: ServiceContext, uid: str, material: str, *colours: tuple[int, int, int]) -> None:
    for colour in colours:
        pages = materials.prepare(KINDS[material], "扫描.jpg", _jpeg(colour))
        materials.attach(ctx, CLERK, uid, material, pages)


def _application_with_pages(ctx: ServiceContext) -> str:
    draft = intake.create_draft(ctx, CLERK, "TZ-FIRST", eligible_forms(ctx, 1)[0])
    _scan(ctx, draft.uuid, "form_signed", (250, 250, 240), (240, 250, 250))
    _scan(ctx, draft.uuid, "id_card_front", (230, 240, 250))
    intake.submit(ctx, CLERK, draft.uuid)
    return draft.uuid


class Clients:
    """Signed-in clients for a loader, counted, so a test can tell a local read from a fetch."""

    def __init__(self, central: Central, username: str) -> None:
        self.central, self.username, self.made = central, username, 0

    def __call__(self) -> SyncClient:
        self.made += 1
        return self.central.client(self.username, workstation="WS-02")


def _parked(ctx: ServiceContext) -> dict[str, object]:
    with ctx.store.read() as s:
        row = s.get(Setting, page_rows.PARKED_KEY)
        return dict(row.value) if row is not None else {}


def test_supervisor_gets_pages_and_their_bytes_on_demand(central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a")
    b = counter(tmp_path / "b", "WS-02")
    uid = _application_with_pages(a)
    wa = worker(a, central, "clerk01", blob_reader=lambda sha: materials.read_page(a, sha))
    ids_before = [p.id for p in materials.pages_of(a, uid)]
    assert wa.run_once().error is None
    assert [p.id for p in materials.pages_of(a, uid)] == ids_before  # its own lists came back unchanged

    wb = worker(b, central, "sup01")
    assert wb.run_once().pulled["materials"] == 3  # one list per applied attach
    assert _pages(b, uid) == _pages(a, uid)
    assert all(p.width and p.height for p in materials.pages_of(b, uid))
    shas = {p.material_code: p.sha256 for p in materials.pages_of(a, uid)}

    with pytest.raises(NotFoundError):
        materials.read_page(b, shas["form_signed"])  # the row is here, the bytes are not yet
    clients = Clients(central, "sup01")
    load = blobs_fetch.make_page_loader(b, clients)
    for page in materials.pages_of(b, uid):
        assert load(page.sha256) == materials.read_page(a, page.sha256)
    assert clients.made == 3
    for page in materials.pages_of(b, uid):
        assert load(page.sha256) == materials.read_page(a, page.sha256)
    assert clients.made == 3  # the second read is local

    store_b = materials.store(b)
    assert store_b.is_encrypted(shas["id_card_front"])
    assert not store_b.is_encrypted(shas["form_signed"])
    raw = store_b.path_of(shas["id_card_front"]).read_bytes()
    assert raw != materials.read_page(a, shas["id_card_front"])

    # Counter A deletes a page and rotates the ID card; B follows on its next pull.
    first_form = next(p for p in materials.pages_of(a, uid) if p.material_code == "form_signed")
    card = next(p for p in materials.pages_of(a, uid) if p.material_code == "id_card_front")
    materials.delete_page(a, CLERK, first_form.id)
    rotated = materials.rotate_page(a, CLERK, card.id, 90)
    assert rotated is not None and rotated.sha256 != card.sha256
    assert wa.run_once().error is None
    assert wb.run_once().pulled["materials"] == 2
    assert _pages(b, uid) == _pages(a, uid)
    assert [p.material_code for p in materials.pages_of(b, uid)] == ["form_signed", "id_card_front"]
    b_card = next(p for p in materials.pages_of(b, uid) if p.material_code == "id_card_front")
    assert (b_card.width, b_card.height) == (card.height, card.width)
    assert load(rotated.sha256) == materials.read_page(a, rotated.sha256)
    assert store_b.is_encrypted(rotated.sha256)


def test_pages_pulled_before_their_application_wait_for_it(sqlite_central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a")
    b = counter(tmp_path / "b", "WS-02")
    uid = _application_with_pages(a)
    worker(
        a, sqlite_central, "clerk01", streams=(), blob_reader=lambda s: materials.read_page(a, s)
    ).run_once()
    wb = worker(b, sqlite_central, "sup01", streams=("materials",))
    assert wb.run_once().pulled == {"materials": 3}
    with b.store.read() as s:
        assert s.execute(select(Application).where(Application.uuid == uid)).first() is None
        assert s.execute(select(MaterialPage)).first() is None
    assert sorted(_parked(b)) == [f"{uid}/form_signed", f"{uid}/id_card_front"]  # the newest list of each
    wb.streams = ("applications",)
    assert wb.run_once().pulled == {"applications": 1}
    assert _pages(b, uid) == _pages(a, uid)
    assert _parked(b) == {}


def test_local_material_changes_hold_back_the_central_list(sqlite_central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a")
    uid = _application_with_pages(a)
    wa = worker(a, sqlite_central, "clerk01", blob_reader=lambda s: materials.read_page(a, s))
    assert wa.push_all(a.now())["applied"] == 4
    _scan(a, uid, "form_signed", (200, 210, 220))  # a third form page, not pushed yet
    wa.pull_all(a.now())
    assert [p.position for p in materials.pages_of(a, uid)] == [1, 2, 3, 1]  # not rolled back to two pages
    assert f"{uid}/form_signed" in _parked(a)
    assert wa.run_once().error is None  # pushed, then the merged list comes back
    assert [p.position for p in materials.pages_of(a, uid)] == [1, 2, 3, 1]
    assert _parked(a) == {}
    with sqlite_central.store.read() as s:
        last = s.execute(
            select(Change.data)
            .where(Change.stream == "materials", Change.entity_id == f"{uid}/form_signed")
            .order_by(Change.seq.desc())
            .limit(1)
        ).scalar_one()
    assert [p["position"] for p in last["pages"]] == [1, 2, 3]


def test_materials_stream_is_scoped_to_the_unit(sqlite_central: Central, tmp_path: Path) -> None:
    a = counter(tmp_path / "a")
    _application_with_pages(a)
    worker(
        a, sqlite_central, "clerk01", streams=(), blob_reader=lambda s: materials.read_page(a, s)
    ).run_once()
    assert len(sqlite_central.client("sup01").pull("materials", 0)["changes"]) == 3
    with sqlite_central.store.write() as s:
        s.execute(select(User).where(User.username == "sup02")).scalar_one().unit_code = "410100"
    page = sqlite_central.client("sup02").pull("materials", 0)
    assert page["changes"] == [] and page["next_cursor"] >= 3


def test_loader_without_central_copy_or_session_says_not_here(
    sqlite_central: Central, tmp_path: Path
) -> None:
    b = counter(tmp_path / "b", "WS-02")
    unknown = hashlib.sha256(b"never uploaded").hexdigest()
    assert blobs_fetch.make_page_loader(b, Clients(sqlite_central, "sup01"))(unknown) is None
    assert blobs_fetch.make_page_loader(b, lambda: None)(unknown) is None
    assert blobs_fetch.session_clients(None)() is None
    signed_in = blobs_fetch.session_clients(worker(b, sqlite_central, "sup01"))()
    assert signed_in is not None and signed_in.me()["username"] == "sup01"
    signed_in.close()

    class Tampering(SyncClient):
        def get_blob(self, sha256: str) -> bytes:
            return b"not what was asked for"

    tampering = Tampering(sqlite_central.url, token=sqlite_central.token("sup01"))
    assert blobs_fetch.fetch_page(b, tampering, unknown) is None
    assert not materials.store(b).exists(unknown)


def test_replay_follows_each_op_of_one_material() -> None:
    def rec(op: str, **payload: object) -> MaterialRecord:
        return MaterialRecord(op=op, payload={"material": "form_signed", **payload}, username="clerk01")

    def page(pos: int, sha: str) -> dict[str, object]:
        return {
            "sha256": sha,
            "position": pos,
            "size": 1,
            "mime": "image/jpeg",
            "kind": "form",
            "encrypted": False,
        }

    records = [
        rec("material.attach", pages=[page(1, "a"), page(2, "b")]),
        rec("material.attach", pages=[page(3, "c")]),
        MaterialRecord(
            op="material.attach", payload={"material": "photo", "pages": [page(1, "x")]}, username="c"
        ),
        rec("material.delete", page_position=1),
        rec("material.rotate", page_position=3, sha256="c2"),
        rec("material.reorder", page_position=3, position=1),  # as move_page would, once it is pushed
    ]
    pages = material_feed.replay(records, "form_signed")
    assert [(pos, p["sha256"]) for pos, p in sorted(pages.items())] == [(1, "c2"), (2, "b")]
