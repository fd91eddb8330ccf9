"""Certificate numbers (证书编号) built from configured patterns, and national e-certificate identifiers."""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.iso7064 import mod_37_36

from app.domain.errors import DomainError
from app.domain.identifiers import is_valid_uscc

# Special-operations trades (工种) and their two-digit codes, DOMAIN.md §1.
TRADE_CODES: dict[str, str] = {
    "01": "建筑电工",
    "02": "建筑架子工（普通脚手架）",
    "03": "建筑架子工（附着升降脚手架）",
    "04": "建筑起重司索信号工",
    "05": "建筑起重机械司机（塔式起重机）",
    "06": "建筑起重机械司机（施工升降机）",
    "07": "建筑起重机械司机（物料提升机）",
    "08": "建筑起重机械安装拆卸工（塔式起重机）",
    "09": "建筑起重机械安装拆卸工（施工升降机）",
    "10": "建筑起重机械安装拆卸工（物料提升机）",
    "11": "高处作业吊篮安装拆卸工",
    "99": "经省级以上住房和城乡建设主管部门认定的其他工种类别",
}
OTHER_TRADE_CODE = "99"


def trade_name(code: str, other: str | None = None) -> str:
    """The trade's printed name; code 99 carries the recognised trade in parentheses (其他工种类别（XXX）)."""
    if code not in TRADE_CODES:
        raise DomainError(
            "TRADE_CODE_UNKNOWN",
            f"特种作业工种代码“{code}”不存在",
            field="trade",
            fix="请从工种列表中选择；列表外的工种选“99 其他”并填写认定的工种名称",
        )
    if code != OTHER_TRADE_CODE:
        return TRADE_CODES[code]
    if not other or not other.strip():
        raise DomainError(
            "TRADE_OTHER_MISSING",
            "工种代码为99（其他）时须填写经认定的工种名称",
            field="trade",
            fix="请按省级以上住房和城乡建设主管部门的认定文件填写工种名称",
        )
    return f"{TRADE_CODES[code]}（{other.strip()}）"


SAFETY_CATEGORIES = ("A", "B", "C1", "C2", "C3")

_CERT_FIELD = "certificate_number"
# What each pattern field may hold once normalised; the serial's width comes from its format spec.
_FIELD_RULES: dict[str, str] = {
    "category": "|".join(SAFETY_CATEGORIES),
    "trade": "|".join(TRADE_CODES),
    "city": "[A-Z]",
    "year": "(?:19|20)[0-9]{2}",
}
_FIELD_LABELS = {
    "category": "类别",
    "trade": "工种代码",
    "city": "地市代码",
    "year": "年份",
    "serial": "流水号",
}
_INT_FIELDS = frozenset({"year", "serial"})
_EXAMPLE_PARTS: dict[str, str | int] = {"category": "A", "trade": "01", "city": "A", "serial": 1}
# Zero padding is required: space padding would not survive the space-stripping in `normalise`.
_SERIAL_SPEC = re.compile(r"0([1-9][0-9]?)d")

# Folding full-width letters and digits (a Chinese input method left in full-width mode) keeps the
# ideographic parentheses, which NFKC would turn half-width.
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）"})


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if folded.isascii() and folded.isalnum() else char


def normalise_certificate_text(text: str) -> str:
    """Strip spaces, fold full-width letters and digits, upper-case, and use full-width parentheses."""
    return "".join("".join(_fold(c) for c in text).split()).upper().translate(_HALF_TO_FULL)


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str]
    fields: tuple[str, ...]
    serial_width: int | None


@lru_cache(maxsize=64)
def _compile(pattern: str) -> _Compiled:
    regex = ""
    fields: list[str] = []
    serial_width: int | None = None
    for literal, name, spec, conversion in string.Formatter().parse(pattern):
        regex += re.escape(normalise_certificate_text(literal))
        if name is None:
            continue
        if conversion or name in fields:
            raise ValueError(f"pattern {pattern!r}: field {name!r} repeated or converted")
        if name == "serial":
            match = _SERIAL_SPEC.fullmatch(spec or "")
            if match is None:
                raise ValueError(f"pattern {pattern!r}: serial needs a width such as {{serial:07d}}")
            serial_width = int(match.group(1))
            rule = f"[0-9]{{{serial_width}}}"
        elif name in _FIELD_RULES and not spec:
            rule = _FIELD_RULES[name]
        else:
            raise ValueError(f"pattern {pattern!r}: unknown field or format spec {name!r}:{spec!r}")
        fields.append(name)
        regex += f"(?P<{name}>{rule})"
    return _Compiled(re.compile(regex), tuple(fields), serial_width)


@dataclass(frozen=True)
class NumberFormat:
    """A certificate-number pattern from configuration, e.g. ``豫建安{category}（{year}）{serial:07d}``.

    Fields: {category} (A, B, C1, C2, C3), {trade} (two-digit trade code), {city} (one capital letter),
    {year} (four digits), {serial:0Nd} (N-digit serial); everything else is literal text.
    """

    pattern: str

    def __post_init__(self) -> None:
        _compile(self.pattern)  # a bad pattern in the configuration fails at load time, not at the counter

    @property
    def fields(self) -> tuple[str, ...]:
        return _compile(self.pattern).fields

    def format(self, **parts: str | int) -> str:
        """The certificate number for these parts; parts the pattern does not use are ignored."""
        compiled = _compile(self.pattern)
        values: dict[str, str | int] = {}
        for name in compiled.fields:
            if name not in parts:
                raise ValueError(f"pattern {self.pattern!r} needs the part {name!r}")
            value = parts[name]
            if name == "serial":
                values[name] = self._checked_serial(value, compiled.serial_width or 0)
                continue
            text = normalise_certificate_text(str(value))
            if not re.fullmatch(f"(?:{_FIELD_RULES[name]})", text):
                raise DomainError(
                    "CERT_NUMBER_PART",
                    f"证书编号的{_FIELD_LABELS[name]}“{value}”不符合编号规则",
                    field=_CERT_FIELD,
                    fix="请核对证书类别、工种或地市等信息后重试",
                )
            values[name] = text
        return self.pattern.format(**values)

    @staticmethod
    def _checked_serial(value: str | int, width: int) -> int:
        serial = int(value)
        if serial < 0:
            raise ValueError(f"serial must not be negative, got {serial}")
        if len(str(serial)) > width:
            raise DomainError(
                "CERT_SERIAL_OVERFLOW",
                f"证书流水号{serial}超过了编号规则允许的{width}位",
                field=_CERT_FIELD,
                fix="请联系系统管理员调整该类证书的编号规则",
            )
        return serial

    def parse(self, text: str) -> dict[str, str | int]:
        """Split a typed certificate number into its parts; year and serial come back as integers."""
        compiled = _compile(self.pattern)
        match = compiled.regex.fullmatch(self.normalise(text))
        if match is None:
            raise DomainError(
                "CERT_NUMBER_FORMAT",
                f"证书编号格式不正确，应形如“{self.example()}”",
                field=_CERT_FIELD,
                fix="请对照证书原件逐位核对编号，括号用中文或英文输入均可",
            )
        return {
            name: int(value) if name in _INT_FIELDS else value for name, value in match.groupdict().items()
        }

    def normalise(self, text: str) -> str:
        return normalise_certificate_text(text)

    def is_valid(self, text: str) -> bool:
        try:
            self.parse(text)
        except DomainError:
            return False
        return True

    def example(self, year: int | None = None) -> str:
        """A well-formed number to show in messages and placeholders."""
        return self.format(**_EXAMPLE_PARTS, year=year or date.today().year)


# Defaults until the catalogue supplies its own patterns.
SAFETY_MANAGEMENT_FORMAT = NumberFormat("豫建安{category}（{year}）{serial:07d}")
SPECIAL_OPERATIONS_FORMAT = NumberFormat("豫{city}{trade}{year}{serial:06d}")
SKILLED_WORKER_FORMAT = NumberFormat("豫建技{year}{serial:08d}")


# ---------------------------------------------------------------- national e-certificate identifier (电子证照标识)

ECERT_ROOT = "1.2.156.3005.2."
ECERT_TYPE_CODES: dict[str, str] = {
    "安管": "11100000000013338W011",
    "特种作业": "11100000000013338W032",
}
_ECERT_FIELD = "ecert_id"
_ECERT_FIX = "请对照电子证照或外省证书上的证照标识逐位核对"
_ALNUM = re.compile(r"[0-9A-Z]+")


def serial_key(family: str, category: str, city: str) -> str:
    """The part of a number within which serials run: 安管 per category, 特种作业 per city and trade, 技能 per year."""
    if family == "AG":
        return category
    if family == "TZ":
        return f"{city}{category}"
    return ""


def number_serial_key(family: str, parts: dict[str, str | int]) -> str:
    """The serial key of a parsed certificate number (NumberFormat.parse)."""
    category = str(parts.get("category") or parts.get("trade") or "")
    return serial_key(family, category, str(parts.get("city") or ""))


def _ecert_error(code: str, message: str) -> DomainError:
    return DomainError(code, message, field=_ECERT_FIELD, fix=_ECERT_FIX)


def ecert_check_char(body: str) -> str:
    """ISO 7064 MOD 37,36 over the identifier after the root, dots removed (upper-case 0-9A-Z only)."""
    return mod_37_36.calc_check_digit(body.replace(".", ""))


def _checked_parts(type_code: str, issuer_uscc: str, serial: str) -> None:
    if not _ALNUM.fullmatch(type_code):
        raise _ecert_error("ECERT_FORMAT", "电子证照标识中的证照类型代码只能由数字和大写字母组成")
    if not is_valid_uscc(issuer_uscc):
        raise _ecert_error("ECERT_FORMAT", "电子证照标识中的颁发机构统一社会信用代码不正确")
    if not _ALNUM.fullmatch(serial):
        raise _ecert_error("ECERT_FORMAT", "电子证照标识中的流水号只能由数字和大写字母组成")


def ecert_identifier(type_code: str, issuer_uscc: str, serial: str, version: int) -> str:
    """``1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<3-digit version>.<check>``."""
    type_code, issuer_uscc, serial = type_code.upper(), issuer_uscc.upper(), serial.upper()
    _checked_parts(type_code, issuer_uscc, serial)
    if not 0 <= version <= 999:
        raise _ecert_error("ECERT_FORMAT", f"电子证照版本号应在000至999之间，现在是{version}")
    body = f"{type_code}.{issuer_uscc}.{serial}.{version:03d}"
    return f"{ECERT_ROOT}{body}.{ecert_check_char(body)}"


def ecert_serial(certificate_number: str) -> str:
    """The identifier's serial (流水号) for a certificate number: its letters and digits, in order.

    Every field of a number pattern is fixed-width (trade, city, year, serial) or taken from a prefix-free set
    (category A, B, C1, C2, C3), so within one pattern two different numbers always keep different letters and
    digits: the category of 豫建安A/B（2026）0000001 and the city of 豫A/B012026000001 stay in the serial, and
    the identifier is unique by construction (the certificate number is unique; the type code separates the
    families)."""
    serial = "".join(c for c in normalise_certificate_text(certificate_number) if c.isascii() and c.isalnum())
    if not serial:
        raise _ecert_error(
            "ECERT_FORMAT", f"证书编号“{certificate_number}”中没有可作电子证照流水号的字母或数字"
        )
    return serial


def certificate_ecert_id(type_code: str, issuer_uscc: str, certificate_number: str, version: int) -> str:
    """The national e-certificate identifier of one version of a certificate; counters and the central store
    derive it the same way."""
    if not is_valid_uscc(issuer_uscc.upper()):
        raise DomainError(
            "ISSUER_USCC_MISSING",
            "发证机关的统一社会信用代码未设置或不正确，无法生成电子证照标识",
            field="issuer_uscc",
            fix="请管理员在 系统管理 → 工作站设置 中填写发证机关的18位统一社会信用代码后重试。",
        )
    return ecert_identifier(type_code, issuer_uscc, ecert_serial(certificate_number), version)


def parse_ecert_identifier(text: str) -> dict[str, str | int]:
    """Check a national e-certificate identifier and split it; `version` comes back as an integer."""
    # Chinese input methods type the ideographic full stop for "."; NFKC folds full-width letters and dots.
    cleaned = "".join(unicodedata.normalize("NFKC", text.replace("。", ".")).split()).upper()
    if not cleaned.startswith(ECERT_ROOT):
        raise _ecert_error("ECERT_FORMAT", f"电子证照标识应以“{ECERT_ROOT}”开头")
    parts = cleaned[len(ECERT_ROOT) :].split(".")
    if len(parts) != 5:
        raise _ecert_error(
            "ECERT_FORMAT",
            f"电子证照标识在“{ECERT_ROOT}”之后应有证照类型代码、颁发机构代码、流水号、版本号、校验位共5段，"
            f"现在是{len(parts)}段",
        )
    type_code, issuer_uscc, serial, version, check = parts
    _checked_parts(type_code, issuer_uscc, serial)
    if not re.fullmatch(r"[0-9]{3}", version):
        raise _ecert_error("ECERT_FORMAT", "电子证照标识中的版本号应为3位数字")
    if not re.fullmatch(r"[0-9A-Z]", check):
        raise _ecert_error("ECERT_FORMAT", "电子证照标识的校验位应为1位数字或大写字母")
    if check != ecert_check_char(f"{type_code}{issuer_uscc}{serial}{version}"):
        raise _ecert_error(
            "ECERT_CHECKSUM", "电子证照标识最后一位（校验位）与前面的内容不符，通常是其中某一位输错了"
        )
    return {
        "type_code": type_code,
        "issuer_uscc": issuer_uscc,
        "serial": serial,
        "version": int(version),
        "check": check,
    }
