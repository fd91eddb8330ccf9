"""工作站设置 → 柜台设备: which ID card reader this counter has and where it is connected.

The reader kinds are those of app/capture/idcard_reader.py: the SAM serial protocol on a serial or USB-serial
port (every certified reader), or the vendor's SDK library when one is installed. The document camera and the
scanner are chosen in the capture dialog itself, where the clerk sees their picture."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from app.capture.idcard_reader import SamSerialReader, VendorSdkReader, serial_ports


class HardwareBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("柜台设备"), parent)
        self.setObjectName("hardwareBox")
        self.reader_kind = QComboBox()
        self.reader_kind.setObjectName("idcard_reader")
        self.reader_kind.addItem(self.tr("不使用读卡器（手工输入或扫码）"), "none")
        self.reader_kind.addItem(
            self.tr("二代证读卡器：串口 / USB串口（SAM协议，通用）"), SamSerialReader.kind
        )
        self.reader_kind.addItem(self.tr("二代证读卡器：厂家驱动（termb / sdtapi）"), VendorSdkReader.kind)
        self.port = QComboBox()
        self.port.setObjectName("idcard_port")
        self.port.setEditable(True)
        self.port.addItems(serial_ports())
        self.port.setToolTip(
            self.tr("串口名，如 COM3 或 /dev/ttyUSB0；厂家驱动方式填端口号，USB 读卡器一般为 1001")
        )
        self.note = QLabel(self.tr("读卡：在新建办件中按 F4。芯片照片需要厂家的解码库，没有时不提供照片。"))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        form = QFormLayout(self)
        form.addRow(self.tr("身份证读卡器"), self.reader_kind)
        form.addRow(self.tr("读卡器端口"), self.port)
        form.addRow(self.note)
        self.reader_kind.currentIndexChanged.connect(lambda _i: self._enable())
        self._enable()

    def _enable(self) -> None:
        self.port.setEnabled(self.reader_kind.currentData() != "none")

    def load(self, client: dict[str, Any]) -> None:
        index = self.reader_kind.findData(str(client.get("idcard_reader") or "none"))
        self.reader_kind.setCurrentIndex(max(0, index))
        self.port.setCurrentText(str(client.get("idcard_port") or ""))
        self._enable()

    def values(self) -> dict[str, str]:
        return {
            "idcard_reader": str(self.reader_kind.currentData() or "none"),
            "idcard_port": self.port.currentText().strip(),
        }
