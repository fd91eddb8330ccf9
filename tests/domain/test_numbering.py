from __future__ import annotations

import random
import re
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum.iso7064 import mod_37_36

from app.domain.errors import DomainError
from app.domain.identifiers import make_uscc
from app.domain.numbering import (
    ECERT_ROOT,
    ECERT_TYPE_CODES,
    SAFETY_CATEGORIES,
    SAFETY_MANAGEMENT_FORMAT,
    SKILLED_WORKER_FORMAT,
    SPECIAL_OPERATIONS_FORMAT,
    TRADE_CODES,
    NumberFormat,
    ecert_check_char,
    ecert_identifier,
    parse_ecert_identifier,
    trade_name,
)

HAN = re.compile(r"[\u4e00-\u9fff]")
ISSUER = make_uscc(random.Random(2026), region="410000")
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def assert_refused(error: pytest.ExceptionInfo[DomainError], code: str, field: str) -> DomainError:
    exc = error.value
    assert exc.code == code
    assert exc.field == field
    assert HAN.search(exc.message), exc.message
    assert exc.fix
    assert HAN.search(exc.fix)
    return exc


# ---------------------------------------------------------------- trade codes


def test_trade_codes_are_the_eleven_trades_and_other() -> None:
    assert list(TRADE_CODES) == [f"{n:02d}" for n in range(1, 12)] + ["99"]
    assert TRADE_CODES["01"] == "建筑电工"
    assert TRADE_CODES["05"] == "建筑起重机械司机（塔式起重机）"
    assert TRADE_CODES["11"] == "高处作业吊篮安装拆卸工"


def test_trade_name() -> None:
    assert trade_name("04") == "建筑起重司索信号工"
    assert (
        trade_name("99", "桩机操作工") == "经省级以上住房和城乡建设主管部门认定的其他工种类别（桩机操作工）"
    )


@pytest.mark.parametrize(
    ("code", "other", "error_code"), [("12", None, "TRADE_CODE_UNKNOWN"), ("99", " ", "TRADE_OTHER_MISSING")]
)
def test_trade_name_errors(code: str, other: str | None, error_code: str) -> None:
    with pytest.raises(DomainError) as error:
        trade_name(code, other)
    assert_refused(error, error_code, "trade")


# ---------------------------------------------------------------- certificate number formats


def test_default_formats_format_and_parse() -> None:
    assert SAFETY_MANAGEMENT_FORMAT.format(category="C2", year=2026, serial=123) == "豫建安C2（2026）0000123"
    assert SAFETY_MANAGEMENT_FORMAT.parse("豫建安C2（2026）0000123") == {
        "category": "C2",
        "year": 2026,
        "serial": 123,
    }
    assert SPECIAL_OPERATIONS_FORMAT.format(city="A", trade="01", year=2026, serial=1) == "豫A012026000001"
    assert SPECIAL_OPERATIONS_FORMAT.parse("豫A012026000001") == {
        "city": "A",
        "trade": "01",
        "year": 2026,
        "serial": 1,
    }
    assert SKILLED_WORKER_FORMAT.format(year=2025, serial=42) == "豫建技202500000042"
    assert SKILLED_WORKER_FORMAT.parse("豫建技202500000042") == {"year": 2025, "serial": 42}


def test_examples() -> None:
    assert SAFETY_MANAGEMENT_FORMAT.example(2026) == "豫建安A（2026）0000001"
    assert SPECIAL_OPERATIONS_FORMAT.example(2026) == "豫A012026000001"
    assert SKILLED_WORKER_FORMAT.example(2026) == "豫建技202600000001"
    assert SAFETY_MANAGEMENT_FORMAT.example() == f"豫建安A（{date.today().year}）0000001"


@pytest.mark.parametrize(
    "typed",
    [
        "豫建安C1(2026)0000007",
        "豫建安c1（2026）0000007",
        " 豫建安 C1 ( 2026 ) 000 0007 ",
        "豫建安Ｃ１（２０２６）０００００07",
    ],
)
def test_clerk_typing_is_normalised(typed: str) -> None:
    assert SAFETY_MANAGEMENT_FORMAT.normalise(typed) == "豫建安C1（2026）0000007"
    assert SAFETY_MANAGEMENT_FORMAT.parse(typed) == {"category": "C1", "year": 2026, "serial": 7}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "豫建安D（2026）0000001",  # no category D
        "豫建安C（2016）0000001",  # unclassified C is not a Henan category
        "豫建安A（2026）000001",  # serial one digit short
        "豫建安A（2026）00000001",
        "冀建安A（2026）0000001",
        "豫建安A【2026】0000001",
    ],
)
def test_safety_number_format_errors_show_an_example(text: str) -> None:
    with pytest.raises(DomainError) as error:
        SAFETY_MANAGEMENT_FORMAT.parse(text)
    exc = assert_refused(error, "CERT_NUMBER_FORMAT", "certificate_number")
    assert exc.message == f"证书编号格式不正确，应形如“豫建安A（{date.today().year}）0000001”"


@pytest.mark.parametrize(
    "text", ["豫A122026000001", "豫A002026000001", "豫a1202600001", "豫AA012026000001", "豫A0120260000011"]
)
def test_special_operations_format_errors(text: str) -> None:
    with pytest.raises(DomainError) as error:
        SPECIAL_OPERATIONS_FORMAT.parse(text)
    assert_refused(error, "CERT_NUMBER_FORMAT", "certificate_number")
    assert not SPECIAL_OPERATIONS_FORMAT.is_valid(text)


def test_special_operations_other_trade_is_accepted() -> None:
    assert SPECIAL_OPERATIONS_FORMAT.parse("豫Q992026000010")["trade"] == "99"


@pytest.mark.parametrize(("parts", "label"), [({"category": "D"}, "类别"), ({"year": 26}, "年份")])
def test_format_refuses_parts_outside_the_rules(parts: dict[str, str | int], label: str) -> None:
    values: dict[str, str | int] = {"category": "A", "year": 2026, "serial": 1, **parts}
    with pytest.raises(DomainError) as error:
        SAFETY_MANAGEMENT_FORMAT.format(**values)
    exc = assert_refused(error, "CERT_NUMBER_PART", "certificate_number")
    assert label in exc.message


def test_format_refuses_a_serial_that_does_not_fit() -> None:
    assert SAFETY_MANAGEMENT_FORMAT.format(category="B", year=2026, serial=9_999_999).endswith("9999999")
    with pytest.raises(DomainError) as error:
        SAFETY_MANAGEMENT_FORMAT.format(category="B", year=2026, serial=10_000_000)
    exc = assert_refused(error, "CERT_SERIAL_OVERFLOW", "certificate_number")
    assert "7位" in exc.message


def test_format_missing_part_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="category"):
        SAFETY_MANAGEMENT_FORMAT.format(year=2026, serial=1)


def test_format_ignores_extra_parts() -> None:
    assert SKILLED_WORKER_FORMAT.format(year=2026, serial=3, category="A") == "豫建技202600000003"


@pytest.mark.parametrize(
    "pattern",
    ["豫{serial}", "豫{serial:7d}", "豫{grade}{serial:06d}", "豫{year:04d}{serial:06d}", "{year}{year}"],
)
def test_bad_patterns_fail_when_loaded(pattern: str) -> None:
    with pytest.raises(ValueError, match="pattern"):
        NumberFormat(pattern)


def test_configured_pattern_with_half_width_parentheses_round_trips() -> None:
    fmt = NumberFormat("豫建安{category}({year}){serial:05d}")
    number = fmt.format(category="A", year=2024, serial=9)
    assert number == "豫建安A(2024)00009"
    assert fmt.parse(number) == {"category": "A", "year": 2024, "serial": 9}
    assert fmt.parse("豫建安A（2024）00009") == {"category": "A", "year": 2024, "serial": 9}
    assert fmt.fields == ("category", "year", "serial")


@given(
    category=st.sampled_from(SAFETY_CATEGORIES),
    year=st.integers(1900, 2099),
    serial=st.integers(0, 9_999_999),
)
def test_safety_numbers_round_trip(category: str, year: int, serial: int) -> None:
    number = SAFETY_MANAGEMENT_FORMAT.format(category=category, year=year, serial=serial)
    assert SAFETY_MANAGEMENT_FORMAT.parse(number) == {"category": category, "year": year, "serial": serial}
    assert SAFETY_MANAGEMENT_FORMAT.parse(number.replace("（", "(").replace("）", ")").lower()) == {
        "category": category,
        "year": year,
        "serial": serial,
    }


@given(
    city=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    trade=st.sampled_from(sorted(TRADE_CODES)),
    year=st.integers(1900, 2099),
    serial=st.integers(0, 999_999),
)
def test_special_operations_numbers_round_trip(city: str, trade: str, year: int, serial: int) -> None:
    number = SPECIAL_OPERATIONS_FORMAT.format(city=city, trade=trade, year=year, serial=serial)
    assert len(number) == 14
    assert SPECIAL_OPERATIONS_FORMAT.parse(number) == {
        "city": city,
        "trade": trade,
        "year": year,
        "serial": serial,
    }


@given(year=st.integers(1900, 2099), serial=st.integers(0, 99_999_999))
def test_skilled_worker_numbers_round_trip(year: int, serial: int) -> None:
    number = SKILLED_WORKER_FORMAT.format(year=year, serial=serial)
    assert SKILLED_WORKER_FORMAT.parse(number) == {"year": year, "serial": serial}


# ---------------------------------------------------------------- national e-certificate identifier


def test_ecert_identifier_shape_and_check_agrees_with_stdnum() -> None:
    identifier = ecert_identifier(ECERT_TYPE_CODES["安管"], ISSUER, "410000202600001", 1)
    body = f"11100000000013338W011.{ISSUER}.410000202600001.001"
    assert identifier.startswith(ECERT_ROOT + body + ".")
    check = identifier[-1]
    assert check == mod_37_36.calc_check_digit(body.replace(".", ""))
    assert mod_37_36.is_valid(body.replace(".", "") + check)
    assert parse_ecert_identifier(identifier) == {
        "type_code": "11100000000013338W011",
        "issuer_uscc": ISSUER,
        "serial": "410000202600001",
        "version": 1,
        "check": check,
    }


def test_ecert_check_char_matches_stdnum_documented_example() -> None:
    # python-stdnum documents calc_check_digit('A12425GABC1234002') == 'M'.
    assert ecert_check_char("A12425GABC1234002") == "M"


def test_ecert_lower_case_and_chinese_full_stops_are_accepted() -> None:
    identifier = ecert_identifier(ECERT_TYPE_CODES["特种作业"], ISSUER, "A0001", 12)
    assert identifier.split(".")[-2] == "012"
    typed = " " + identifier.lower().replace(".", "。") + " "
    assert parse_ecert_identifier(typed)["version"] == 12
    assert ecert_identifier(ECERT_TYPE_CODES["特种作业"].lower(), ISSUER.lower(), "a0001", 12) == identifier


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "开头"),
        ("1.2.156.3005.3.11100000000013338W011.X.1.001.A", "开头"),
        (f"{ECERT_ROOT}11100000000013338W011.{ISSUER}.1.001", "5段"),
        (f"{ECERT_ROOT}11100000000013338W011.{ISSUER}.4100.00.1.001.A", "5段"),
        (f"{ECERT_ROOT}11100000000013338W011.91110000600037341M.1.001.A", "颁发机构"),
        (f"{ECERT_ROOT}11100000000013338W011.{ISSUER}.41_00.001.A", "流水号"),
        (f"{ECERT_ROOT}11100000000013338W-11.{ISSUER}.4100.001.A", "类型代码"),
        (f"{ECERT_ROOT}11100000000013338W011.{ISSUER}.4100.01.A", "版本号"),
        (f"{ECERT_ROOT}11100000000013338W011.{ISSUER}.4100.001.AB", "校验位"),
    ],
)
def test_ecert_format_errors(text: str, words: str) -> None:
    with pytest.raises(DomainError) as error:
        parse_ecert_identifier(text)
    exc = assert_refused(error, "ECERT_FORMAT", "ecert_id")
    assert words in exc.message


def test_ecert_checksum_error() -> None:
    identifier = ecert_identifier(ECERT_TYPE_CODES["安管"], ISSUER, "410000202600001", 1)
    wrong = identifier[:-1] + ("0" if identifier[-1] != "0" else "1")
    with pytest.raises(DomainError) as error:
        parse_ecert_identifier(wrong)
    exc = assert_refused(error, "ECERT_CHECKSUM", "ecert_id")
    assert "最后一位" in exc.message


@pytest.mark.parametrize(("serial", "version"), [("", 1), ("41.00", 1), ("4100", 1000), ("4100", -1)])
def test_ecert_identifier_refuses_bad_parts(serial: str, version: int) -> None:
    with pytest.raises(DomainError) as error:
        ecert_identifier(ECERT_TYPE_CODES["安管"], ISSUER, serial, version)
    assert_refused(error, "ECERT_FORMAT", "ecert_id")


ecert_parts = st.tuples(
    st.sampled_from(sorted(ECERT_TYPE_CODES.values())),
    st.randoms(use_true_random=False).map(lambda rng: make_uscc(rng, region="410000")),
    st.text(alphabet=ALNUM, min_size=1, max_size=24),
    st.integers(0, 999),
)


@given(parts=ecert_parts)
def test_ecert_identifiers_round_trip(parts: tuple[str, str, str, int]) -> None:
    type_code, issuer, serial, version = parts
    identifier = ecert_identifier(type_code, issuer, serial, version)
    parsed = parse_ecert_identifier(identifier)
    assert (parsed["type_code"], parsed["issuer_uscc"], parsed["serial"], parsed["version"]) == parts
    assert mod_37_36.is_valid(identifier[len(ECERT_ROOT) :].replace(".", ""))


@given(parts=ecert_parts, data=st.data())
def test_ecert_single_changed_character_is_detected(
    parts: tuple[str, str, str, int], data: st.DataObject
) -> None:
    identifier = ecert_identifier(*parts)
    positions = [i for i in range(len(ECERT_ROOT), len(identifier)) if identifier[i] != "."]
    position = data.draw(st.sampled_from(positions))
    new = data.draw(st.sampled_from(ALNUM))
    assume(identifier[position] != new)
    changed = identifier[:position] + new + identifier[position + 1 :]
    with pytest.raises(DomainError) as error:
        parse_ecert_identifier(changed)
    assert error.value.code in {"ECERT_CHECKSUM", "ECERT_FORMAT"}
