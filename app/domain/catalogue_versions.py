"""Versions of the business catalogue as the central store publishes them (事项目录版本).

Henan's material lists change by notice. An administrator at the centre publishes a new version: either one item's
conditions and material list (with the rule limits), or the whole document. A version is the whole catalogue
document as canonical JSON text with its SHA-256; both sides parse it with the loader's own validation
(`parse_catalogue`), so a version the centre accepted is one every counter can read. Parsed catalogues are kept
per (version, hash): each version is parsed once per process however many applications cite it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from dataclasses import dataclass
from typing import Any

from app.domain.catalogue import (
    MATERIAL_KINDS,
    MATERIAL_SOURCES,
    Catalogue,
    CatalogueError,
    parse_catalogue,
)
from app.paths import load_yaml, resource_path

FIX = "请按提示修改后重新发布；中心库未作任何更改。"
MATERIAL_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
KIND_NAMES: dict[str, str] = {
    "form": "申请表",
    "id_card_front": "身份证人像面",
    "id_card_back": "身份证国徽面",
    "photo": "证件照",
    "certificate": "证书",
    "document": "证明文件",
    "signature": "现场签名",
}
SOURCE_NAMES: dict[str, str] = {"paper": "纸质收取", "electronic": "电子调取", "onsite": "现场签写"}
assert set(KIND_NAMES) == MATERIAL_KINDS and set(SOURCE_NAMES) == MATERIAL_SOURCES

_lock = threading.Lock()
_parsed: dict[tuple[int, str], Catalogue] = {}


@dataclass(frozen=True)
class MaterialLine:
    """One line of an item's material list as the administrator edits it."""

    ref: str
    name: str
    kind: str
    source: str
    required: bool
    note: str = ""


def document_text(document: dict[str, Any]) -> str:
    """The canonical text of a document: JSON, order kept, so the same document always has the same hash."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_document() -> dict[str, Any]:
    """resources/catalogue.yaml as a document: version 1 at the central store, and a counter's catalogue until it
    has received a published version."""
    raw = load_yaml(resource_path("catalogue.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise CatalogueError("文件", "顶层必须是映射")
    return raw


def known_rules() -> frozenset[str]:
    from app.domain.rules import RULES  # the rule registry is the list of names the catalogue may cite

    return frozenset(RULES)


def validate(document: dict[str, Any], version: int) -> Catalogue:
    """The loader's validation of a document about to be stored as `version` (raises CatalogueError)."""
    if not isinstance(document, dict):
        raise CatalogueError("文件", "顶层必须是映射", FIX)
    try:
        return parse_catalogue({**document, "version": version}, known_rules())
    except CatalogueError as err:
        err.fix = FIX
        raise


def catalogue_of(version: int, text: str, sha256: str | None = None) -> Catalogue:
    """The parsed catalogue of one stored version, parsed once per (version, hash) in this process."""
    key = (version, sha256 or text_sha256(text))
    with _lock:
        hit = _parsed.get(key)
    if hit is not None:
        return hit
    document = json.loads(text)
    catalogue = parse_catalogue({**document, "version": version}, known_rules())
    with _lock:
        return _parsed.setdefault(key, catalogue)


def parsed_version(version: int, sha256: str) -> Catalogue | None:
    """The catalogue of (version, hash) if this process has parsed it already."""
    with _lock:
        return _parsed.get((version, sha256))


def with_item(
    document: dict[str, Any],
    item_code: str,
    conditions: list[str],
    materials: list[MaterialLine],
    limits: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A copy of `document` with one item's conditions and material list (and the rule limits) replaced.

    A material line names a material by its code: a new code adds a definition; a known code with another name,
    kind or source changes the shared definition (every item listing it shows the new name). Nothing is checked
    beyond what `validate` checks, except the material codes, which must be identifiers."""
    out = copy.deepcopy(document)
    items: list[Any] = out["items"] if isinstance(out.get("items"), list) else []
    item = next((i for i in items if isinstance(i, dict) and i.get("code") == item_code), None)
    if item is None:
        raise CatalogueError(f"事项 {item_code}", "目录中没有该事项", FIX)
    where = f"事项 {item_code} 字段 materials"
    definitions = out.setdefault("materials", {})
    lines = []
    for n, line in enumerate(materials, 1):
        if not MATERIAL_CODE.match(line.ref):
            raise CatalogueError(
                f"{where} 第{n}行 编码", f"材料编码“{line.ref}”应为小写字母开头的字母、数字或下划线", FIX
            )
        old = definitions.get(line.ref) or {}
        definitions[line.ref] = {**old, "name": line.name.strip(), "kind": line.kind, "source": line.source}
        entry: dict[str, Any] = {"ref": line.ref, "required": bool(line.required)}
        if line.note.strip():
            entry["note"] = line.note.strip()
        lines.append(entry)
    item["conditions"] = [str(c).strip() for c in conditions]
    item["materials"] = lines
    if limits is not None:
        out["limits"] = dict(limits)
    return out


def item_lines(catalogue: Catalogue, item_code: str) -> list[MaterialLine]:
    """An item's material list as the edit screen shows it."""
    return [
        MaterialLine(r.code, r.material.name, r.material.kind, r.material.source, r.required, r.note)
        for r in catalogue.item(item_code).materials
    ]


def users_of(catalogue: Catalogue, material: str) -> list[str]:
    """The items whose list names a material (a shared definition's change reaches them all)."""
    return [i.code for i in catalogue.items.values() if any(r.code == material for r in i.materials)]


def limits_document(catalogue: Catalogue) -> dict[str, Any]:
    lim = catalogue.limits
    return {
        "tz_min_age": lim.tz_min_age,
        "tz_max_age": lim.tz_max_age,
        "tz_max_age_by_trade": dict(lim.tz_max_age_by_trade),
        "tz_min_training_hours_per_year": lim.tz_min_training_hours_per_year,
        "tz_max_violations_two_years": lim.tz_max_violations_two_years,
        "exam_score_valid_years": lim.exam_score_valid_years,
        "company_qualifications": list(lim.company_qualifications),
        "transfer_in_refuse_plain_c_since": lim.transfer_in_refuse_plain_c_since,
    }
