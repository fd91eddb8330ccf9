"""Writing reference records (基础库) locally: used by imports, sync pulls, demo data and tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    BlacklistEntry,
    Certificate,
    CertificateVersion,
    Company,
    CompanyQualification,
    ConstructorRegistration,
    Person,
    Score,
)


def upsert_person(s: Session, *, id_number: str, name: str, now: datetime, **fields: Any) -> Person:
    p = s.execute(select(Person).where(Person.id_number == id_number)).scalar_one_or_none()
    if p is None:
        p = Person(id_number=id_number, name=name, updated_at=now, **fields)
        s.add(p)
    else:
        p.name = name
        for k, v in fields.items():
            setattr(p, k, v)
        p.updated_at = now
    return p


def upsert_company(
    s: Session,
    *,
    name: str,
    uscc: str | None,
    org_code: str | None,
    qualifications: list[str],
    now: datetime,
    region: str | None = None,
) -> Company:
    # An empty code is no code: two companies without a USCC must not collide on the unique column.
    uscc, org_code = (uscc or "").strip() or None, (org_code or "").strip() or None
    c = None
    if uscc:
        c = s.execute(select(Company).where(Company.uscc == uscc)).scalar_one_or_none()
    if c is None and org_code:
        # Organisation codes are not unique in old records: take the first company filed under it.
        c = (
            s.execute(select(Company).where(Company.org_code == org_code).order_by(Company.id))
            .scalars()
            .first()
        )
    if c is None:
        c = Company(name=name, uscc=uscc, org_code=org_code, region=region, updated_at=now)
        s.add(c)
    else:
        c.name, c.uscc, c.org_code, c.updated_at = name, uscc or c.uscc, org_code or c.org_code, now
    have = {q.category for q in c.qualifications}
    for q in qualifications:
        if q not in have:
            c.qualifications.append(CompanyQualification(category=q))
    return c


def add_score(s: Session, *, now: datetime, **fields: Any) -> Score:
    existing = s.execute(
        select(Score).where(
            Score.id_number == fields["id_number"],
            Score.kind == fields["kind"],
            Score.family == fields["family"],
            Score.category == fields["category"],
            Score.exam_date == fields["exam_date"],
        )
    ).scalar_one_or_none()
    if existing is not None:
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.updated_at = now
        return existing
    score = Score(updated_at=now, **fields)
    s.add(score)
    return score


def add_constructor(s: Session, *, now: datetime, **fields: Any) -> ConstructorRegistration:
    reg = ConstructorRegistration(updated_at=now, **fields)
    s.add(reg)
    return reg


def add_blacklist(
    s: Session, *, id_number: str, name: str, reason: str, listed_on: date, now: datetime
) -> BlacklistEntry:
    entry = BlacklistEntry(id_number=id_number, name=name, reason=reason, listed_on=listed_on, updated_at=now)
    s.add(entry)
    return entry


def add_certificate(s: Session, *, now: datetime, created_by: str = "import", **fields: Any) -> Certificate:
    """An existing certificate (issued before CounterDesk, or imported), with its first version row."""
    fields.setdefault("issued_on", fields.get("valid_from"))
    fields.setdefault("first_issued_on", fields.get("valid_from"))
    cert = Certificate(updated_at=now, **fields)
    s.add(cert)
    s.flush()
    s.add(
        CertificateVersion(
            certificate_id=cert.id,
            version=cert.version,
            operation_type="01",
            application_number=None,
            snapshot={"number": cert.number, "imported": True},
            created_at=now,
            created_by=created_by,
        )
    )
    return cert
