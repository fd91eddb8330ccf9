"""Materials (申报材料): scanned pages into the encrypted, content-addressed store, recorded with the application.

A page's bytes are written to the material store (atomically, before the transaction); its row, the checklist
state, the audit event and the outbox entry are written in one transaction. If that transaction fails the file is
an orphan, which `cleanup_orphans` removes after a grace period, so nothing is ever half-stored.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.capture.blobstore import BlobStore
from app.capture.bundle import bundle_pdf
from app.capture.photo import make_certificate_photo
from app.capture.pipeline import NormalisedPage, crop, normalise_file, open_image, rotate, thumbnail_of
from app.core.crypto import load_or_create_key
from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError, NotFoundError
from app.domain.workflow import Status
from app.models import Application, ApplicationMaterial, Certificate, MaterialPage, Person
from app.services.application_records import load
from app.services.context import Actor, ServiceContext
from app.services.recording import record

EDITABLE = (Status.DRAFT.value, Status.RECEIVED.value, Status.CORRECTION.value)


@dataclass(frozen=True)
class PageView:
    id: int
    material_code: str
    position: int
    sha256: str
    size: int
    mime: str
    kind: str
    width: int | None
    height: int | None
    encrypted: bool


@lru_cache(maxsize=8)
def _store_for(root: str) -> BlobStore:
    path = Path(root)
    return BlobStore(path / "materials", load_or_create_key(path))


def store(ctx: ServiceContext) -> BlobStore:
    if ctx.data_dir is None:
        raise DomainError(
            "NO_DATA_DIR", "未配置本地数据目录，无法保存材料", fix="请以正确的数据目录启动程序。"
        )
    return _store_for(str(ctx.data_dir))


def read_page(ctx: ServiceContext, sha256: str) -> bytes:
    """The plaintext bytes of a stored page (decrypted and hash-checked)."""
    return store(ctx).get(sha256)


def _view(p: MaterialPage) -> PageView:
    return PageView(
        p.id, p.material_code, p.position, p.sha256, p.size, p.mime, p.kind, p.width, p.height, p.encrypted
    )


def _material(catalogue: Catalogue, item_code: str, material_code: str) -> tuple[str, bool, str]:
    item = catalogue.item(item_code)
    req = next((r for r in item.materials if r.code == material_code), None)
    if req is None:
        raise DomainError(
            "MATERIAL_UNKNOWN",
            f"事项“{item.short_name}”没有材料“{material_code}”",
            field="materials",
            fix="请从材料清单中选择。",
        )
    if req.electronic:
        raise DomainError(
            "MATERIAL_ELECTRONIC",
            f"“{req.material.name}”由系统电子获取，无需扫描",
            field="materials",
            fix="请扫描其他纸质材料。",
        )
    return req.material.kind, req.material.personal, req.material.name


def prepare_signature(png: bytes) -> list[NormalisedPage]:
    """The applicant's signature drawn at the counter, kept as the PNG it was drawn as (lossless strokes)."""
    try:
        with Image.open(io.BytesIO(png)) as img:
            if img.format != "PNG":
                raise ValueError(img.format)
            img.load()
            width, height = img.size
            thumbnail = thumbnail_of(img.convert("RGB"))
    except Exception as exc:  # Pillow raises many types for a damaged image; all mean the same here.
        raise DomainError(
            "SIGNATURE_INVALID",
            "签名图像无法读取",
            field="materials",
            fix="请让申请人重新签名后再确认。",
        ) from exc
    return [
        NormalisedPage(
            data=png,
            mime="image/png",
            width=width,
            height=height,
            dpi=96,
            sha256=hashlib.sha256(png).hexdigest(),
            thumbnail=thumbnail,
            quality=None,
            target_met=True,
        )
    ]


def prepare(kind: str, name: str, data: bytes | Path) -> list[NormalisedPage]:
    """Normalise a captured file into pages; the holder's photo becomes the e-certificate photo (≤ 50 KB) as is,
    a signature stays the PNG it was drawn as."""
    if kind == "signature":
        return prepare_signature(data if isinstance(data, bytes) else Path(data).read_bytes())
    if kind != "photo":
        return normalise_file(data, kind=kind, name=name)
    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    open_image(raw, name=name)  # the same checks as any page: format from content, size and pixel limits
    photo = make_certificate_photo(raw)
    with Image.open(io.BytesIO(photo)) as img:
        width, height = img.size
        thumbnail = thumbnail_of(img)
    return [
        NormalisedPage(
            data=photo,
            mime="image/jpeg",
            width=width,
            height=height,
            dpi=300,
            sha256=hashlib.sha256(photo).hexdigest(),
            thumbnail=thumbnail,
            quality=None,
            target_met=len(photo) <= 50_000,
        )
    ]


def attach(
    ctx: ServiceContext,
    actor: Actor,
    ref: str | int,
    material_code: str,
    pages: Iterable[NormalisedPage],
    *,
    source: str = "file",
) -> list[PageView]:
    """Store prepared pages of one material and record them; the checklist shows the material as scanned."""
    pages = list(pages)
    if not pages:
        return []
    with ctx.store.read() as s:
        app = load(s, ref)
        item_code, status, catalogue = app.item_code, app.status, ctx.catalogue_for(app)
    if status not in EDITABLE:
        raise DomainError(
            "MATERIALS_LOCKED",
            "办件已受理，材料不能再更改",
            field="materials",
            fix="如需补充材料，请由审核人员退件后重新申请。",
        )
    kind, personal, name = _material(catalogue, item_code, material_code)
    blobs = store(ctx)
    refs = [blobs.put(p.data, encrypt=personal, mime=p.mime) for p in pages]
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        top = s.execute(
            select(func.max(MaterialPage.position)).where(
                MaterialPage.application_id == app.id, MaterialPage.material_code == material_code
            )
        ).scalar()
        rows = []
        for offset, (page, blob) in enumerate(zip(pages, refs, strict=True), start=1):
            row = MaterialPage(
                application_id=app.id,
                material_code=material_code,
                position=(top or 0) + offset,
                sha256=blob.sha256,
                size=blob.size,
                mime=blob.mime,
                kind=kind,
                encrypted=blob.encrypted,
                width=page.width,
                height=page.height,
                source=source,
                created_by=actor.username,
                created_at=now,
            )
            s.add(row)
            rows.append(row)
        _set_state(s, app, material_code, "scanned", now)
        s.flush()
        record(
            s,
            actor,
            "material.attach",
            "application",
            app.uuid,
            {"material": material_code, "name": name, "pages": [r.sha256 for r in rows], "source": source},
            now,
            payload={
                "application": app.uuid,
                "material": material_code,
                "pages": [_page_payload(r) for r in rows],
            },
            blobs=[r.sha256 for r in rows],
        )
        return [_view(r) for r in rows]


def _page_payload(r: MaterialPage) -> dict[str, object]:
    return {
        "sha256": r.sha256,
        "position": r.position,
        "size": r.size,
        "mime": r.mime,
        "kind": r.kind,
        "encrypted": r.encrypted,
    }


def _set_state(s: Session, app: Application, material_code: str, state: str, now: datetime) -> None:
    states = dict(app.material_states)
    states[material_code] = state
    app.material_states = states
    row = s.execute(
        select(ApplicationMaterial).where(
            ApplicationMaterial.application_id == app.id, ApplicationMaterial.material_code == material_code
        )
    ).scalar_one_or_none()
    if row is None:
        s.add(
            ApplicationMaterial(
                application_id=app.id, material_code=material_code, state=state, updated_at=now
            )
        )
    else:
        row.state, row.updated_at = state, now


def pages_of(ctx: ServiceContext, ref: str | int) -> list[PageView]:
    """Every page of an application, in checklist order then page order."""
    with ctx.store.read() as s:
        app = load(s, ref)
        order = {r.code: i for i, r in enumerate(ctx.catalogue_for(app).item(app.item_code).materials)}
        rows = s.execute(select(MaterialPage).where(MaterialPage.application_id == app.id)).scalars().all()
        return [_view(r) for r in sorted(rows, key=lambda r: (order.get(r.material_code, 99), r.position))]


def _edit(
    ctx: ServiceContext, actor: Actor, page_id: int, action: str, replacement: NormalisedPage | None
) -> PageView | None:
    with ctx.store.read() as s:
        encrypt = _page(s, page_id).encrypted
    blob = store(ctx).put(replacement.data, encrypt=encrypt, mime=replacement.mime) if replacement else None
    now = ctx.now()
    with ctx.store.write() as s:
        page = _page(s, page_id)
        app = page.application
        if app.status not in EDITABLE:
            raise DomainError("MATERIALS_LOCKED", "办件已受理，材料不能再更改", field="materials")
        before = page.sha256
        result = None
        if blob is None:
            s.delete(page)
            left = s.execute(
                select(func.count())
                .select_from(MaterialPage)
                .where(
                    MaterialPage.application_id == app.id,
                    MaterialPage.material_code == page.material_code,
                    MaterialPage.id != page.id,
                )
            ).scalar()
            if not left:
                _set_state(s, app, page.material_code, "missing", now)
        else:
            assert replacement is not None  # a blob is stored only for a replacement page
            page.sha256, page.size, page.width, page.height = (
                blob.sha256,
                blob.size,
                replacement.width,
                replacement.height,
            )
            result = _view(page)
        record(
            s,
            actor,
            f"material.{action}",
            "application",
            app.uuid,
            {
                "page": page_id,
                "material": page.material_code,
                "before": before,
                "after": blob.sha256 if blob else None,
            },
            now,
            payload={
                "application": app.uuid,
                "page_position": page.position,
                "material": page.material_code,
                "action": action,
                "sha256": blob.sha256 if blob else None,
            },
            blobs=[blob.sha256] if blob else [],
        )
        return result


def _page(s: Session, page_id: int) -> MaterialPage:
    page = s.get(MaterialPage, page_id)
    if page is None:
        raise NotFoundError(
            "PAGE_NOT_FOUND", "该页材料不存在（可能已被删除）", field="materials", fix="请刷新材料列表。"
        )
    return page


def delete_page(ctx: ServiceContext, actor: Actor, page_id: int) -> None:
    _edit(ctx, actor, page_id, "delete", None)


def _page_bytes(ctx: ServiceContext, page_id: int) -> bytes:
    """The stored bytes of one page; a page deleted meanwhile is reported as such, not as a missing file."""
    with ctx.store.read() as s:
        sha = _page(s, page_id).sha256
    return read_page(ctx, sha)


def rotate_page(ctx: ServiceContext, actor: Actor, page_id: int, degrees: int) -> PageView | None:
    return _edit(ctx, actor, page_id, "rotate", rotate(_page_bytes(ctx, page_id), degrees))


def crop_page(
    ctx: ServiceContext, actor: Actor, page_id: int, box: tuple[int, int, int, int]
) -> PageView | None:
    return _edit(ctx, actor, page_id, "crop", crop(_page_bytes(ctx, page_id), box))


def move_page(ctx: ServiceContext, actor: Actor, page_id: int, new_position: int) -> None:
    """Reorder pages within one material."""
    now = ctx.now()
    with ctx.store.write() as s:
        page = _page(s, page_id)
        siblings = (
            s.execute(
                select(MaterialPage)
                .where(
                    MaterialPage.application_id == page.application_id,
                    MaterialPage.material_code == page.material_code,
                )
                .order_by(MaterialPage.position)
            )
            .scalars()
            .all()
        )
        old_position = page.position
        ordered = [p for p in siblings if p.id != page_id]
        ordered.insert(max(0, min(new_position - 1, len(ordered))), page)
        for i, p in enumerate(ordered, start=1):
            p.position = i
        uid = page.application.uuid
        record(
            s,
            actor,
            "material.reorder",
            "application",
            uid,
            {"page": page_id, "material": page.material_code, "position": page.position},
            now,
            # Other workstations identify pages by position, so the move must reach them too.
            payload={
                "application": uid,
                "material": page.material_code,
                "page_position": old_position,
                "position": page.position,
            },
        )


def bundle(ctx: ServiceContext, ref: str | int) -> bytes:
    """All materials of an application as one PDF, in checklist order (for archiving or printing)."""
    with ctx.store.read() as s:
        app = load(s, ref)
        item = ctx.catalogue_for(app).item(app.item_code)
        title = f"{app.number or '草稿'} {app.applicant_name} {item.short_name}"
    grouped: dict[str, list[bytes]] = {}
    for page in pages_of(ctx, ref):
        grouped.setdefault(page.material_code, []).append(read_page(ctx, page.sha256))
    names = {r.code: r.material.name for r in item.materials}
    sections = [(names.get(code, code), data) for code, data in grouped.items()]
    if not sections:
        raise DomainError(
            "NO_MATERIALS", "该办件还没有扫描任何材料", field="materials", fix="请先扫描材料后再生成材料包。"
        )
    return bundle_pdf(sections, title)


def cleanup_orphans(ctx: ServiceContext, *, older_than_s: float = 3600) -> int:
    """Remove material files that no page row references (e.g. left by a transaction that failed)."""
    with ctx.store.read() as s:
        referenced: set[str] = set(s.execute(select(MaterialPage.sha256)).scalars())
        for column in (Certificate.photo_sha256, Person.photo_sha256):
            referenced |= {sha for sha in s.execute(select(column)).scalars() if sha}
    return store(ctx).remove_orphans(referenced, older_than_s=older_than_s)
