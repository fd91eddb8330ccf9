"""Realistic synthetic data (演示数据) with valid check digits, for `counterdesk demo-data` and first start."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from app.domain.identifiers import make_mobile, make_resident_id, make_uscc
from app.domain.numbering import serial_key
from app.models import BlacklistEntry, Certificate, Company, ConstructorRegistration, Person, Score
from app.services import registry
from app.services.context import ServiceContext
from app.services.issuance import add_years
from app.services.numbers import certificate_number

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强文博浩然子涵欣怡梓轩雨泽俊杰晓东红梅海燕春生"
CITIES = [
    "郑州",
    "开封",
    "洛阳",
    "平顶山",
    "安阳",
    "鹤壁",
    "新乡",
    "焦作",
    "濮阳",
    "许昌",
    "漯河",
    "三门峡",
    "南阳",
    "商丘",
    "信阳",
    "周口",
    "驻马店",
]
REGIONS = [
    "410102",
    "410103",
    "410105",
    "410122",
    "410202",
    "410302",
    "410402",
    "410502",
    "410602",
    "410702",
    "410802",
    "411002",
    "411302",
    "411402",
    "411502",
    "411602",
    "411702",
]
COMPANY_SUFFIX = [
    "建设集团有限公司",
    "建筑工程有限公司",
    "建筑劳务有限公司",
    "市政工程有限公司",
    "建工集团有限公司",
    "装饰工程有限公司",
]
QUALS = ["房屋建筑", "市政公用工程", "建筑劳务", "装饰装修"]
TRAINING_BODIES = [
    "河南省建设教育协会培训中心",
    "郑州市建设职业培训学校",
    "洛阳建筑职业技术培训中心",
    "河南建筑职业技术学院培训部",
]


@dataclass(frozen=True)
class DemoSummary:
    persons: int
    companies: int
    certificates: int
    scores: int
    constructors: int
    blacklist: int
    existing: bool = (
        False  # the registry already had data: nothing was generated, the counts are what is there
    )


DEMO_PHOTOS = 6
NO_PHOTO_EVERY = 10  # one demo person in ten has no photo on file, so the counter meets that case too


def _demo_photos(ctx: ServiceContext) -> list[str]:
    """A few drawn head-and-shoulders portraits, stored encrypted like captured photos; their SHA-256s.

    The registry of a real unit carries the photos of certificates issued before; without any, no demo renewal,
    change or reissue could be printed. No data directory (a bare test store): no photos."""
    if ctx.data_dir is None:
        return []
    from PIL import Image, ImageDraw

    from app.capture.photo import make_certificate_photo
    from app.services import materials

    store = materials.store(ctx)
    out = []
    for i in range(DEMO_PHOTOS):
        image = Image.new("RGB", (600, 800), (70 + 25 * i, 120 + 10 * i, 200 - 15 * i))
        draw = ImageDraw.Draw(image)
        draw.ellipse((190, 150, 410, 430), fill=(236 - 8 * i, 200 - 6 * i, 168 - 5 * i))
        draw.rectangle((110, 480, 490, 800), fill=(30 + 12 * i, 34, 60))
        out.append(store.put(make_certificate_photo(image), encrypt=True).sha256)
    return out


def _name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(len(GIVEN))] + (
        GIVEN[rng.randrange(len(GIVEN))] if rng.random() < 0.6 else ""
    )
    return SURNAMES[rng.randrange(len(SURNAMES))] + given


def generate(
    ctx: ServiceContext, *, persons: int = 3000, companies: int = 300, seed: int = 20261123
) -> DemoSummary:
    """Fill the registry: persons, companies with qualifications, certificates of every family and status, scores,
    constructor registrations, blacklist entries. Deterministic for a given seed."""
    rng = random.Random(seed)
    today = ctx.today()
    now = ctx.now()
    cat = ctx.catalogue
    counts = dict(persons=0, companies=0, certificates=0, scores=0, constructors=0, blacklist=0)
    serials: dict[tuple[str, str, int], int] = {}
    existing = _existing(ctx)
    if existing is not None:
        # Demo rows in a registry that already has persons would collide with the earlier run's numbers (the
        # generator is deterministic) or mix made-up people into real data: report what is there instead.
        return existing
    photos = _demo_photos(ctx)

    def number(family: str, category: str, year: int) -> str:
        key = (family, serial_key(family, category, "A"), year)
        serials[key] = (
            serials.get(key, 900000 if family != "AG" else 9000000) - 1
        )  # top of range: never meets new blocks
        return certificate_number(cat.family(family), category, "A", year, serials[key])

    with ctx.store.write() as s:
        company_rows = []
        for i in range(companies):
            uscc = make_uscc(rng, region=rng.choice(REGIONS))
            old_only = i % 25 == 0  # on record under an old organisation code only (seed 001, 3-情形2)
            quals = rng.sample(QUALS, k=rng.randint(1, 2)) if i % 17 else ["装饰装修"]
            name = (
                rng.choice(CITIES)
                + rng.choice(["华", "宏", "中", "建", "豫", "诚", "恒", "兴", "安", "泰"])
                + rng.choice(["达", "盛", "信", "通", "远", "基", "祥", "润"])
                + rng.choice(COMPANY_SUFFIX)
            )
            org = uscc[8:16] + "-" + uscc[16]
            c = registry.upsert_company(
                s, name=name, uscc=None if old_only else uscc, org_code=org, qualifications=quals, now=now
            )
            company_rows.append((c, uscc))
            counts["companies"] += 1
        s.flush()
        for i in range(persons):
            birth = date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28))
            male = rng.random() < 0.8
            idn = make_resident_id(rng, region=rng.choice(REGIONS), birth=birth, male=male)
            name = _name(rng)
            old15 = idn[:6] + idn[8:17] if i % 40 == 0 else None
            registry.upsert_person(
                s,
                id_number=idn,
                name=name,
                now=now,
                sex="男" if male else "女",
                birth_date=birth,
                mobile=make_mobile(rng),
                education=rng.choice(["初中", "高中或中专", "大专", "本科"]),
                old_id_number=old15,
                photo_sha256=photos[i % len(photos)] if photos and i % NO_PHOTO_EVERY != 7 else None,
            )
            counts["persons"] += 1
            company, uscc = rng.choice(company_rows)
            code = company.uscc or uscc
            family = rng.choices(["AG", "TZ", "JN", None], weights=[40, 27, 13, 20])[0]
            if family is None:
                # Waiting to apply: a passed, unexpired exam and no certificate yet (first applications).
                fam2 = rng.choice(["AG", "TZ"])
                cat2 = (
                    rng.choice(["A", "C1", "C2", "C3"])
                    if fam2 == "AG"
                    else rng.choice(["01", "02", "05", "06"])
                )
                registry.add_score(
                    s,
                    now=now,
                    id_number=idn,
                    name=name,
                    kind="exam",
                    family=fam2,
                    category=cat2,
                    score=82.0,
                    passed=True,
                    exam_date=today - timedelta(days=20),
                    valid_to=today + timedelta(days=345),
                    training_body=rng.choice(TRAINING_BODIES),
                )
                counts["scores"] += 1
                continue
            fam = cat.family(family)
            category = rng.choice(
                list(fam.categories if family != "TZ" else [k for k in fam.categories if k != "99"])
            )
            years = fam.validity_years or 5
            # Spread: most valid, some near expiry (renewal window), some expired, a few cancelled.
            start = today - timedelta(days=rng.randint(30, 365 * years + 200))
            valid_to = add_years(start, fam.validity_years) if fam.validity_years else None
            status = "01"
            # Certificates that ran out more than a week ago were already expired by the daily job; the rest wait
            # for today's run of `counterdesk expire-certificates`.
            if valid_to and valid_to < today - timedelta(days=7):
                status = "05"
            elif rng.random() < 0.03:
                status = "04"
            registry.add_certificate(
                s,
                now=now,
                number=number(family, category, start.year),
                family=family,
                category=category,
                grade=rng.choice(["初级工", "中级工", "高级工"]) if family == "JN" else None,
                holder_id_number=idn,
                holder_name=name,
                holder_sex="男" if male else "女",
                holder_birth_date=birth,
                company_code=code,
                company_name=company.name,
                position=rng.choice(["项目经理", "安全员", "总经理", "施工员"]) if family == "AG" else None,
                training_body=rng.choice(TRAINING_BODIES) if family == "JN" else None,
                status=status,
                valid_from=start,
                valid_to=valid_to,
                version=1,
            )
            counts["certificates"] += 1
            if family in ("AG", "TZ"):
                kind = "ce" if status == "01" and valid_to and (valid_to - today).days < 120 else "exam"
                exam_day = today - timedelta(days=rng.randint(5, 300))
                registry.add_score(
                    s,
                    now=now,
                    id_number=idn,
                    name=name,
                    kind=kind,
                    family=family,
                    category=category,
                    score=rng.choice([55.0, 62.5, 71.0, 78.5, 84.0, 91.0]),
                    passed=rng.random() > 0.1,
                    exam_date=exam_day,
                    valid_to=exam_day + timedelta(days=365),
                    training_body=rng.choice(TRAINING_BODIES),
                )
                counts["scores"] += 1
            if family == "AG" and category == "B":
                registry.add_constructor(
                    s,
                    now=now,
                    id_number=old15 or idn,
                    name=name,
                    registration_number=f"豫{rng.randint(141000000, 141999999)}",
                    level=rng.choice(["一级", "二级"]),
                    specialty=rng.choice(["建筑工程", "市政公用工程"]),
                    company_uscc=code,
                    valid_to=today + timedelta(days=rng.randint(-60, 900)),
                )
                counts["constructors"] += 1
            if i % 97 == 0:
                registry.add_blacklist(
                    s,
                    id_number=idn,
                    name=name,
                    reason="因生产安全事故被问责",
                    listed_on=today - timedelta(days=rng.randint(10, 400)),
                    now=now,
                )
                counts["blacklist"] += 1
            if i % 500 == 0:
                s.flush()
    return DemoSummary(**counts, existing=False)


def _existing(ctx: ServiceContext) -> DemoSummary | None:
    """What the registry holds when it is not empty, as a summary marked `existing`; None when it is empty."""
    with ctx.store.read() as s:

        def count(model: type) -> int:
            return int(s.execute(select(func.count()).select_from(model)).scalar() or 0)

        persons = count(Person)
        if not persons:
            return None
        return DemoSummary(
            persons=persons,
            companies=count(Company),
            certificates=count(Certificate),
            scores=count(Score),
            constructors=count(ConstructorRegistration),
            blacklist=count(BlacklistEntry),
            existing=True,
        )


def has_registry(ctx: ServiceContext) -> bool:
    with ctx.store.read() as s:
        return bool(s.execute(select(func.count()).select_from(Person)).scalar())
