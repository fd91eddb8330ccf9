"""Registry set-ups that make each catalogue item eligible, built with the same helpers imports and sync use."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.identifiers import make_mobile, make_resident_id, make_uscc
from app.services import registry
from app.services.context import ServiceContext
from app.services.numbers import certificate_number

NOW = datetime(2026, 11, 23, 10, 0, 0)
TODAY = NOW.date()


def fixed_clock(ctx: ServiceContext, now: datetime = NOW) -> None:
    ctx.clock = lambda: now


@dataclass
class Scenario:
    item_code: str
    form: dict[str, Any]
    id_number: str
    certificate_number: str | None = None
    company_code: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Builder:
    """Adds people, companies, certificates and scores to a store; each call is its own transaction."""

    def __init__(self, ctx: ServiceContext, seed: int = 7) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.serial = 1000

    def company(
        self, quals: tuple[str, ...] = ("房屋建筑",), *, old_code_only: bool = False
    ) -> tuple[str, str]:
        uscc = make_uscc(self.rng)
        name = f"河南测试{self.rng.randrange(10**6):06d}建设有限公司"
        org = uscc[8:16] + "-" + uscc[16]
        with self.ctx.store.write() as s:
            registry.upsert_company(
                s,
                name=name,
                uscc=None if old_code_only else uscc,
                org_code=org,
                qualifications=list(quals),
                now=NOW,
            )
        return uscc, name

    def person(
        self,
        birth: date = date(1986, 5, 17),
        *,
        name: str = "刘建国",
        old_id: bool = False,
        photo_on_file: bool = True,
    ) -> tuple[str, str]:
        """A person in the registry; by default with a photo on file (a certificate can be printed for them)."""
        idn = make_resident_id(self.rng, birth=birth, male=True)
        with self.ctx.store.write() as s:
            registry.upsert_person(
                s,
                id_number=idn,
                name=name,
                now=NOW,
                sex="男",
                birth_date=birth,
                mobile=make_mobile(self.rng),
                education="高中或中专",
                old_id_number=(idn[:6] + idn[8:17]) if old_id else None,
                photo_sha256=hashlib.sha256(f"photo of {idn}".encode()).hexdigest()
                if photo_on_file
                else None,
            )
        return idn, name

    def certificate(
        self,
        family: str,
        category: str,
        idn: str,
        name: str,
        *,
        company: tuple[str, str] | None = None,
        valid_to: date | None = None,
        status: str = "01",
    ) -> str:
        fam = self.ctx.catalogue.family(family)
        self.serial += 1
        number = certificate_number(fam, category, "A", 2024, self.serial)
        valid_to = valid_to if valid_to is not None else TODAY + timedelta(days=400)
        with self.ctx.store.write() as s:
            registry.add_certificate(
                s,
                now=NOW,
                number=number,
                family=family,
                category=category,
                holder_id_number=idn,
                holder_name=name,
                holder_sex="男",
                company_code=company[0] if company else None,
                company_name=company[1] if company else None,
                status=status,
                valid_from=date(2024, 1, 10),
                valid_to=valid_to if fam.validity_years else None,
                version=1,
                grade="中级工" if family == "JN" else None,
            )
        return number

    def score(
        self,
        idn: str,
        name: str,
        kind: str,
        family: str,
        category: str,
        *,
        passed: bool = True,
        valid_to: date | None = None,
    ) -> None:
        with self.ctx.store.write() as s:
            registry.add_score(
                s,
                now=NOW,
                id_number=idn,
                name=name,
                kind=kind,
                family=family,
                category=category,
                score=80.0 if passed else 40.0,
                passed=passed,
                exam_date=TODAY - timedelta(days=30),
                valid_to=valid_to or TODAY + timedelta(days=300),
            )

    def constructor(self, id_number: str, name: str, uscc: str, *, valid_to: date | None = None) -> None:
        with self.ctx.store.write() as s:
            registry.add_constructor(
                s,
                now=NOW,
                id_number=id_number,
                name=name,
                registration_number=f"豫{self.rng.randrange(10**9)}",
                level="二级",
                specialty="建筑工程",
                company_uscc=uscc,
                valid_to=valid_to or TODAY + timedelta(days=500),
            )

    def blacklist(self, idn: str, name: str) -> None:
        with self.ctx.store.write() as s:
            registry.add_blacklist(
                s,
                id_number=idn,
                name=name,
                reason="因生产安全事故被问责",
                listed_on=TODAY - timedelta(days=60),
                now=NOW,
            )

    def scenario(self, item_code: str, *, photo_on_file: bool = True) -> Scenario:
        """A fully eligible applicant for this item, and the form a clerk would submit."""
        item = self.ctx.catalogue.item(item_code)
        fam = item.family.code
        category = {"AG": "C2", "TZ": "01", "JN": "02"}[fam]
        idn, name = self.person(photo_on_file=photo_on_file)
        company = self.company(("房屋建筑", "建筑劳务"))
        form: dict[str, Any] = {"id_number": idn, "name": name, "sex": "男", "mobile": "13838012345"}
        cert = None
        if item.effect in ("new", "transfer_in"):
            form.update(
                birth_date="1986-05-17", company_code=company[0], company_name=company[1], position="安全员"
            )
            if fam == "AG":
                form["category"] = category
            else:
                form["trade_code"] = category
                form.update(education="高中或中专", medical_result="合格")
            if item.effect == "new":
                self.score(idn, name, "exam", fam, category)
            else:
                form.update(
                    origin_province="河北省",
                    origin_certificate_number="冀建安C2（2023）0012345",
                    origin_valid_to="2027-06-30",
                )
        else:
            valid_to = TODAY + timedelta(days=45) if item.effect == "renew" else TODAY + timedelta(days=400)
            cert = self.certificate(
                fam, category, idn, name, company=company if fam != "TZ" else None, valid_to=valid_to
            )
            form["certificate_number"] = cert
            if fam == "AG":
                form.update(category=category, company_code=company[0], company_name=company[1])
            if item.effect == "renew":
                if fam == "AG":
                    self.score(idn, name, "ce", fam, category)
                else:
                    form.update(
                        trade_code=category, medical_result="合格", training_hours="32", violations_2y="0"
                    )
            ct = item.change_type
            if ct == "company_renamed":
                form.update(
                    company_code=company[0],
                    old_company_name=company[1],
                    company_name=company[1].replace("测试", "新名"),
                )
            elif ct == "employer_changed":
                new = self.company(("市政公用工程",))
                form.update(old_company_name=company[1], new_company_code=new[0], new_company_name=new[1])
            elif ct == "personal_changed":
                form.update(new_name="刘建民")
            elif ct == "transfer_out":
                form.update(destination_province="湖北省", company_name=company[1])
            if item.effect == "reissue":
                form.update(reissue_reason="损毁")
            if item.effect == "cancel":
                form.update(cancel_reason="本人申请")
        return Scenario(item_code, form, idn, cert, company[0])


def all_conditions(ctx: ServiceContext, item_code: str) -> list[int]:
    return list(range(len(ctx.catalogue.item(item_code).conditions)))


def all_materials(ctx: ServiceContext, item_code: str) -> dict[str, str]:
    return {m.code: "scanned" for m in ctx.catalogue.item(item_code).materials if not m.electronic}
