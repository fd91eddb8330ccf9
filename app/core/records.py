"""Registry records (基础库) as the feed carries them: natural keys, JSON rows, upsert and delete.

Used on both sides, so that the central admin import and the counter's pull write a record the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, delete, select
from sqlalchemy.orm import Session

from app.core import registry
from app.domain.errors import DomainError
from app.models import BlacklistEntry, Company, ConstructorRegistration, Person, Score
from app.models.base import Base

MODELS: dict[str, type[Base]] = {
    "person": Person,
    "company": Company,
    "constructor": ConstructorRegistration,
    "score": Score,
    "blacklist": BlacklistEntry,
}
_SKIP = {"id", "updated_at", "company_id"}


def coerce(model: type[Base], row: dict[str, Any]) -> dict[str, Any]:
    """Keep the model's columns and turn ISO strings into dates; unknown keys name the field in the error."""
    cols = model.__table__.columns
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == "qualifications" and model is Company:
            out[key] = [str(q) for q in value or []]
            continue
        if key in _SKIP:
            continue
        if key not in cols:
            raise DomainError("FIELD_UNKNOWN", f"未知字段“{key}”", field=key, fix="请检查导入数据的列名。")
        ctype = cols[key].type
        if isinstance(value, str) and isinstance(ctype, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(ctype, Date):
            value = date.fromisoformat(value)
        out[key] = value
    return out


def natural_key(kind: str, row: dict[str, Any]) -> str:
    def need(*names: str) -> list[str]:
        missing = [n for n in names if not row.get(n)]
        if missing:
            raise DomainError(
                "FIELD_MISSING", f"缺少字段“{missing[0]}”", field=missing[0], fix="请补全后重新导入。"
            )
        return [str(row[n]) for n in names]

    if kind == "person":
        return need("id_number")[0]
    if kind == "company":
        if not row.get("uscc") and not row.get("org_code"):
            raise DomainError("FIELD_MISSING", "企业须有统一社会信用代码或组织机构代码", field="uscc")
        return str(row.get("uscc") or row.get("org_code"))
    if kind == "constructor":
        return need("registration_number")[0]
    if kind == "score":
        return "|".join(need("id_number", "kind", "family", "category", "exam_date"))
    if kind == "blacklist":
        return "|".join(need("id_number", "listed_on"))
    raise DomainError("KIND_UNKNOWN", f"未知的基础库类别“{kind}”", field="kind")


def as_json(kind: str, obj: Base) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in obj.__table__.columns:
        if col.key in _SKIP:
            continue
        value = getattr(obj, col.key)
        out[col.key] = value.isoformat() if isinstance(value, date | datetime) else value
    if kind == "company":
        assert isinstance(obj, Company)
        out["qualifications"] = sorted(q.category for q in obj.qualifications)
    return out


def upsert(s: Session, kind: str, row: dict[str, Any], now: datetime) -> Base:
    fields = coerce(MODELS[kind], row)
    if kind == "person":
        return registry.upsert_person(s, now=now, **fields)
    if kind == "company":
        quals = fields.pop("qualifications", [])
        return registry.upsert_company(
            s,
            name=fields["name"],
            uscc=fields.get("uscc"),
            org_code=fields.get("org_code"),
            region=fields.get("region"),
            qualifications=quals,
            now=now,
        )
    if kind == "score":
        return registry.add_score(s, now=now, **fields)
    if kind == "constructor":
        obj: Base | None = s.execute(
            select(ConstructorRegistration).where(
                ConstructorRegistration.registration_number == fields["registration_number"]
            )
        ).scalar_one_or_none()
        if obj is None:
            return registry.add_constructor(s, now=now, **fields)
    else:
        obj = s.execute(
            select(BlacklistEntry).where(
                BlacklistEntry.id_number == fields["id_number"],
                BlacklistEntry.listed_on == fields["listed_on"],
            )
        ).scalar_one_or_none()
        if obj is None:
            return _new_blacklist(s, fields, now)
    for k, v in fields.items():
        setattr(obj, k, v)
    obj.updated_at = now  # type: ignore[attr-defined]
    return obj


def _new_blacklist(s: Session, fields: dict[str, Any], now: datetime) -> BlacklistEntry:
    entry = BlacklistEntry(updated_at=now, **fields)
    s.add(entry)
    return entry


def remove(s: Session, kind: str, key: str) -> None:
    model = MODELS[kind]
    if kind == "person":
        s.execute(delete(Person).where(Person.id_number == key))
    elif kind == "company":
        company = s.execute(
            select(Company).where((Company.uscc == key) | (Company.org_code == key))
        ).scalar_one_or_none()
        if company is not None:
            s.delete(company)
    elif kind == "constructor":
        s.execute(delete(ConstructorRegistration).where(ConstructorRegistration.registration_number == key))
    elif kind == "score":
        idn, skind, fam, cat, exam = key.split("|")
        s.execute(
            delete(Score).where(
                Score.id_number == idn,
                Score.kind == skind,
                Score.family == fam,
                Score.category == cat,
                Score.exam_date == date.fromisoformat(exam),
            )
        )
    else:
        idn, listed = key.split("|")
        s.execute(
            delete(model).where(
                BlacklistEntry.id_number == idn, BlacklistEntry.listed_on == date.fromisoformat(listed)
            )
        )
