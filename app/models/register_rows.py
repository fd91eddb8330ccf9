"""A certificate of the legacy register as the import and the feed carry it, written the same way on both sides.

The central import (app/central/register_import.py) and the counter's pull (app/sync/certificate_rows.py) both
call `upsert_certificate`, so an imported certificate is the same row at the centre and at every counter: the
certificate, and its current version marked as printed by the system it came from (so that it never shows in a
counter's print queue; a renewal, change or reissue then prints version 2).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.certificates import Certificate, CertificateVersion
from app.models.registry import Person

HOLDER_FIELDS = ("name", "sex", "birth_date", "old_id_number", "photo_sha256")

DATES = ("holder_birth_date", "first_issued_on", "valid_from", "valid_to", "issued_on")
FIELDS = (
    "family",
    "category",
    "grade",
    "holder_id_number",
    "holder_name",
    "holder_sex",
    "company_code",
    "company_name",
    "position",
    "training_body",
    "status",
    "version",
    "ecert_id",
    "photo_sha256",
    "origin",
    "issuer",
    *DATES,
)
IMPORTED_BY = "legacy-import"
IMPORT_OPERATION = "01"  # the version printed by the old system was a first issue as far as we know


def payload(record: dict[str, Any]) -> dict[str, Any]:
    """The feed payload of an imported certificate: its fields with dates as ISO text, plus its number."""
    out: dict[str, Any] = {"number": record["number"]}
    for key in FIELDS:
        value = record.get(key)
        out[key] = value.isoformat() if isinstance(value, date) else value
    return out


def values_of(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in FIELDS if k in data}
    for k in DATES:
        raw = values.get(k)
        if isinstance(raw, str):
            values[k] = date.fromisoformat(raw) if raw else None
    values["version"] = int(values.get("version") or 1)
    return values


def upsert_certificate(s: Session, data: dict[str, Any], now: datetime) -> Certificate | None:
    """Write one imported certificate; None (nothing written) when the stored one is at a later version, i.e.
    it was renewed, changed or reissued here after the import."""
    holder = data.get("holder")
    if holder:
        upsert_holder(s, holder, now)
    number = str(data["number"])
    values = values_of(data)
    cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one_or_none()
    if cert is not None and cert.version > values["version"]:
        return None
    if cert is None:
        cert = Certificate(number=number, updated_at=now, **values)
        s.add(cert)
    else:
        for k, v in values.items():
            setattr(cert, k, v)
        cert.updated_at = now
    s.flush()
    known = s.execute(
        select(CertificateVersion).where(
            CertificateVersion.certificate_id == cert.id, CertificateVersion.version == cert.version
        )
    ).scalar_one_or_none()
    if known is None:
        printed = datetime.combine(values.get("issued_on") or now.date(), datetime.min.time())
        s.add(
            CertificateVersion(
                certificate_id=cert.id,
                version=cert.version,
                operation_type=IMPORT_OPERATION,
                application_number=None,
                snapshot=payload({"number": number, **values}),
                created_at=now,
                created_by=IMPORTED_BY,
                printed_at=printed,
            )
        )
    else:
        known.snapshot = payload({"number": number, **values})
    return cert


def upsert_holder(s: Session, holder: dict[str, Any], now: datetime) -> Person:
    """The certificate's holder as the feed carries it: fields it names replace the stored ones, others stay."""
    values = {k: holder[k] for k in HOLDER_FIELDS if holder.get(k) is not None}
    if isinstance(values.get("birth_date"), str):
        values["birth_date"] = date.fromisoformat(values["birth_date"])
    person = s.execute(select(Person).where(Person.id_number == holder["id_number"])).scalar_one_or_none()
    if person is None:
        person = Person(id_number=holder["id_number"], updated_at=now, **values)
        s.add(person)
    else:
        for k, v in values.items():
            setattr(person, k, v)
        person.updated_at = now
    return person
