"""Extract (提取): everything the form and the rules need about one person, read in one short transaction.

Hot path: it runs on every ID-number scan. It uses SQLAlchemy Core on indexed columns (no ORM identity map, no
eager loading), which the benchmark holds to at most 4x the same lookups in raw sqlite3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, bindparam, select

from app.core.replica_scope import city_of_id_number, parse_cities
from app.domain.catalogue import Catalogue
from app.domain.errors import DomainError
from app.domain.facts import (
    BlacklistFacts,
    CertificateFacts,
    CompanyFacts,
    ConstructorFacts,
    PersonFacts,
    RuleContext,
    ScoreFacts,
)
from app.domain.identifiers import org_code_of_uscc, parse_resident_id, upgrade_resident_id
from app.domain.numbering import normalise_certificate_text
from app.domain.workflow import OPEN_STATUSES
from app.models import (
    Application,
    BlacklistEntry,
    Certificate,
    Company,
    CompanyQualification,
    ConstructorRegistration,
    Person,
    Score,
    Setting,
)
from app.services.context import ServiceContext

_persons = cast(Table, Person.__table__)
_certs = cast(Table, Certificate.__table__)
_scores = cast(Table, Score.__table__)
_companies = cast(Table, Company.__table__)
_quals = cast(Table, CompanyQualification.__table__)
_constructors = cast(Table, ConstructorRegistration.__table__)
_blacklist = cast(Table, BlacklistEntry.__table__)
_apps = cast(Table, Application.__table__)

_Q_HOLDER = select(_certs.c.holder_id_number).where(_certs.c.number == bindparam("number"))


@dataclass
class Extract:
    """What the registry knows about one ID number."""

    id_number: str
    person: PersonFacts | None = None
    certificates: list[CertificateFacts] = field(default_factory=list)
    scores: list[ScoreFacts] = field(default_factory=list)
    company: CompanyFacts | None = None
    constructors: list[ConstructorFacts] = field(default_factory=list)
    constructors_under_old_id: list[ConstructorFacts] = field(default_factory=list)
    blacklist: list[BlacklistFacts] = field(default_factory=list)
    open_applications: list[str] = field(default_factory=list)
    mobile: str | None = None
    education: str | None = None
    # True when the rows came from the central store just now (the person is outside this counter's replica).
    from_centre: bool = False

    def form_values(self, family: str | None = None, certificate_number: str | None = None) -> dict[str, Any]:
        """Suggested form values: what a clerk would otherwise type by hand."""
        out: dict[str, Any] = {"id_number": self.id_number}
        if self.person:
            out.update(name=self.person.name, sex=self.person.sex or "")
            if self.person.birth_date:
                out["birth_date"] = self.person.birth_date.isoformat()
        if self.mobile:
            out["mobile"] = self.mobile
        if self.education:
            out["education"] = self.education
        cert = None
        if certificate_number:
            cert = next((c for c in self.certificates if c.number == certificate_number), None)
        elif family:
            mine = [c for c in self.certificates if c.family == family]
            mine.sort(key=lambda c: (c.status != "01", -(c.valid_to or date.min).toordinal()))
            cert = mine[0] if mine else None
        if cert:
            out["certificate_number"] = cert.number
            out["category"] = cert.category
            out["trade_code"] = cert.category
            out["occupation"] = cert.category
            if cert.company_name:
                out["company_name"] = cert.company_name
                out["old_company_name"] = cert.company_name
            if cert.company_code:
                out["company_code"] = cert.company_code
        elif self.company:
            out["company_name"] = self.company.name
            out["company_code"] = self.company.uscc or self.company.org_code or ""
        if not cert and family:
            # A first application has no certificate yet: the trade (工种) is the one the person passed.
            passed = [s for s in self.scores if s.kind == "exam" and s.family == family and s.passed]
            if passed:
                newest = max(passed, key=lambda s: s.exam_date)
                for name in ("category", "trade_code", "occupation"):
                    out.setdefault(name, newest.category)
        return out


class _Reader:
    """Plain SQL on the DBAPI cursor of a SQLAlchemy connection.

    Extract runs on every ID scan and inside every submit; the benchmark holds it to at most 4x raw sqlite3, and
    SQLAlchemy's per-statement overhead (~60 µs against ~10 µs for the query itself) would not allow that across
    seven lookups. Columns are listed explicitly, so rows are plain tuples in a known order.
    """

    def __init__(self, conn: Connection) -> None:
        dbapi = conn.connection.driver_connection
        assert dbapi is not None, "a checked-out connection always has its DBAPI connection"
        self._dbapi = dbapi
        self._qmark = conn.dialect.paramstyle == "qmark"
        self._cache: dict[str, str] = {}

    def rows(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if not self._qmark:
            sql = self._cache.setdefault(sql, sql.replace("?", "%s"))
        cur = self._dbapi.cursor()
        try:
            cur.execute(sql, params)
            return list(cur.fetchall())
        finally:
            cur.close()


def _in(n: int) -> str:
    return ",".join("?" * n)


def _required_day(value: Any) -> date:
    """A NOT NULL date column (exam date, listing date)."""
    day = _day(value)
    assert day is not None
    return day


def _day(value: Any) -> date | None:
    """SQLite hands dates back as ISO text; PostgreSQL as date objects."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


_OPEN_SQL = ",".join(f"'{s.value}'" for s in OPEN_STATUSES)


def company_facts(conn: Connection, code: str) -> CompanyFacts | None:
    """Find a company by USCC, or by an old organisation code (seed 001, 3-情形2) including the one inside a USCC."""
    return _company(_Reader(conn), code)


def _company(db: _Reader, code: str) -> CompanyFacts | None:
    code = code.strip().upper()
    if not code:
        return None
    sql = (
        "SELECT c.name, c.uscc, c.org_code, q.category FROM companies c"
        " LEFT JOIN company_qualifications q ON q.company_id = c.id WHERE c.{col} = ?"
    )
    by_org = False
    if len(code) == 18:
        rows = db.rows(sql.format(col="uscc"), (code,))
        if not rows:
            try:
                org: str | None = org_code_of_uscc(code)
            except DomainError:
                org = None
            if org:
                rows = db.rows(sql.format(col="org_code"), (org,))
                by_org = bool(rows)
    else:
        org = code if "-" in code else f"{code[:8]}-{code[8:]}"
        rows = db.rows(sql.format(col="org_code"), (org,))
        by_org = bool(rows) and rows[0][1] is not None
    if not rows:
        return None
    name, uscc, org_code, _ = rows[0]
    quals = tuple(r[3] for r in rows if r[3] is not None)
    return CompanyFacts(name, uscc, org_code, quals, found_by_org_code=by_org)


def extract_with(conn: Connection, id_number: str, *, company_code: str | None = None) -> Extract:
    db = _Reader(conn)
    person = mobile = education = None
    found = db.rows(
        "SELECT id_number, name, sex, birth_date, old_id_number, mobile, education, photo_sha256 IS NOT NULL"
        " FROM persons"
        " WHERE id_number = ? OR old_id_number = ? LIMIT 2",
        (id_number, id_number),
    )
    if found:
        row = next((r for r in found if r[0] == id_number), found[0])
        person = PersonFacts(row[0], row[1], row[2], _day(row[3]), row[4], bool(row[7]))
        mobile, education = row[5], row[6]
    ids = {id_number}
    if person:
        ids.add(person.id_number)
        if person.old_id_number:
            ids.add(person.old_id_number)
    result = Extract(
        id_number=person.id_number if person else id_number, person=person, mobile=mobile, education=education
    )
    id_list = tuple(sorted(ids))
    marks = _in(len(id_list))
    for r in db.rows(
        "SELECT number, family, category, holder_id_number, status, valid_to, company_code, company_name, holder_name,"
        f" photo_sha256 IS NOT NULL FROM certificates WHERE holder_id_number IN ({marks})",
        id_list,
    ):
        result.certificates.append(
            CertificateFacts(r[0], r[1], r[2], r[3], r[4], _day(r[5]), r[6], r[7], r[8], bool(r[9]))
        )
    for r in db.rows(
        f"SELECT kind, family, category, passed, exam_date, valid_to FROM scores WHERE id_number IN ({marks})",
        id_list,
    ):
        result.scores.append(ScoreFacts(r[0], r[1], r[2], bool(r[3]), _required_day(r[4]), _day(r[5])))
    # Constructor records may still carry the 15-digit number the person had before (seed 001, 6-情形1).
    constructor_ids = set(id_list)
    if len(id_number) == 18:
        constructor_ids.add(id_number[:6] + id_number[8:17])
    cids = tuple(sorted(constructor_ids))
    for r in db.rows(
        "SELECT id_number, name, company_uscc, valid_to, registration_number FROM constructor_registrations"
        f" WHERE id_number IN ({_in(len(cids))})",
        cids,
    ):
        facts = ConstructorFacts(r[0], r[1], r[2], _day(r[3]), r[4])
        (result.constructors if r[0] == result.id_number else result.constructors_under_old_id).append(facts)
    for r in db.rows(
        f"SELECT reason, listed_on FROM blacklist_entries WHERE id_number IN ({marks}) AND lifted_on IS NULL",
        id_list,
    ):
        result.blacklist.append(BlacklistFacts(r[0], _required_day(r[1])))
    result.open_applications = [
        r[0]
        for r in db.rows(
            f"SELECT number FROM applications WHERE id_number IN ({marks}) AND status IN ({_OPEN_SQL})",
            id_list,
        )
    ]
    code = company_code or next(
        (c.company_code for c in result.certificates if c.company_code and c.status == "01"), None
    )
    if code:
        result.company = _company(db, code)
    return result


def normalise_id(text: str) -> str:
    """An 18-digit ID from what the clerk typed (15-digit numbers upgraded); invalid input passes through as typed."""
    text = text.strip().upper()
    if len(text) == 15 and text.isdigit():
        return upgrade_resident_id(text)
    try:
        return parse_resident_id(text).number
    except DomainError:
        return text


def company_by_code(ctx: ServiceContext, code: str) -> CompanyFacts | None:
    """A company by unified social credit code or (old) organisation code, for filling a form field."""
    with ctx.store.engine.connect() as conn:
        return company_facts(conn, code)


class CentreOffline(Exception):
    """The central store cannot be asked now (no network, not configured, not enrolled); `str()` says why."""


class Centre(Protocol):
    """提取 at the central store (app.sync.central_lookup): the person's registry rows are asked for and kept in
    the local store, so that the form and the rules read them as any other; returns the holder's ID number, or
    None when the central store does not know them either. Raises `CentreOffline`."""

    def fetch(self, *, id_number: str | None = None, certificate_number: str | None = None) -> str | None: ...


def replica_cities(ctx: ServiceContext) -> tuple[str, ...]:
    """The cities of this counter's replica (登记库范围); () is the whole province."""
    with ctx.store.read() as s:
        row = s.get(Setting, "client")
        text = str((row.value or {}).get("replica_cities") or "") if row is not None else ""
    return parse_cities(text)


def outside_replica(ctx: ServiceContext, id_number: str) -> bool:
    cities = replica_cities(ctx)
    return bool(cities) and city_of_id_number(id_number) not in cities


def _offline(what: str, reason: str) -> DomainError:
    return DomainError(
        "EXTRACT_OFFLINE",
        f"本窗口离线，本地登记库没有{what}（不在本窗口的登记库范围内），联网后可向中心查询",
        field="certificate_number" if what.startswith("证书") else "id_number",
        fix=f"请恢复网络后再按“提取”（{reason}）；急办时可手工填写申请人信息，提交后由中心核验。",
    )


def extract(
    ctx: ServiceContext, id_number: str, *, company_code: str | None = None, centre: Centre | None = None
) -> Extract:
    """提取 by ID number. With `centre`, a person outside this counter's replica (登记库范围) is asked for at the
    central store when online (and kept locally); offline, a person the replica cannot hold is named as such."""
    number = normalise_id(id_number)
    with ctx.store.engine.connect() as conn:
        local = extract_with(conn, number, company_code=company_code)
    if centre is None or not outside_replica(ctx, number):
        return local
    try:
        holder = centre.fetch(id_number=number)
    except CentreOffline as err:
        if local.person is not None or local.certificates:
            return local  # kept from an earlier 提取 at the centre: as fresh as that
        raise _offline("此人", str(err)) from err
    with ctx.store.engine.connect() as conn:
        found = extract_with(conn, holder or number, company_code=company_code)
    found.from_centre = True
    return found


def extract_by_certificate(ctx: ServiceContext, number: str, *, centre: Centre | None = None) -> Extract:
    """提取 by certificate number: the holder's extract with that certificate first. With `centre`, a certificate
    the local replica does not hold is asked for at the central store (see `extract`)."""
    number = normalise_certificate_text(number)
    with ctx.store.engine.connect() as conn:
        holder = conn.execute(_Q_HOLDER, {"number": number}).scalar()
        if holder is not None:
            return extract_with(conn, holder)
    from_centre = False
    if centre is not None and replica_cities(ctx):
        try:
            holder = centre.fetch(certificate_number=number)
        except CentreOffline as err:
            raise _offline(f"证书 {number}", str(err)) from err
        from_centre = holder is not None
    if holder is None:
        raise DomainError(
            "CERT_NOT_FOUND",
            f"未找到证书 {number}"
            + ("（已向中心查询）" if centre is not None and replica_cities(ctx) else ""),
            field="certificate_number",
            fix="请核对证书编号（注意括号为全角“（）”）；外省证书请选择“跨省转入”事项。",
        )
    with ctx.store.engine.connect() as conn:
        found = extract_with(conn, holder)
    found.from_centre = from_centre
    return found


def rule_context(
    ctx: ServiceContext,
    item_code: str,
    form: dict[str, Any],
    *,
    conditions: list[int] | None = None,
    materials: dict[str, str] | None = None,
    exclude_application: str | None = None,
    conn: Connection | None = None,
    catalogue: Catalogue | None = None,
) -> RuleContext:
    """Gather the facts for one application and wrap them for the rules.

    Inside a write unit of work pass the session's connection: the facts are then those of the transaction that
    will commit the decision, and no second connection is checked out. A stored application passes the catalogue
    it was taken under; a form being typed is checked against the current one.
    """
    catalogue = catalogue or ctx.catalogue
    item = catalogue.item(item_code)
    company_field = item.company_field
    id_number = normalise_id(str(form.get("id_number") or ""))
    company_code = str(form.get(company_field) or "") or None
    if conn is not None:
        ex = extract_with(conn, id_number, company_code=company_code)
    else:
        with ctx.store.engine.connect() as own:
            ex = extract_with(own, id_number, company_code=company_code)
    if not company_code:
        ex.company = None
    return RuleContext(
        item=item,
        limits=catalogue.limits,
        today=ctx.today(),
        form=form,
        conditions_ticked=frozenset(conditions or ()),
        materials=materials or {},
        person=ex.person,
        company=ex.company,
        certificates=tuple(ex.certificates),
        scores=tuple(ex.scores),
        constructors=tuple(ex.constructors),
        constructors_under_old_id=tuple(ex.constructors_under_old_id),
        blacklist=tuple(ex.blacklist),
        other_open_applications=tuple(n for n in ex.open_applications if n and n != exclude_application),
    )
