"""E-certificate identifiers unique by construction (issue 10, item 7)."""

from __future__ import annotations

import itertools

import pytest

from app.domain.errors import DomainError
from app.domain.numbering import (
    ECERT_TYPE_CODES,
    SAFETY_CATEGORIES,
    SAFETY_MANAGEMENT_FORMAT,
    SKILLED_WORKER_FORMAT,
    SPECIAL_OPERATIONS_FORMAT,
    TRADE_CODES,
    certificate_ecert_id,
    ecert_serial,
    parse_ecert_identifier,
)

ISSUER = "11410000005184240N"


def test_the_reported_collisions_are_gone() -> None:
    ag = ECERT_TYPE_CODES["安管"]
    a = certificate_ecert_id(ag, ISSUER, "豫建安A（2026）0000001", 1)
    b = certificate_ecert_id(ag, ISSUER, "豫建安B（2026）0000001", 1)
    assert a != b
    assert parse_ecert_identifier(a)["serial"] == "A20260000001"
    assert parse_ecert_identifier(b)["serial"] == "B20260000001"
    tz = ECERT_TYPE_CODES["特种作业"]
    assert certificate_ecert_id(tz, ISSUER, "豫A012026000001", 1) != certificate_ecert_id(
        tz, ISSUER, "豫B012026000001", 1
    )


@pytest.mark.parametrize(
    ("fmt", "parts"),
    [
        (
            SAFETY_MANAGEMENT_FORMAT,
            {"category": SAFETY_CATEGORIES, "year": (2025, 2026), "serial": (1, 12, 120)},
        ),
        (
            SPECIAL_OPERATIONS_FORMAT,
            {"city": "ABQ", "trade": tuple(TRADE_CODES), "year": (2025, 2026), "serial": (1, 12, 120)},
        ),
        (SKILLED_WORKER_FORMAT, {"year": (2025, 2026), "serial": (1, 12, 120, 2026001)}),
    ],
)
def test_different_numbers_of_one_format_never_share_a_serial(fmt, parts) -> None:
    names = list(parts)
    numbers = {
        fmt.format(**dict(zip(names, combo, strict=True))) for combo in itertools.product(*parts.values())
    }
    serials = {ecert_serial(n) for n in numbers}
    assert len(serials) == len(numbers)
    for n in numbers:  # typed with spaces, half-width parentheses or full-width digits: the same serial
        assert ecert_serial(n.replace("（", "(").replace("）", ")") + " ") == ecert_serial(n)


def test_versions_differ_and_a_missing_issuer_names_the_setting() -> None:
    ag = ECERT_TYPE_CODES["安管"]
    assert certificate_ecert_id(ag, ISSUER, "豫建安C2（2026）0000001", 1) != certificate_ecert_id(
        ag, ISSUER, "豫建安C2（2026）0000001", 2
    )
    for issuer in ("", "11410000005184240X"):
        with pytest.raises(DomainError) as err:
            certificate_ecert_id(ag, issuer, "豫建安C2（2026）0000001", 1)
        assert err.value.field == "issuer_uscc" and "工作站设置" in (err.value.fix or "")
