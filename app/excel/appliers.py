"""Matching clean import records against the registry and writing them, one batch of rows at a time.

Each applier knows its record's natural key, loads the existing records of a batch with one query, tells what
would change, and writes new and changed records. Scores come in by the hundred thousand, so they are written
with bulk statements (the same upsert as `registry.add_score`, a statement per batch instead of per row);
companies, constructor registrations and blacklist entries go through the registry helpers one by one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, or_, select
from sqlalchemy.orm import Session

from app.domain.identifiers import org_code_of_uscc
from app.models import BlacklistEntry, Company, ConstructorRegistration, Score
from app.services import registry

Record = dict[str, Any]
Diff = dict[str, tuple[Any, Any]]

_SCORES = cast(Table, Score.__table__)
_UPDATE_SCORE = _SCORES.update().where(_SCORES.c.id == bindparam("_id"))


def jsonable(record: Record) -> Record:
    """The record as an outbox payload: dates as ISO text."""
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in record.items()}


def _diff(existing: Record, record: Record, fields: Sequence[str]) -> Diff:
    return {f: (existing.get(f), record[f]) for f in fields if existing.get(f) != record[f]}


def key_text(key: Hashable) -> str:
    """A natural key as the sync feed writes it: parts joined by "|", dates in ISO form (app/core/records.py)."""
    parts = key if isinstance(key, tuple) else (key,)
    return "|".join(p.isoformat() if isinstance(p, date) else str(p) for p in parts)


class Applier(Protocol):
    entity: str  # the registry kind of app/core/records.py: score / company / constructor / blacklist
    op: str
    fields: dict[str, str]  # record field → Chinese label shown in the preview

    def key(self, record: Record) -> Hashable: ...

    def entity_id(self, record: Record) -> str: ...

    def payload(self, record: Record) -> Record: ...

    def describe(self, record: Record) -> str: ...

    def load(self, s: Session, records: Sequence[Record]) -> dict[Hashable, Any]: ...

    def diff(self, existing: Any, record: Record) -> Diff: ...

    def write(
        self, s: Session, now: datetime, new: list[Record], changed: list[tuple[Any, Record]]
    ) -> None: ...


class ScoreApplier:
    entity, op = "score", "registry.score.upsert"

    def entity_id(self, r: Record) -> str:
        return key_text(self.key(r))

    def payload(self, r: Record) -> Record:
        return jsonable(r)

    fields = {
        "name": "姓名",
        "score": "成绩",
        "theory_score": "理论成绩",
        "practice_score": "实操成绩",
        "passed": "是否合格",
        "valid_to": "有效期至",
        "training_body": "培训机构",
        "certificate_number": "证书编号",
    }
    _cols = (
        "id",
        "id_number",
        "name",
        "kind",
        "family",
        "category",
        "score",
        "theory_score",
        "practice_score",
        "passed",
        "exam_date",
        "valid_to",
        "training_body",
        "certificate_number",
    )

    def key(self, r: Record) -> Hashable:
        return (r["id_number"], r["kind"], r["family"], r["category"], r["exam_date"])

    def describe(self, r: Record) -> str:
        kind = "考核" if r["kind"] == "exam" else "继续教育"
        return f"{r['id_number']} {r['name']} {kind} {r['category']} {r['exam_date']:%Y-%m-%d}"

    def load(self, s: Session, records: Sequence[Record]) -> dict[Hashable, Any]:
        ids = list({r["id_number"] for r in records})
        columns = [getattr(Score, c) for c in self._cols]
        rows = s.execute(select(*columns).where(Score.id_number.in_(ids))).mappings()
        return {self.key(row): dict(row) for row in rows}

    def diff(self, existing: Record, r: Record) -> Diff:
        return _diff(existing, r, tuple(self.fields))

    def write(self, s: Session, now: datetime, new: list[Record], changed: list[tuple[Any, Record]]) -> None:
        # Core statements on the session's connection: executemany without the ORM's per-row bookkeeping (the
        # rows are never read back as objects in this transaction).
        conn = s.connection()
        if new:
            conn.execute(_SCORES.insert(), [dict(r, updated_at=now) for r in new])
        if changed:
            conn.execute(_UPDATE_SCORE, [dict(r, _id=old["id"], updated_at=now) for old, r in changed])


class CompanyApplier:
    entity, op = "company", "registry.company.upsert"

    def entity_id(self, r: Record) -> str:
        return str(r["uscc"] or r["org_code"])

    def payload(self, r: Record) -> Record:
        # The sync record of a company carries the qualification categories only (app/core/records.py).
        keep = ("uscc", "org_code", "name", "region", "qualifications")
        return jsonable({k: r[k] for k in keep})

    fields = {
        "name": "企业名称",
        "qualifications": "资质类别",
        "grade": "资质等级",
        "valid_to": "资质有效期至",
        "region": "行政区划代码",
        "uscc": "统一社会信用代码",
    }

    def key(self, r: Record) -> Hashable:
        # Positions 9-17 of a USCC are the organisation code: one key for companies on record under either.
        return r["org_code"]

    def describe(self, r: Record) -> str:
        return f"{r['uscc'] or r['org_code']} {r['name']}"

    def load(self, s: Session, records: Sequence[Record]) -> dict[Hashable, Any]:
        usccs = [r["uscc"] for r in records if r["uscc"]]
        orgs = [r["org_code"] for r in records]
        found = s.execute(
            select(Company).where(or_(Company.uscc.in_(usccs), Company.org_code.in_(orgs)))
        ).scalars()
        out: dict[Hashable, Any] = {}
        for c in found:
            out.setdefault(c.org_code or (org_code_of_uscc(c.uscc) if c.uscc else None), c)
        return out

    def diff(self, c: Company, r: Record) -> Diff:
        d: Diff = {}
        if c.name != r["name"]:
            d["name"] = (c.name, r["name"])
        have = {q.category: q for q in c.qualifications}
        added = [q for q in r["qualifications"] if q not in have]
        if added:
            d["qualifications"] = ("、".join(have), "、".join([*have, *added]))
        for field in ("grade", "valid_to"):
            if r[field] is not None:
                before = [getattr(have[q], field) for q in r["qualifications"] if q in have]
                if any(b != r[field] for b in before):
                    d[field] = (before[0] if before else None, r[field])
        if r["region"] and c.region != r["region"]:
            d["region"] = (c.region, r["region"])
        if r["uscc"] and c.uscc != r["uscc"]:
            d["uscc"] = (c.uscc, r["uscc"])
        return d

    def write(self, s: Session, now: datetime, new: list[Record], changed: list[tuple[Any, Record]]) -> None:
        for r in [*new, *(rec for _c, rec in changed)]:
            c = registry.upsert_company(
                s,
                name=r["name"],
                uscc=r["uscc"],
                org_code=r["org_code"],
                qualifications=r["qualifications"],
                now=now,
                region=r["region"],
            )
            if r["region"]:
                c.region = r["region"]
            for q in c.qualifications:
                if q.category in r["qualifications"]:
                    q.grade = r["grade"] if r["grade"] is not None else q.grade
                    q.valid_to = r["valid_to"] if r["valid_to"] is not None else q.valid_to


class ConstructorApplier:
    entity, op = "constructor", "registry.constructor.upsert"

    def entity_id(self, r: Record) -> str:
        return str(r["registration_number"])

    def payload(self, r: Record) -> Record:
        return jsonable(r)

    fields = {
        "id_number": "身份证号",
        "name": "姓名",
        "level": "级别",
        "specialty": "注册专业",
        "company_uscc": "注册单位统一社会信用代码",
        "valid_to": "有效期至",
    }

    def key(self, r: Record) -> Hashable:
        return r["registration_number"]

    def describe(self, r: Record) -> str:
        return f"{r['registration_number']} {r['name']}"

    def load(self, s: Session, records: Sequence[Record]) -> dict[Hashable, Any]:
        numbers = [r["registration_number"] for r in records]
        found = s.execute(
            select(ConstructorRegistration).where(ConstructorRegistration.registration_number.in_(numbers))
        ).scalars()
        return {c.registration_number: c for c in found}

    def diff(self, c: ConstructorRegistration, r: Record) -> Diff:
        return {f: (getattr(c, f), r[f]) for f in self.fields if getattr(c, f) != r[f]}

    def write(self, s: Session, now: datetime, new: list[Record], changed: list[tuple[Any, Record]]) -> None:
        for r in new:
            registry.add_constructor(s, now=now, **r)
        for c, r in changed:
            for f in self.fields:
                setattr(c, f, r[f])
            c.updated_at = now


class BlacklistApplier:
    entity, op = "blacklist", "registry.blacklist.upsert"

    def entity_id(self, r: Record) -> str:
        return key_text(self.key(r))

    def payload(self, r: Record) -> Record:
        return jsonable(r)

    fields = {"name": "姓名", "reason": "列入原因", "lifted_on": "移出日期"}

    def key(self, r: Record) -> Hashable:
        return (r["id_number"], r["listed_on"])

    def describe(self, r: Record) -> str:
        return f"{r['id_number']} {r['name']} {r['listed_on']:%Y-%m-%d}"

    def load(self, s: Session, records: Sequence[Record]) -> dict[Hashable, Any]:
        ids = list({r["id_number"] for r in records})
        found = s.execute(select(BlacklistEntry).where(BlacklistEntry.id_number.in_(ids))).scalars()
        return {(e.id_number, e.listed_on): e for e in found}

    def diff(self, e: BlacklistEntry, r: Record) -> Diff:
        return {f: (getattr(e, f), r[f]) for f in self.fields if getattr(e, f) != r[f]}

    def write(self, s: Session, now: datetime, new: list[Record], changed: list[tuple[Any, Record]]) -> None:
        for r in new:
            entry = registry.add_blacklist(
                s,
                id_number=r["id_number"],
                name=r["name"],
                reason=r["reason"],
                listed_on=r["listed_on"],
                now=now,
            )
            entry.lifted_on = r["lifted_on"]
        for e, r in changed:
            for f in self.fields:
                setattr(e, f, r[f])
            e.updated_at = now


APPLIERS: dict[str, type[Applier]] = {
    "scores": ScoreApplier,
    "companies": CompanyApplier,
    "constructors": ConstructorApplier,
    "blacklist": BlacklistApplier,
}
