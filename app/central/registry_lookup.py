"""提取 at the centre: what the registry holds about one person, for a counter whose replica does not hold them.

`POST /registry/lookup` takes an ID number or a certificate number (exactly one, checked as the counter checks
them) and answers the person's registry rows in the shape the feed carries them (app.core.records.as_json; a
certificate as its feed snapshot), so the counter can keep them exactly as a pull would. Every lookup reads
personal data and is audited ("registry.lookup", found or not); a caller gets `PER_MINUTE` lookups a minute
(a clerk types far fewer; a script walking the register is stopped with 429 and the minute to wait).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.central.auth import Principal, utcnow
from app.central.feed import Journal
from app.core import records
from app.core.snapshots import certificate_snapshot
from app.domain.errors import DomainError
from app.domain.identifiers import parse_resident_id
from app.domain.numbering import normalise_certificate_text
from app.models import BlacklistEntry, Certificate, Company, ConstructorRegistration, Person, Score
from app.models.db import Store

PER_MINUTE = 60


class LookupRequest(BaseModel):
    id_number: str | None = Field(default=None, max_length=32, description="身份证号码")
    certificate_number: str | None = Field(default=None, max_length=64, description="证书编号")


class LookupInvalid(DomainError):
    status = 422


class TooManyLookups(DomainError):
    status = 429


class LookupRate:
    """At most `limit` lookups per caller in any 60 s (in memory, one central process; bounded table)."""

    def __init__(self, limit: int = PER_MINUTE, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.clock = limit, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, who: str) -> None:
        now = self.clock()
        with self._lock:
            times = self._seen.pop(who, deque())
            while times and now - times[0] >= 60:
                times.popleft()
            self._seen[who] = times
            if len(self._seen) > 10_000:
                self._seen.popitem(last=False)
            if len(times) >= self.limit:
                wait = int(60 - (now - times[0])) + 1
                raise TooManyLookups(
                    "LOOKUP_RATE",
                    f"向中心查询过于频繁（每分钟最多 {self.limit} 次）",
                    fix=f"请 {wait} 秒后再提取；批量核对请使用中心库的导出功能。",
                )
            times.append(now)


def _checked(req: LookupRequest) -> tuple[str | None, str | None]:
    given = [v for v in (req.id_number, req.certificate_number) if v and v.strip()]
    if len(given) != 1:
        raise LookupInvalid(
            "LOOKUP_ONE_KEY",
            "向中心提取须给出身份证号码或证书编号之一",
            field="id_number",
            fix="请只填写身份证号码，或只填写证书编号。",
        )
    if req.id_number and req.id_number.strip():
        try:
            return parse_resident_id(req.id_number).number, None
        except DomainError as err:
            raise LookupInvalid(err.code, err.message, field="id_number", fix=err.fix) from err
    number = normalise_certificate_text(req.certificate_number or "")
    if not 6 <= len(number) <= 40:
        raise LookupInvalid(
            "LOOKUP_CERT_INVALID",
            "证书编号长度不正确",
            field="certificate_number",
            fix="请核对证书编号（注意括号为全角“（）”）。",
        )
    return None, number


def person_rows(s: Session, id_number: str) -> dict[str, Any]:
    """Everything the registry holds under this ID number (and the person's old number)."""
    person = s.execute(
        select(Person).where(or_(Person.id_number == id_number, Person.old_id_number == id_number))
    ).scalar_one_or_none()
    ids = {id_number}
    if person is not None:
        ids.add(person.id_number)
        if person.old_id_number:
            ids.add(person.old_id_number)
    certs = s.execute(select(Certificate).where(Certificate.holder_id_number.in_(ids))).scalars().all()
    codes = {c.company_code for c in certs if c.company_code}
    companies = (
        s.execute(select(Company).where(or_(Company.uscc.in_(codes), Company.org_code.in_(codes))))
        .scalars()
        .all()
        if codes
        else []
    )

    def rows(model: Any, kind: str) -> list[dict[str, Any]]:
        found = s.execute(select(model).where(model.id_number.in_(ids))).scalars().all()
        return [records.as_json(kind, r) for r in found]

    return {
        "id_number": person.id_number if person is not None else id_number,
        "person": records.as_json("person", person) if person is not None else None,
        "certificates": [certificate_snapshot(c) for c in certs],
        "scores": rows(Score, "score"),
        "constructors": rows(ConstructorRegistration, "constructor"),
        "blacklist": rows(BlacklistEntry, "blacklist"),
        "companies": [records.as_json("company", c) for c in companies],
    }


def router(store: Store, anyone: Callable[..., Principal], rate: LookupRate | None = None) -> APIRouter:
    r = APIRouter(tags=["registry"])
    limiter = rate or LookupRate()

    @r.post("/registry/lookup")
    def lookup(req: LookupRequest, p: Principal = Depends(anyone)) -> dict[str, Any]:
        """提取 for a person outside the counter's replica: by ID number or certificate number."""
        id_number, cert_number = _checked(req)
        limiter.check(p.workstation or p.username)
        with store.write() as s:
            if cert_number is not None:
                holder = s.execute(
                    select(Certificate.holder_id_number).where(Certificate.number == cert_number)
                ).scalar()
                id_number = holder
            answer = person_rows(s, id_number) if id_number else None
            found = answer is not None and (answer["person"] is not None or bool(answer["certificates"]))
            journal = Journal()
            journal.audit(
                p.username,
                "registry.lookup",
                "person",
                id_number or str(cert_number),
                {"workstation": p.workstation, "certificate_number": cert_number, "found": found},
            )
            journal.flush(s, utcnow())
        return {"found": found, **(answer or {"id_number": None})}

    return r
