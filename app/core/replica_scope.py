"""Which part of the registry a counter keeps offline (登记库范围): the whole province or a list of cities (地市).

A city is named by the first four digits of its administrative division code (GB/T 2260, e.g. 4101 郑州市). A
registry row belongs to the city of the first four digits of the person's ID number (persons, scores, blacklist,
constructor registrations, certificates by their holder) or of the company's registered region (companies:
`region`, else the division code inside the USCC, characters 3 to 6). docs/DESIGN.md ("Replica scope") gives the
reason. Used on both sides: the counter stores and sends the scope, the central store validates it again.
"""

from __future__ import annotations

import re

from app.domain.errors import DomainError

# Two digits of province, two of city; 00 would be the province itself, 90 the province-administered counties.
_CITY = re.compile(r"^[1-8]\d(0[1-9]|[1-8]\d)$")
MAX_CITIES = 30
WHOLE = "province"


class ScopeInvalid(DomainError):
    status = 422


def parse_cities(text: str | None, *, field: str = "cities") -> tuple[str, ...]:
    """ "4101,4103" → ("4101", "4103"); empty → () meaning the whole province. Raises `ScopeInvalid`."""
    parts = [p.strip() for p in re.split(r"[,，、\s]+", text or "") if p.strip()]
    for part in parts:
        if not _CITY.match(part):
            raise ScopeInvalid(
                "SCOPE_CITY_INVALID",
                f"登记库范围中的“{part[:12]}”不是地市代码",
                field=field,
                fix="地市代码为行政区划代码的前4位，例如 4101（郑州市）；多个地市用逗号分隔，留空表示全省。",
            )
    if len(parts) > MAX_CITIES:
        raise ScopeInvalid(
            "SCOPE_TOO_MANY",
            f"登记库范围最多 {MAX_CITIES} 个地市，收到 {len(parts)} 个",
            field=field,
            fix="全省范围请留空，不必逐个列出地市。",
        )
    return tuple(sorted(set(parts)))


def as_text(cities: tuple[str, ...]) -> str:
    return ",".join(cities)


def city_of_id_number(id_number: str | None) -> str | None:
    return id_number[:4] if id_number and len(id_number) >= 4 else None


def city_of_company(region: str | None, uscc: str | None) -> str | None:
    if region and len(region) >= 4:
        return region[:4]
    if uscc and len(uscc) == 18:
        return uscc[2:6]
    return None
