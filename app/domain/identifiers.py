"""Identifiers a clerk types: resident ID, company codes, mobile numbers; masking and test-data generators.

Every parser normalises what clerks actually type (full-width characters from Chinese input methods, spaces,
lower-case x) and raises `DomainError` with a code per failure so the form can highlight the field and say why.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.errors import DomainError

# GB 11643-1999 resident identity number.
_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK = "10X98765432"
_RID_FIELD = "id_number"
_RID_FIX = "请对照身份证原件逐位核对后重新录入"
# Old records are corrected through the registration centre, not at the keyboard (DOMAIN.md §3 rule 11).
RECORD_ID_FIX = (
    "请对照身份证原件逐位核对；旧记录上的身份证号有误的，"
    "须由原聘用企业出具签章说明并携带身份证原件到注册中心核实更正"
)
_EARLIEST_BIRTH = date(1900, 1, 1)

# GB 32100-2015 unified social credit code: no I, O, S, V, Z so they cannot be mistaken for digits.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_COMPANY_FIELD = "company_code"

# GB 11714 organisation code.
_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_MOBILE_RE = re.compile(r"1[3-9]\d{9}")

# Two-character surnames; a four-character name starting with one keeps both characters when masked.
_COMPOUND_SURNAME_PAIRS = (
    "欧阳司马上官诸葛东方皇甫尉迟公孙慕容长孙宇文司徒司空夏侯令狐端木独孤南宫西门轩辕"
    "万俟呼延澹台公冶宗政濮阳淳于单于太叔申屠钟离闻人赫连拓跋百里东郭左丘第五梁丘仲孙"
)
COMPOUND_SURNAMES = frozenset(
    _COMPOUND_SURNAME_PAIRS[i : i + 2] for i in range(0, len(_COMPOUND_SURNAME_PAIRS), 2)
)


def _squeeze(text: str) -> str:
    """Fold full-width characters to ASCII and drop all whitespace, as Chinese input methods leave both."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# ---------------------------------------------------------------- resident ID (居民身份证号码)


@dataclass(frozen=True)
class ResidentId:
    """A checked resident ID (居民身份证号码); `number` is always the 18-character form."""

    number: str
    region: str
    birth_date: date
    sex: str


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    return _RID_CHECK[sum(int(d) * w for d, w in zip(first17, _RID_WEIGHTS, strict=True)) % 11]


def upgrade_resident_id(number15: str) -> str:
    """Turn a 15-digit number (issued before 1999, born 19xx) into its 18-digit form."""
    if len(number15) != 15 or not number15.isascii() or not number15.isdigit():
        raise ValueError(f"expected 15 digits, got {number15!r}")
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + resident_id_check_char(first17)


def _id_error(code: str, message: str, fix: str) -> DomainError:
    return DomainError(code, message, field=_RID_FIELD, fix=fix)


def parse_resident_id(text: str, *, today: date | None = None, record: bool = False) -> ResidentId:
    """Check a typed resident ID and split it into its parts.

    `record=True` is for numbers taken from old records: the fix then points to the correction procedure
    instead of asking the clerk to retype.
    """
    fix = RECORD_ID_FIX if record else _RID_FIX
    number = _squeeze(text).upper()
    if not number:
        raise _id_error("ID_EMPTY", "未填写身份证号码", "请录入申请人的18位居民身份证号码")
    bad = sorted({c for c in number if c not in "0123456789X"})
    if bad:
        shown = "、".join(f"“{c}”" for c in bad)
        raise _id_error("ID_CHARS", f"身份证号码含有不允许的字符{shown}，只能是数字，最后一位可以是X", fix)
    if len(number) not in (15, 18):
        raise _id_error("ID_LENGTH", f"身份证号码应为18位（旧证为15位），现在录入的是{len(number)}位", fix)
    if "X" in number[:-1] or (len(number) == 15 and "X" in number):
        where = "15位旧身份证号码只能由数字组成" if len(number) == 15 else "身份证号码只有最后一位可以是X"
        raise _id_error("ID_CHARS", f"{where}，X的位置不对", fix)
    if len(number) == 15:
        number = upgrade_resident_id(number)
    birth = _birth_date_of(number[6:14], today or date.today(), fix)
    if number[17] != resident_id_check_char(number[:17]):
        raise _id_error(
            "ID_CHECKSUM", "身份证号码最后一位（校验位）与前17位不符，通常是其中某一位输错或顺序颠倒", fix
        )
    return ResidentId(
        number=number,
        region=number[:6],
        birth_date=birth,
        sex="男" if int(number[16]) % 2 else "女",
    )


def _birth_date_of(yyyymmdd: str, today: date, fix: str) -> date:
    shown = f"{yyyymmdd[:4]}年{yyyymmdd[4:6]}月{yyyymmdd[6:]}日"
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        raise _id_error("ID_BIRTH_DATE", f"身份证号码第7至14位的出生日期{shown}不存在", fix) from None
    if birth > today:
        raise _id_error("ID_BIRTH_DATE", f"身份证号码中的出生日期{shown}晚于今天", fix)
    if birth < _EARLIEST_BIRTH:
        raise _id_error("ID_BIRTH_DATE", f"身份证号码中的出生日期{shown}早于1900年", fix)
    return birth


def is_valid_resident_id(text: str) -> bool:
    try:
        parse_resident_id(text)
    except DomainError:
        return False
    return True


def age_on(birth_date: date, on: date) -> int:
    """Full years (周岁) on a day; someone born on 29 February turns a year older on 1 March in common years."""
    if on < birth_date:
        raise ValueError(f"{on} is before the birth date {birth_date}")
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# ---------------------------------------------------------------- company codes


def _company_error(code: str, message: str, fix: str) -> DomainError:
    return DomainError(code, message, field=_COMPANY_FIELD, fix=fix)


def _company_text(text: str) -> str:
    return _squeeze(text).upper()


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    if len(first17) != 17 or any(c not in USCC_ALPHABET for c in first17):
        raise ValueError(f"expected 17 USCC characters, got {first17!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def parse_uscc(text: str) -> str:
    """Check a unified social credit code (统一社会信用代码) and return it upper-cased.

    Positions 1-2 (registration authority, entity type) may be letters, e.g. N2 for a village collective or
    Y1 for other authorities; positions 3-8 are the region code and must be digits.
    """
    fix = "请对照营业执照或登记证书上的统一社会信用代码逐位核对"
    code = _company_text(text).replace("-", "")
    if not code:
        raise _company_error("USCC_LENGTH", "未填写统一社会信用代码", "请录入18位统一社会信用代码")
    if len(code) != 18:
        raise _company_error("USCC_LENGTH", f"统一社会信用代码应为18位，现在录入的是{len(code)}位", fix)
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        shown = "、".join(f"“{c}”" for c in bad)
        raise _company_error(
            "USCC_CHARS",
            f"统一社会信用代码含有不允许的字符{shown}（代码中不使用字母I、O、S、V、Z，常见的是把数字0、1看成了字母）",
            fix,
        )
    if not code[2:8].isdigit():
        raise _company_error("USCC_CHARS", "统一社会信用代码第3至8位是行政区划码，只能是数字", fix)
    if code[17] != uscc_check_char(code[:17]):
        raise _company_error(
            "USCC_CHECKSUM", "统一社会信用代码最后一位（校验码）与前17位不符，通常是其中某一位输错了", fix
        )
    return code


def is_valid_uscc(text: str) -> bool:
    try:
        parse_uscc(text)
    except DomainError:
        return False
    return True


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character for the first 8 characters."""
    if len(first8) != 8 or any(c not in _ORG_ALPHABET for c in first8):
        raise ValueError(f"expected 8 organisation-code characters, got {first8!r}")
    remainder = 11 - sum(_ORG_ALPHABET.index(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def parse_org_code(text: str) -> str:
    """Check an organisation code (组织机构代码), typed with or without the dash; returns "XXXXXXXX-X"."""
    fix = "请对照组织机构代码证逐位核对"
    code = _company_text(text).replace("-", "")
    if not code:
        raise _company_error("ORG_LENGTH", "未填写组织机构代码", "请录入9位组织机构代码，如12345678-9")
    if len(code) != 9:
        raise _company_error(
            "ORG_LENGTH", f"组织机构代码应为9位（可写作XXXXXXXX-X），现在录入的是{len(code)}位", fix
        )
    if any(c not in _ORG_ALPHABET for c in code[:8]) or code[8] not in "0123456789X":
        raise _company_error("ORG_CHARS", "组织机构代码前8位只能是数字或大写字母，最后一位只能是数字或X", fix)
    if code[8] != org_code_check_char(code[:8]):
        raise _company_error(
            "ORG_CHECKSUM", "组织机构代码最后一位（校验码）与前8位不符，通常是其中某一位输错了", fix
        )
    return f"{code[:8]}-{code[8]}"


def is_valid_org_code(text: str) -> bool:
    try:
        parse_org_code(text)
    except DomainError:
        return False
    return True


def org_code_of_uscc(uscc: str) -> str:
    """The organisation code embedded in positions 9-17 of a USCC, as "XXXXXXXX-X"."""
    code = _company_text(uscc)
    if len(code) != 18:
        raise ValueError(f"expected an 18-character USCC, got {uscc!r}")
    return f"{code[8:16]}-{code[16]}"


def parse_company_code(text: str) -> tuple[str, str]:
    """Check a company code that may be either kind (companies on record under old organisation codes)."""
    code = _company_text(text).replace("-", "")
    if len(code) == 18:
        return "uscc", parse_uscc(code)
    if len(code) == 9:
        return "org", parse_org_code(code)
    if not code:
        message = "未填写单位代码"
    else:
        message = f"单位代码应为18位统一社会信用代码或9位组织机构代码，现在录入的是{len(code)}位"
    raise _company_error(
        "COMPANY_CODE_LENGTH", message, "请对照营业执照录入统一社会信用代码；尚未换照的录入组织机构代码"
    )


# ---------------------------------------------------------------- mobile numbers


def parse_mobile(text: str) -> str:
    """Check a mainland mobile number; spaces, dashes and a +86/0086 prefix are dropped."""
    digits = _squeeze(text).replace("-", "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    if _MOBILE_RE.fullmatch(digits):
        return digits
    message = "未填写手机号码" if not digits else "手机号码不正确，应为以1开头的11位数字"
    raise DomainError(
        "MOBILE_INVALID",
        message,
        field="mobile",
        fix="请录入申请人本人的手机号码，退件和不予受理的原因将以短信发送到该号码",
    )


# ---------------------------------------------------------------- masking


def mask_name(name: str) -> str:
    """Keep the surname only: "张三" -> "张*"; a four-character name with a compound surname keeps two."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    keep = 2 if len(name) == 4 and name[:2] in COMPOUND_SURNAMES else 1
    # The interpunct in transliterated names (买买提·艾力) is not personal data and shows the name's shape.
    return name[:keep] + "".join(c if c == "·" else "*" for c in name[keep:])


def mask_id_number(number: str) -> str:
    """Keep the region code and the last four characters: "410105********1234"."""
    number = number.strip()
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# ---------------------------------------------------------------- generators for tests and demo data


def make_resident_id(
    rng: random.Random, *, region: str = "410105", birth: date | None = None, male: bool | None = None
) -> str:
    """A valid 18-digit resident ID; unspecified parts are drawn from `rng`."""
    if birth is None:
        start = date(1955, 1, 1)
        birth = start + timedelta(days=rng.randrange((date(2006, 12, 31) - start).days))
    if male is None:
        male = rng.random() < 0.5
    order = rng.randrange(0, 999, 2) + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + resident_id_check_char(first17)


# Authority + entity-type prefixes seen on companies at the counter, most common first.
_USCC_PREFIXES = ("91", "91", "91", "91", "92", "93", "12", "52", "11")


def _org_body(rng: random.Random) -> str:
    # Codes issued since the 2015 reform start with "MA"; older ones are mostly digits.
    if rng.random() < 0.5:
        return "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    return "".join(rng.choice("0123456789") for _ in range(8))


def make_uscc(rng: random.Random, *, region: str = "410100") -> str:
    """A valid USCC whose positions 9-17 are themselves a valid organisation code."""
    body = _org_body(rng)
    first17 = rng.choice(_USCC_PREFIXES) + region + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def make_org_code(rng: random.Random) -> str:
    """A valid organisation code in display form "XXXXXXXX-X"."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    return f"{body}-{org_code_check_char(body)}"


def make_mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
