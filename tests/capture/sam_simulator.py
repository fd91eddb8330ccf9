"""A simulated ID card reader on a pseudo-terminal: it answers the SAM protocol like a real one, and can be told to
have no card, lose the card mid-read, garble a frame or be unplugged."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass

from app.capture import sam_protocol as sam

CARD = dict(
    name="张敏",
    sex_code="2",
    nation_code="01",
    birth="19860517",
    address="河南省郑州市金水区经三路12号院3号楼",
    id_number="41010519860517002X",
    authority="郑州市公安局金水分局",
    valid_from="20160301",
    valid_to="20360301",
)


@dataclass
class Behaviour:
    card: bool = True
    card_values: dict | None = None
    removed_mid_read: bool = False
    garble_select: bool = False
    unplug_after_find: bool = False


class SimulatedReader:
    def __init__(self, behaviour: Behaviour | None = None) -> None:
        self.behaviour = behaviour or Behaviour()
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.commands: list[tuple[int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _read_exact(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = os.read(self.master, n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data

    def _serve(self) -> None:
        try:
            while not self._stop.is_set():
                window = b""
                while not window.endswith(sam.PREAMBLE):
                    window = (window + self._read_exact(1))[-5:]
                length = self._read_exact(2)
                rest = self._read_exact(sam.body_length(length))
                body = rest[:-1]
                cmd = (body[0], body[1])
                self.commands.append(cmd)
                if not self._answer(cmd):
                    return
        except OSError:
            return

    def _answer(self, cmd: tuple[int, int]) -> bool:
        b = self.behaviour
        if cmd == sam.FIND_CARD:
            os.write(self.master, sam.response(sam.SW_FOUND if b.card else sam.SW_NO_CARD, b"\x00" * 4))
            if b.unplug_after_find:
                self.unplug()
                return False
        elif cmd == sam.SELECT_CARD:
            answer = sam.response(sam.SW_OK, b"\x00" * 8)
            if b.garble_select:
                answer = answer[:-1] + bytes([answer[-1] ^ 0x5A])  # a flipped checksum
            os.write(self.master, answer)
        elif cmd == sam.READ_BASIC:
            text = sam.encode_text(**(b.card_values or CARD))
            answer = sam.response(sam.SW_OK, sam.read_data(text, b"\x01" * sam.PHOTO_LENGTH))
            if b.removed_mid_read:
                os.write(self.master, answer[:300])  # the card leaves the field: the answer breaks off
                return True
            os.write(self.master, answer)
        else:
            os.write(self.master, sam.response(sam.SW_OK))
        return True

    def unplug(self) -> None:
        """The USB cable is pulled: the device goes away under the open port."""
        for fd in (self.master,):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.master = -1

    def close(self) -> None:
        self._stop.set()
        if self.master >= 0:
            self.unplug()
        with contextlib.suppress(OSError):
            os.close(self.slave)
