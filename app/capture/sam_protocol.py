"""The serial protocol of the second-generation ID card's security module (SAM, GA 467), and the card's text.

A frame is   AA AA AA 96 69 | LEN (2 bytes, big-endian) | body | CHK
where LEN counts the body and the checksum byte, and CHK is the XOR of the two length bytes and the body.
A command body is CMD PARA (e.g. 20 01 find card, 20 02 select card, 30 01 read text and photo); a response
body is SW1 SW2 SW3 followed by data, where SW3 says how it went (90 done, 9F card found, 80 no card, 81 select
failed, 41 read failed ...). The read response's data is: text length (2 bytes) | photo length (2 bytes) |
256 bytes of text (UCS-2 little-endian, fixed-width fields) | 1024 bytes of photo (WLT, vendor-compressed).

Pure code: no serial port and no Qt here, so the simulator in the tests and the reader share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PREAMBLE = bytes.fromhex("AAAAAA9669")
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_BASIC = (0x30, 0x01)
RESET_SAM = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)

SW_OK = 0x90
SW_FOUND = 0x9F
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81
SW_READ_FAILED = 0x41
MAX_BODY = 4096  # far above the 1,288-byte read response: a longer length is a garbled frame

TEXT_LENGTH, PHOTO_LENGTH = 256, 1024
# (field, characters) in the order of the 256-byte text block.
TEXT_LAYOUT = (
    ("name", 15),
    ("sex", 1),
    ("nation", 2),
    ("birth", 8),
    ("address", 35),
    ("id_number", 18),
    ("authority", 15),
    ("valid_from", 8),
    ("valid_to", 8),
    ("reserved", 18),
)

SEX_NAMES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
NATION_NAMES = dict(
    enumerate(
        [
            "汉",
            "蒙古",
            "回",
            "藏",
            "维吾尔",
            "苗",
            "彝",
            "壮",
            "布依",
            "朝鲜",
            "满",
            "侗",
            "瑶",
            "白",
            "土家",
            "哈尼",
            "哈萨克",
            "傣",
            "黎",
            "傈僳",
            "佤",
            "畲",
            "高山",
            "拉祜",
            "水",
            "东乡",
            "纳西",
            "景颇",
            "柯尔克孜",
            "土",
            "达斡尔",
            "仫佬",
            "羌",
            "布朗",
            "撒拉",
            "毛南",
            "仡佬",
            "锡伯",
            "阿昌",
            "普米",
            "塔吉克",
            "怒",
            "乌孜别克",
            "俄罗斯",
            "鄂温克",
            "德昂",
            "保安",
            "裕固",
            "京",
            "塔塔尔",
            "独龙",
            "鄂伦春",
            "赫哲",
            "门巴",
            "珞巴",
            "基诺",
        ],
        start=1,
    )
)
NATION_NAMES.update({97: "其他", 98: "外国血统中国籍人士"})


class ProtocolError(Exception):
    """A frame that cannot be right: wrong preamble, impossible length, bad checksum."""


def checksum(length_and_body: bytes) -> int:
    value = 0
    for byte in length_and_body:
        value ^= byte
    return value


def frame(body: bytes) -> bytes:
    """Wrap a command or response body (without checksum) into a whole frame."""
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def command(cmd: tuple[int, int]) -> bytes:
    return frame(bytes(cmd))


def response(sw3: int, data: bytes = b"") -> bytes:
    return frame(bytes([0x00, 0x00, sw3]) + data)


@dataclass(frozen=True)
class Response:
    sw3: int
    data: bytes


def parse_body(length: bytes, rest: bytes) -> Response:
    """`length` the two length bytes, `rest` the body and the checksum byte; raises ProtocolError."""
    if checksum(length + rest[:-1]) != rest[-1]:
        raise ProtocolError("checksum")
    body = rest[:-1]
    if len(body) < 3:
        raise ProtocolError("short body")
    return Response(body[2], body[3:])


def body_length(length: bytes) -> int:
    n = int.from_bytes(length, "big")
    if not 3 <= n <= MAX_BODY:  # a command: CMD PARA CHK; a response: SW1 SW2 SW3 … CHK
        raise ProtocolError(f"length {n}")
    return n


@dataclass(frozen=True)
class IdCardText:
    """What the chip says about the holder (机读文字信息), decoded."""

    name: str
    sex: str  # 男 / 女 / 未知
    nation: str  # 汉, 回 …
    birth_date: date | None
    address: str
    id_number: str
    authority: str
    valid_from: date | None
    valid_to: date | None  # None: 长期 (no end date)
    valid_to_text: str

    def expired(self, today: date) -> bool:
        return self.valid_to is not None and self.valid_to < today

    def form_values(self) -> dict[str, str]:
        """The intake form's fields, and the card's own facts kept with the application (`id_card`)."""
        return {
            "id_number": self.id_number,
            "name": self.name,
            "sex": self.sex if self.sex in ("男", "女") else "",
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
        }

    def card_facts(self) -> dict[str, str]:
        return {
            "id_number": self.id_number,
            "nation": self.nation,
            "address": self.address,
            "authority": self.authority,
            "valid_from": self.valid_from.isoformat() if self.valid_from else "",
            "valid_to": self.valid_to.isoformat() if self.valid_to else self.valid_to_text,
        }


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def parse_text(raw: bytes) -> IdCardText:
    """The 256-byte text block; raises ProtocolError when it is not a card's text (wrong size, no ID number)."""
    if len(raw) != TEXT_LENGTH:
        raise ProtocolError(f"text of {len(raw)} bytes")
    fields: dict[str, str] = {}
    offset = 0
    for name, chars in TEXT_LAYOUT:
        chunk = raw[offset : offset + chars * 2]
        offset += chars * 2
        fields[name] = chunk.decode("utf-16-le", errors="replace").strip().strip("\x00").strip()
    number = fields["id_number"].upper()
    if len(number) != 18 or not number[:17].isdigit():
        raise ProtocolError("no ID number in the text")
    nation_code = fields["nation"]
    nation = NATION_NAMES.get(int(nation_code), nation_code) if nation_code.isdigit() else nation_code
    valid_to_text = fields["valid_to"]
    return IdCardText(
        name=fields["name"],
        sex=SEX_NAMES.get(fields["sex"], fields["sex"]),
        nation=nation,
        birth_date=_date(fields["birth"]),
        address=fields["address"],
        id_number=number,
        authority=fields["authority"],
        valid_from=_date(fields["valid_from"]),
        valid_to=_date(valid_to_text),
        valid_to_text=valid_to_text,
    )


def encode_text(
    *,
    name: str,
    sex_code: str,
    nation_code: str,
    birth: str,
    address: str,
    id_number: str,
    authority: str,
    valid_from: str,
    valid_to: str,
) -> bytes:
    """The 256-byte text block for these values (the simulated reader in the tests, and demo cards)."""
    values = {
        "name": name,
        "sex": sex_code,
        "nation": nation_code,
        "birth": birth,
        "address": address,
        "id_number": id_number,
        "authority": authority,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "reserved": "",
    }
    out = b""
    for field, chars in TEXT_LAYOUT:
        out += values[field][:chars].ljust(chars).encode("utf-16-le")
    return out


def read_data(text: bytes, photo: bytes) -> bytes:
    """The data part of a successful read response."""
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def split_read_data(data: bytes) -> tuple[bytes, bytes]:
    if len(data) < 4:
        raise ProtocolError("short read data")
    text_len = int.from_bytes(data[:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if len(data) < 4 + text_len + photo_len:
        raise ProtocolError("read data shorter than its lengths")
    return data[4 : 4 + text_len], data[4 + text_len : 4 + text_len + photo_len]
