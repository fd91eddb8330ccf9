"""The certificate register import at the central store: one batch of certificates and their holders at a time.

The client (command line or the administrator's screen) reads and checks the legacy export and uploads the
photos first; it then sends the clean records here a batch at a time. Each batch is one short transaction (the
central write lock, where there is one, is held for one batch and never across two): the persons and
certificates, the imported version row of each new certificate, one feed change per new or changed certificate
(registry kind "certificate", carrying its holder, for every counter) and one audit event. On PostgreSQL the
batch is written set-based (app/central/register_sql.py); on SQLite row by row here, by the same rules. A record
equal to what is stored is left alone and fed nowhere (importing the same export again changes nothing), and a
certificate renewed, changed or reissued since its import (a later version) is kept as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from operator import mul
from typing import Any, cast

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from app.central import register_sql
from app.central.auth import Principal, utcnow
from app.central.bulk_copy import among, copy_rows, feed
from app.central.feed import Journal
from app.central.models import Blob
from app.domain.errors import DomainError
from app.domain.identifiers import parse_resident_id
from app.models import Certificate, CertificateVersion, Person
from app.models.db import Store
from app.models.register_rows import FIELDS, IMPORT_OPERATION, IMPORTED_BY, payload
from app.models.register_rows import values_of as certificate_values

MAX_BATCH = 5000
PERSON_FIELDS = ("name", "sex", "birth_date", "old_id_number", "photo_sha256")


class RegisterBatch(BaseModel):
    rows: list[dict[str, Any]] = Field(max_length=MAX_BATCH, description="清洗后的证书记录（含持证人）")


_CANONICAL_ID = re.compile(r"[0-9]{17}[0-9X]")
_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK = "10X98765432"


def check_rows(rows: list[dict[str, Any]], catalogue_families: set[str]) -> None:
    """Refuse the batch at its first bad record, naming it: number, family and holder's ID number.

    A canonical 18-digit ID with a real birth date and a matching check digit is accepted here in a few
    operations; anything else goes through `parse_resident_id`, which accepts or explains exactly as before."""
    today = date.today()
    births: dict[str, bool] = {}  # the batch's birth dates (yyyymmdd), each checked once
    seen: set[str] = set()
    for row in rows:
        number = row.get("number")
        if not isinstance(number, str) or not number or len(number) > 40:
            raise DomainError("REGISTER_NUMBER", f"证书编号“{number or ''}”不正确", field="number")
        if number in seen:
            raise DomainError("REGISTER_NUMBER", f"证书编号“{number}”在同一批中出现两次", field="number")
        seen.add(number)
        if row.get("family") not in catalogue_families:
            raise DomainError(
                "REGISTER_FAMILY", f"证书{number}的证书种类“{row.get('family')}”未知", field="family"
            )
        idn = row.get("holder_id_number")
        if isinstance(idn, str) and _CANONICAL_ID.fullmatch(idn):
            birth = idn[6:14]
            ok = births.get(birth)
            if ok is None:
                ok = births[birth] = _real_birth(birth, today)
            if ok and _RID_CHECK[sum(map(mul, map(int, idn[:17]), _RID_WEIGHTS)) % 11] == idn[17]:
                continue
        parse_resident_id(str(idn or ""), record=True)


def _real_birth(yyyymmdd: str, today: date) -> bool:
    try:
        return date(1900, 1, 1) <= date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])) <= today
    except ValueError:
        return False


def _person_row(row: dict[str, Any]) -> dict[str, Any]:
    birth = row.get("holder_birth_date")
    return {
        "id_number": row["holder_id_number"],
        "name": row["holder_name"],
        "sex": row.get("holder_sex"),
        "birth_date": date.fromisoformat(birth) if isinstance(birth, str) else birth,
        "old_id_number": row.get("old_id_number"),
        "photo_sha256": row.get("photo_sha256"),
    }


def _person_json(p: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in p.items() if v is not None}


_CERT_COLUMNS = ("number", *FIELDS, "updated_at")
_PERSON_COLUMNS = ("id_number", *PERSON_FIELDS, "updated_at")
_VERSION_COLUMNS = (
    "certificate_id",
    "version",
    "operation_type",
    "application_number",
    "snapshot",
    "created_at",
    "created_by",
    "printed_at",
    "voided",
)


def write_batch(s: Session, rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """Persons and certificates of one batch, and their feed changes, row by row (SQLite; PostgreSQL takes
    register_sql.write_batch). Each certificate change carries its holder, so a counter gets both from one
    change."""
    counts = {"new": 0, "changed": 0, "unchanged": 0, "kept": 0, "photo_missing": 0}
    shas = {r["photo_sha256"] for r in rows if r.get("photo_sha256")}
    have = set(s.execute(select(Blob.sha256).where(Blob.sha256.in_(shas))).scalars()) if shas else set()
    for r in rows:
        if r.get("photo_sha256") and r["photo_sha256"] not in have:
            r["photo_sha256"] = None  # never point at a photo the store does not hold
            counts["photo_missing"] += 1
    holders, touched = _write_persons(s, rows, now)
    refed: list[dict[str, Any]] = []  # unchanged certificates whose holder changed: fed for the holder
    numbers = [str(r["number"]) for r in rows]
    columns = [Certificate.id, Certificate.number, *(getattr(Certificate, f) for f in FIELDS)]
    found = s.execute(select(*columns).where(among(s, Certificate.number, numbers))).mappings()
    stored = {m["number"]: dict(m) for m in found}
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for r in rows:
        values = certificate_values(r)
        for key in FIELDS:
            values.setdefault(key, None)
        old = stored.get(str(r["number"]))
        if old is None:
            new.append({"number": str(r["number"]), **values, "updated_at": now})
        elif old["version"] > values["version"]:
            counts["kept"] += 1
        elif all(old.get(k) == v for k, v in values.items()):
            counts["unchanged"] += 1
            if old["holder_id_number"] in touched:
                refed.append({"number": old["number"], **values})
        else:
            changed.append({"id": old["id"], "number": old["number"], **values, "updated_at": now})
    if new:
        copy_rows(
            s, cast(Table, Certificate.__table__), _CERT_COLUMNS, ([c[k] for k in _CERT_COLUMNS] for c in new)
        )
        for c in new:
            c["_json"] = json.dumps(payload(c), ensure_ascii=False)
        ids = dict(
            s.execute(
                select(Certificate.number, Certificate.id).where(
                    among(s, Certificate.number, [c["number"] for c in new])
                )
            ).all()
        )
        postgres = s.get_bind().dialect.name == "postgresql"
        copy_rows(
            s,
            cast(Table, CertificateVersion.__table__),
            _VERSION_COLUMNS,
            (
                (
                    ids[c["number"]],
                    c["version"],
                    IMPORT_OPERATION,
                    None,
                    c["_json"] if postgres else json.loads(c["_json"]),
                    now,
                    IMPORTED_BY,
                    datetime.combine(c["issued_on"] or now.date(), datetime.min.time()),
                    False,
                )
                for c in new
            ),
        )
    if changed:
        s.execute(update(Certificate), [{k: v for k, v in c.items() if k != "number"} for c in changed])
        for c in changed:
            s.execute(
                update(CertificateVersion)
                .where(
                    CertificateVersion.certificate_id == c["id"], CertificateVersion.version == c["version"]
                )
                .values(snapshot=payload(c))
            )
    feed(
        s,
        [
            (
                "registry",
                "certificate",
                c["number"],
                "upsert",
                _with_holder(c, holders[c["holder_id_number"]]),
            )
            for c in [*new, *changed, *refed]
        ],
        now,
    )
    counts["new"], counts["changed"] = len(new), len(changed)
    return counts


def _with_holder(c: dict[str, Any], holder: dict[str, Any]) -> str:
    """The certificate's feed payload as JSON text: its version snapshot's text with the holder appended."""
    text = c.get("_json") or json.dumps(payload(c), ensure_ascii=False)
    return text[:-1] + ', "holder": ' + json.dumps(holder, ensure_ascii=False) + "}"


def _write_persons(
    s: Session, rows: list[dict[str, Any]], now: datetime
) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Insert or complete the holders; returns each holder as the feed carries it (by ID number) and the ID
    numbers of holders that changed."""
    wanted: dict[str, dict[str, Any]] = {}
    for r in rows:
        person = _person_row(r)
        earlier = wanted.get(person["id_number"])
        if earlier is not None and earlier.get("photo_sha256") and not person.get("photo_sha256"):
            person["photo_sha256"] = earlier["photo_sha256"]  # one certificate's photo serves the holder
        wanted[person["id_number"]] = person
    cols = [Person.id, Person.id_number, *(getattr(Person, f) for f in PERSON_FIELDS)]
    stored = {
        m["id_number"]: dict(m)
        for m in s.execute(select(*cols).where(among(s, Person.id_number, list(wanted)))).mappings()
    }
    new, changed = [], []
    holders: dict[str, dict[str, Any]] = {}
    for idn, p in wanted.items():
        old = stored.get(idn)
        if old is None:
            new.append({**p, "updated_at": now})
            holders[idn] = _person_json(p)
            continue
        merged = {k: (p[k] if p.get(k) is not None else old.get(k)) for k in PERSON_FIELDS}
        holders[idn] = _person_json({"id_number": idn, **merged})
        if any(old.get(k) != merged[k] for k in PERSON_FIELDS):
            changed.append({"id": old["id"], "id_number": idn, **merged, "updated_at": now})
    if new:
        copy_rows(
            s,
            cast(Table, Person.__table__),
            _PERSON_COLUMNS,
            ([p.get(k) for k in _PERSON_COLUMNS] for p in new),
        )
    if changed:
        s.execute(update(Person), [{k: v for k, v in c.items() if k != "id_number"} for c in changed])
    return holders, {p["id_number"] for p in new} | {c["id_number"] for c in changed}


def import_batch(
    store: Store, username: str, rows: list[dict[str, Any]], families: set[str]
) -> dict[str, int]:
    """Check, write and feed one batch in one transaction; every refusal names the record."""
    check_rows(rows, families)
    now = utcnow()
    with store.write() as s:
        postgres = s.get_bind().dialect.name == "postgresql"
        counts = (register_sql.write_batch if postgres else write_batch)(s, rows, now)
        journal = Journal()
        journal.audit(
            username, "central.register_import", "registry", "certificate", {"rows": len(rows), **counts}
        )
        s.flush()
        journal.flush(s, now)
    return counts


def router(store: Store, admin_only: Callable[..., Principal], families: set[str]) -> APIRouter:
    r = APIRouter(prefix="/admin/register", tags=["admin"])

    @r.post("/certificates")
    def post_certificates(req: RegisterBatch, p: Principal = Depends(admin_only)) -> dict[str, int]:
        """One batch of the certificate register (persons and certificates), fed to every counter."""
        return import_batch(store, p.username, req.rows, families)

    return r
