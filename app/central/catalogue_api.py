"""The business catalogue at the central store (事项目录): its versions, and an administrator's publishing of one.

The central store owns the catalogue. Version 1 is resources/catalogue.yaml (seeded by migration c0008); an
administrator publishes the next version, either one item's conditions and material list (with the rule limits)
or the whole document. The new document is checked by the loader's own validation
(app/domain/catalogue_versions.validate) before anything is written; a refusal is 422 naming the item and the
field, and nothing changes. A published version is one row of `catalogue_versions`, one audit event and one change
of the feed's own "catalogue" stream (for every unit), in one transaction, so it reaches every counter with the
next pull. Its own stream, not the registry's: a new counter loads the registry as a snapshot and starts following
the registry feed after it, and would skip a version published before. Applications keep the version they were taken under (`applications.catalogue_version`);
`catalogue_version` answers the parsed catalogue of a version for the push's checks, read once per process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.central import errors
from app.central.auth import Principal, utcnow
from app.central.feed import Journal
from app.domain.catalogue import Catalogue
from app.domain.catalogue_versions import (
    MaterialLine,
    catalogue_of,
    document_text,
    parsed_version,
    text_sha256,
    validate,
    with_item,
)
from app.domain.errors import ConflictError, DomainError, NotFoundError
from app.models import CatalogueVersion
from app.models.catalogue import newest_version, version_payload
from app.models.db import Store


class MaterialLineIn(BaseModel):
    ref: str = Field(min_length=2, max_length=32, description="材料编码，如 medical_cert")
    name: str = Field(min_length=1, max_length=128, description="材料名称")
    kind: str = Field(max_length=24, description="材料类型：form、id_card_front、photo、document 等")
    source: str = Field(max_length=16, description="材料来源：paper、electronic、onsite")
    required: bool = Field(default=True, description="是否必交")
    note: str = Field(default="", max_length=128, description="说明，如 申请B类时必需")


class ItemEdit(BaseModel):
    base_version: int = Field(
        ge=1, le=2**31 - 1, description="编辑所依据的目录版本；已有更新版本时拒绝（409）"
    )
    conditions: list[str] = Field(max_length=40, description="受理条件，每条一句")
    materials: list[MaterialLineIn] = Field(min_length=1, max_length=40, description="材料清单，按显示顺序")
    limits: dict[str, Any] | None = Field(default=None, description="规则限值；不填则沿用当前版本")
    note: str | None = Field(default=None, max_length=128, description="依据的通知，如 豫建办〔2027〕X号")


class DocumentEdit(BaseModel):
    base_version: int = Field(ge=1, le=2**31 - 1, description="编辑所依据的目录版本")
    document: dict[str, Any] = Field(description="完整的业务事项目录")
    note: str | None = Field(default=None, max_length=128, description="依据的通知")


def catalogue_version(s: Session, version: int) -> Catalogue:
    """The parsed catalogue of one version; 422 naming the field when the centre has no such version.

    One primary-key read of the hash per version and session (a push batch asks once); the document is read and
    parsed only the first time this process meets that (version, hash)."""
    held: dict[int, Catalogue] = s.info.setdefault("catalogue_versions", {})
    if version in held:
        return held[version]
    sha = s.execute(select(CatalogueVersion.sha256).where(CatalogueVersion.version == version)).scalar()
    parsed = parsed_version(version, sha) if sha else None
    if parsed is not None:
        held[version] = parsed
        return parsed
    row = s.get(CatalogueVersion, version)
    if row is None:
        raise DomainError(
            "CATALOGUE_VERSION_UNKNOWN",
            f"中心库没有第{version}版业务事项目录",
            field="catalogue_version",
            fix="请联网同步取得最新目录后重新收件。",
        )
    held[version] = catalogue_of(row.version, row.document, row.sha256)
    return held[version]


def _newest(s: Session) -> CatalogueVersion:
    row = s.get(CatalogueVersion, newest_version(s))
    if row is None:
        raise NotFoundError("CATALOGUE_MISSING", "中心库尚无业务事项目录", fix="请运行中心库迁移。")
    return row


def _current(s: Session, base: int) -> CatalogueVersion:
    """The newest version, which the edit must have started from (else 409: someone published meanwhile)."""
    current = _newest(s)
    if base != current.version:
        raise ConflictError(
            "CATALOGUE_STALE",
            f"业务事项目录已更新为第{current.version}版，本次编辑依据的是第{base}版",
            field="base_version",
            fix="请刷新目录后在最新版本上重新编辑。",
        )
    return current


def _publish(
    s: Session,
    p: Principal,
    current: CatalogueVersion,
    document: dict[str, Any],
    note: str | None,
    summary: str,
) -> dict[str, Any]:
    version = current.version + 1
    validate(document, version)
    text = document_text({**document, "version": version})
    if text_sha256(document_text({**json.loads(current.document), "version": version})) == text_sha256(text):
        raise DomainError(
            "CATALOGUE_UNCHANGED", "与当前版本相比没有任何改动", field="materials", fix="请修改后再发布。"
        )
    now = utcnow()
    row = CatalogueVersion(
        version=version,
        document=text,
        sha256=text_sha256(text),
        note=note,
        summary=summary[:256],
        published_by=p.username,
        published_at=now.replace(tzinfo=None),
    )
    s.add(row)
    s.flush()  # a concurrent publish of the same number fails here (primary key): 409, nothing written
    journal = Journal()
    journal.change("catalogue", "catalogue", str(version), "upsert", version_payload(row))
    journal.audit(
        p.username, "central.catalogue_publish", "catalogue", str(version), {"summary": summary, "note": note}
    )
    journal.flush(s, now)
    return version_payload(row)


def router(store: Store, admin_only: Callable[..., Principal], anyone: Callable[..., Principal]) -> APIRouter:
    r = APIRouter(tags=["catalogue"])

    @r.get("/catalogue")
    def history(p: Principal = Depends(anyone)) -> dict[str, Any]:
        """The current version number and every version (without documents), newest first."""
        with store.read() as s:
            rows = s.execute(select(CatalogueVersion).order_by(CatalogueVersion.version.desc())).scalars()
            versions = [version_payload(row, with_document=False) for row in rows]
        return {"current": versions[0]["version"] if versions else None, "versions": versions}

    @r.get("/catalogue/{version}")
    def one(version: int = PathParam(ge=1, le=2**31 - 1), p: Principal = Depends(anyone)) -> dict[str, Any]:
        with store.read() as s:
            row = s.get(CatalogueVersion, version)
            if row is None:
                raise NotFoundError(
                    "CATALOGUE_VERSION_UNKNOWN", f"中心库没有第{version}版业务事项目录", field="version"
                )
            return version_payload(row)

    @r.put("/admin/catalogue/items/{code}", responses=errors.responses(409))
    def put_item(
        req: ItemEdit, code: str = PathParam(max_length=32), p: Principal = Depends(admin_only)
    ) -> dict[str, Any]:
        """Publish a new version with one item's conditions, material list and (optionally) the rule limits."""
        lines = [MaterialLine(m.ref, m.name, m.kind, m.source, m.required, m.note) for m in req.materials]
        with store.write() as s:
            current = _current(s, req.base_version)
            document = with_item(json.loads(current.document), code, req.conditions, lines, req.limits)
            summary = f"事项 {code} 的受理条件、材料清单" + ("及规则限值" if req.limits is not None else "")
            return _publish(s, p, current, document, req.note, summary)

    @r.put("/admin/catalogue", responses=errors.responses(409))
    def put_document(req: DocumentEdit, p: Principal = Depends(admin_only)) -> dict[str, Any]:
        """Publish a new version of the whole document."""
        with store.write() as s:
            return _publish(s, p, _current(s, req.base_version), req.document, req.note, "整份目录")

    return r
