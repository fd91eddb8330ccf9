"""The second-generation ID card reader (二代证读卡器) as a capture source: one call reads the card on the pad.

Two kinds of reader are supported, chosen in 工作站设置:
- `SamSerialReader`: the SAM module's own serial protocol (GA 467, app/capture/sam_protocol.py) over a serial or
  USB-serial port through pyserial — every certified reader speaks it, no vendor software needed.
- `VendorSdkReader`: the vendor's SDK library through ctypes where one is installed (termb.dll / libtermb.so,
  sdtapi.dll): some USB readers are reachable only that way.
The chip photo is compressed (WLT) and only a vendor decoder library can unpack it; without one `photo` is None
and the form simply offers no photo (the clerk scans or photographs one instead).

No Qt here: the intake screen calls `read_card()` on the I/O pool and gets an `IdCardRead` or a DomainError in
Chinese that names the fix (no card, card moved away, reader unplugged, garbled answer).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.capture import sam_protocol as sam
from app.domain.errors import DomainError

READ_TIMEOUT_S = 3.0  # a read response is 1,295 bytes: at 115200 baud about 0.1 s
BAUD_RATES = (115200, 9600)
SDK_LIBRARIES = ("termb", "sdtapi", "libtermb.so", "termb.dll", "sdtapi.dll")
DECODER_LIBRARIES = ("WltRS", "DLL_File", "libwlt2bmp.so", "libwlt.so", "WltRS.dll", "DLL_File.dll")

NO_READER = "IDCARD_NO_READER"
NO_CARD = "IDCARD_NO_CARD"
CARD_MOVED = "IDCARD_CARD_MOVED"
BAD_FRAME = "IDCARD_BAD_FRAME"
READER_GONE = "IDCARD_READER_GONE"


@dataclass(frozen=True)
class IdCardRead:
    text: sam.IdCardText
    photo: bytes | None  # a decoded image (BMP/JPEG) when a vendor decoder is present, else None
    reader: str  # which reader read it, for the audit trail


class Port(Protocol):
    """What the reader needs of a serial port (pyserial's Serial, or a test double)."""

    def write(self, data: bytes) -> int | None: ...

    def read(self, size: int = 1) -> bytes: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


def _error(code: str, message: str, fix: str) -> DomainError:
    return DomainError(code, message, field="id_number", fix=fix)


def reader_gone(port: str) -> DomainError:
    return _error(
        READER_GONE,
        f"读卡器（{port}）没有响应或已断开",
        "请检查读卡器的USB线是否插好、指示灯是否亮起；仍不行请在“系统管理 → 工作站设置”中重新选择读卡器端口。"
        "也可以直接输入身份证号。",
    )


def open_serial(port: str, baud: int) -> Port:
    import serial  # pyserial; imported here so that a workstation without a reader never needs it loaded

    try:
        return serial.Serial(port, baudrate=baud, timeout=0.2, write_timeout=1.0)  # type: ignore[no-any-return]
    except (serial.SerialException, OSError) as err:
        raise reader_gone(port) from err


class SamSerialReader:
    """A reader speaking the SAM protocol on a serial port (COM3, /dev/ttyUSB0 …)."""

    kind = "sam_serial"

    def __init__(
        self,
        port: str,
        *,
        baud: int = BAUD_RATES[0],
        opener: Callable[[str, int], Port] = open_serial,
        decoder: PhotoDecoder | None = None,
        timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self.port_name, self.baud, self._opener = port, baud, opener
        self.decoder = decoder if decoder is not None else PhotoDecoder.find()
        self.timeout_s = timeout_s
        self.name = f"二代证读卡器（{port}）"

    def available(self) -> tuple[bool, str]:
        if not self.port_name:
            return False, "未设置读卡器端口，请在“系统管理 → 工作站设置”中选择。"
        return True, ""

    def read_card(self) -> IdCardRead:
        port = self._opener(self.port_name, self.baud)
        try:
            return self._read(port)
        finally:
            with contextlib.suppress(OSError):
                port.close()

    def _read(self, port: Port) -> IdCardRead:
        found = self._exchange(port, sam.FIND_CARD)
        if found.sw3 not in (sam.SW_FOUND, sam.SW_OK):
            raise _error(
                NO_CARD,
                "读卡器上没有身份证",
                "请申请人把身份证平放在读卡器感应区，放稳后再按“读卡”（或直接输入身份证号）。",
            )
        selected = self._exchange(port, sam.SELECT_CARD)
        if selected.sw3 != sam.SW_OK:
            raise _moved()
        try:
            read = self._exchange(port, sam.READ_BASIC)
        except _Truncated as err:
            raise _moved() from err  # the answer broke off: the card left the field mid-read
        if read.sw3 != sam.SW_OK:
            raise _moved()
        try:
            text, wlt = sam.split_read_data(read.data)
            card = sam.parse_text(text)
        except sam.ProtocolError as err:
            raise _garbled() from err
        return IdCardRead(card, self.decoder.decode(wlt) if self.decoder and wlt else None, self.name)

    def _exchange(self, port: Port, cmd: tuple[int, int]) -> sam.Response:
        try:
            port.reset_input_buffer()
            port.write(sam.command(cmd))
            return self._response(port)
        except _Truncated:
            raise
        except sam.ProtocolError as err:
            raise _garbled() from err
        except OSError as err:  # the device node vanished (USB pulled) or the line broke
            raise reader_gone(self.port_name) from err

    def _response(self, port: Port) -> sam.Response:
        deadline = time.monotonic() + self.timeout_s
        window = b""
        while not window.endswith(sam.PREAMBLE):
            chunk = port.read(1)
            if not chunk:
                if time.monotonic() > deadline:
                    raise reader_gone(self.port_name)
                continue
            window = (window + chunk)[-len(sam.PREAMBLE) :]
        length = self._exactly(port, 2, deadline)
        rest = self._exactly(port, sam.body_length(length), deadline)
        return sam.parse_body(length, rest)

    def _exactly(self, port: Port, size: int, deadline: float) -> bytes:
        data = b""
        while len(data) < size:
            chunk = port.read(size - len(data))
            if chunk:
                data += chunk
            elif time.monotonic() > deadline:
                # Part of a frame and then silence: the card was lifted while the module answered.
                raise _Truncated("truncated frame")
        return data


class _Truncated(sam.ProtocolError):
    pass


def _moved() -> DomainError:
    return _error(
        CARD_MOVED,
        "读卡中途身份证被移开，没有读完",
        "请把身份证放回读卡器感应区，放稳不动，再按一次“读卡”。",
    )


def _garbled() -> DomainError:
    return _error(
        BAD_FRAME,
        "读卡器返回的数据不完整或校验错误",
        "请把身份证重新放稳后再读一次；反复出现请检查读卡器连线，或在工作站设置中改用厂家驱动方式。",
    )


class PhotoDecoder:
    """The vendor's WLT decoder, when one is installed; decodes the 1,024-byte chip photo to a BMP."""

    def __init__(self, library: Any) -> None:
        self.library = library

    @classmethod
    def find(cls) -> PhotoDecoder | None:
        library = _load_first(DECODER_LIBRARIES)
        return cls(library) if library is not None and hasattr(library, "unpack") else None

    def decode(self, wlt: bytes) -> bytes | None:
        """Vendor decoders write "<name>.bmp" next to a working file; returns the BMP's bytes or None."""
        with tempfile.TemporaryDirectory(prefix="counterdesk-wlt-") as tmp:
            target = Path(tmp) / "photo"
            try:
                ok = self.library.unpack(ctypes.c_char_p(wlt), ctypes.c_char_p(str(target).encode()), 1)
            except (OSError, ValueError):
                return None
            bmp = target.with_suffix(".bmp")
            return bmp.read_bytes() if ok == 1 and bmp.is_file() else None


def _load_first(names: tuple[str, ...]) -> Any:
    loader = ctypes.WinDLL if sys.platform == "win32" else ctypes.CDLL  # type: ignore[attr-defined]
    for name in names:
        path = ctypes.util.find_library(name) or (name if "." in name else None)
        if not path:
            continue
        try:
            return loader(path)
        except OSError:
            continue
    return None


class VendorSdkReader:
    """A reader reached through the vendor's SDK library (InitComm / Authenticate / Read_Content)."""

    kind = "vendor_sdk"

    def __init__(self, port_number: int = 1001, library: Any = None) -> None:
        self.port_number = port_number  # 1001–1016: USB readers; 1–16: serial ports (vendor convention)
        self.library = library if library is not None else _load_first(SDK_LIBRARIES)
        self.name = "二代证读卡器（厂家驱动）"

    def available(self) -> tuple[bool, str]:
        if self.library is None:
            return (
                False,
                "本机未安装读卡器厂家驱动（termb / sdtapi），请改用“串口（SAM协议）”或安装厂家驱动。",
            )
        return True, ""

    def read_card(self) -> IdCardRead:
        lib = self.library
        if lib is None:
            raise _error(NO_READER, "本机未安装读卡器厂家驱动", "请在工作站设置中改用串口（SAM协议）方式。")
        if lib.InitComm(self.port_number) != 1:
            raise reader_gone(f"端口 {self.port_number}")
        try:
            if lib.Authenticate() != 1:
                raise _error(
                    NO_CARD, "读卡器上没有身份证", "请申请人把身份证平放在读卡器感应区，再按“读卡”。"
                )
            with tempfile.TemporaryDirectory(prefix="counterdesk-sdk-") as tmp:
                if lib.Read_Content(1) != 1:
                    raise _moved()
                text = _sdk_text(Path(tmp), lib)
                return IdCardRead(sam.parse_text(text), None, self.name)
        except sam.ProtocolError as err:
            raise _garbled() from err
        finally:
            lib.CloseComm()


def _sdk_text(_folder: Path, lib: Any) -> bytes:
    """The SDK leaves the 256-byte text in wz.txt in its working directory (vendor convention)."""
    for candidate in (Path.cwd() / "wz.txt", Path(getattr(lib, "_name", ".")).parent / "wz.txt"):
        if candidate.is_file():
            return candidate.read_bytes()[: sam.TEXT_LENGTH]
    raise sam.ProtocolError("wz.txt missing")


def reader_from_settings(values: dict[str, object]) -> SamSerialReader | VendorSdkReader | None:
    """The reader 工作站设置 chose ("idcard_reader": none | sam_serial | vendor_sdk, "idcard_port")."""
    kind = str(values.get("idcard_reader") or "none")
    port = str(values.get("idcard_port") or "")
    if kind == SamSerialReader.kind:
        return SamSerialReader(port)
    if kind == VendorSdkReader.kind:
        return VendorSdkReader(int(port) if port.isdigit() else 1001)
    return None


def serial_ports() -> list[str]:
    """Serial ports this machine has, for the settings list (empty when pyserial cannot list them)."""
    try:
        from serial.tools import list_ports
    except ImportError:
        return []
    return sorted(p.device for p in list_ports.comports())
