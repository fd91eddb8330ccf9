"""The ID card reader against a simulated reader on a pseudo-terminal speaking the SAM protocol (GA 467)."""

from __future__ import annotations

from datetime import date

import pytest

from app.capture import idcard_reader
from app.capture import sam_protocol as sam
from app.capture.idcard_reader import SamSerialReader
from app.domain.errors import DomainError
from tests.capture.sam_simulator import CARD, Behaviour, SimulatedReader


@pytest.fixture
def device():
    readers: list[SimulatedReader] = []

    def make(**kw) -> SimulatedReader:
        r = SimulatedReader(Behaviour(**kw))
        readers.append(r)
        return r

    yield make
    for r in readers:
        r.close()


def _reader(sim: SimulatedReader) -> SamSerialReader:
    return SamSerialReader(sim.path, decoder=None, timeout_s=1.0)


def test_frames_carry_length_and_xor_checksum():
    assert sam.command(sam.FIND_CARD) == bytes.fromhex("AAAAAA96690003200122")
    with pytest.raises(sam.ProtocolError):
        sam.parse_body(b"\x00\x04", b"\x00\x00\x90\x00")  # checksum 0 where 0x94 is due


def test_text_block_round_trip_and_long_term_validity():
    raw = sam.encode_text(**{**CARD, "valid_to": "长期"})
    assert len(raw) == sam.TEXT_LENGTH
    card = sam.parse_text(raw)
    assert (card.name, card.sex, card.nation) == ("张敏", "女", "汉")
    assert card.birth_date == date(1986, 5, 17) and card.valid_to is None and card.valid_to_text == "长期"
    assert not card.expired(date(2099, 1, 1))


def test_reads_the_card_on_the_pad(device):
    sim = device()
    read = _reader(sim).read_card()
    card = read.text
    assert card.id_number == "41010519860517002X" and card.name == "张敏"
    assert card.address.startswith("河南省郑州市金水区") and card.authority == "郑州市公安局金水分局"
    assert card.valid_from == date(2016, 3, 1) and card.valid_to == date(2036, 3, 1)
    assert read.photo is None  # no vendor decoder here: the chip photo is not offered
    assert sim.commands == [sam.FIND_CARD, sam.SELECT_CARD, sam.READ_BASIC]
    assert card.form_values() == {
        "id_number": "41010519860517002X",
        "name": "张敏",
        "sex": "女",
        "birth_date": "1986-05-17",
    }


def test_no_card_on_the_pad(device):
    with pytest.raises(DomainError) as err:
        _reader(device(card=False)).read_card()
    assert err.value.code == idcard_reader.NO_CARD and "放在读卡器" in err.value.fix


def test_card_removed_mid_read(device):
    with pytest.raises(DomainError) as err:
        _reader(device(removed_mid_read=True)).read_card()
    assert err.value.code == idcard_reader.CARD_MOVED and "再按一次" in err.value.fix


def test_garbled_frame(device):
    with pytest.raises(DomainError) as err:
        _reader(device(garble_select=True)).read_card()
    assert err.value.code == idcard_reader.BAD_FRAME


def test_reader_unplugged_mid_session_and_before(device):
    sim = device(unplug_after_find=True)
    with pytest.raises(DomainError) as err:
        _reader(sim).read_card()
    assert err.value.code == idcard_reader.READER_GONE
    with pytest.raises(DomainError) as err:
        SamSerialReader("/dev/ttyCOUNTERDESK-none", decoder=None).read_card()
    assert err.value.code == idcard_reader.READER_GONE and "工作站设置" in err.value.fix


def test_vendor_sdk_is_optional():
    reader = idcard_reader.VendorSdkReader(library=None)
    reader.library = None
    ok, why = reader.available()
    assert not ok and "厂家驱动" in why
    assert idcard_reader.reader_from_settings({"idcard_reader": "none"}) is None
    assert isinstance(
        idcard_reader.reader_from_settings({"idcard_reader": "sam_serial", "idcard_port": "COM3"}),
        SamSerialReader,
    )
