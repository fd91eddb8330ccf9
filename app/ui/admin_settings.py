"""This workstation's settings (工作站设置, administrators only), saved through app.services.settings (audited)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.services import settings
from app.services.context import Actor, ServiceContext
from app.ui import file_dialogs
from app.ui.errors import error_text
from app.ui.hardware_settings import HardwareBox
from app.ui.tasks import TaskRunner

_ERROR_STYLE = "border: 1px solid #b00020;"


def _printers() -> list[str]:
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # pragma: no cover - PrintSupport ships with PySide6-Essentials
        return []
    return list(QPrinterInfo.availablePrinterNames())


class AdminSettingsScreen(QWidget):
    saved = Signal(dict)
    loaded = Signal()

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminSettingsScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        title = QLabel(self.tr("工作站设置"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.unit_code = QLineEdit()
        self.unit_code.setObjectName("unit_code")
        self.unit_code.setValidator(QRegularExpressionValidator(r"\d{0,6}"))
        self.unit_code.setPlaceholderText(self.tr("6位行政区划代码，例如 410100"))
        self.unit_name = QLineEdit()
        self.unit_name.setObjectName("unit_name")
        self.counter_no = QLineEdit()
        self.counter_no.setObjectName("counter_no")
        self.counter_no.setValidator(QRegularExpressionValidator(r"\d{0,2}"))
        self.counter_no.setPlaceholderText(self.tr("1至2位数字"))
        # 发证地市代码: chosen from the catalogue's list of Henan cities, not typed (a typo made wrong numbers).
        self.city_letter = QComboBox()
        self.city_letter.setObjectName("city_letter")
        city = ctx.catalogue.fields.get("city")
        for code, name in (city.choice_names if city is not None else {}).items():
            self.city_letter.addItem(f"{code} {name}", code)
        self.issuer_uscc = QLineEdit()
        self.issuer_uscc.setObjectName("issuer_uscc")
        self.issuer_uscc.setMaxLength(18)
        self.issuer_uscc.setPlaceholderText(self.tr("18位统一社会信用代码，写入电子证照标识"))
        self.central_url = QLineEdit()
        self.central_url.setObjectName("central_url")
        self.central_url.setPlaceholderText(self.tr("例如 https://192.168.1.10:8443，留空表示单机使用"))
        self.verify_base_url = QLineEdit()
        self.verify_base_url.setObjectName("verify_base_url")
        self.verify_base_url.setPlaceholderText(
            self.tr("证书二维码中的核验网址，例如 https://zs.hnjs.gov.cn；留空用中心服务地址")
        )
        self.central_ca_file = QLineEdit()
        self.central_ca_file.setObjectName("central_ca_file")
        self.central_ca_file.setPlaceholderText(self.tr("省中心提供的CA证书（.pem），留空表示使用系统证书"))
        self.ca_browse = QPushButton(self.tr("选择…"))
        self.ca_browse.setToolTip(self.tr("选择中心库的CA证书文件"))
        self.ca_browse.clicked.connect(self._choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.central_ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        ca_box = QWidget()
        ca_box.setLayout(ca_row)
        self.replica_cities = QLineEdit()
        self.replica_cities.setObjectName("replica_cities")
        self.replica_cities.setValidator(QRegularExpressionValidator(r"[\d,，、 ]{0,200}"))
        self.replica_cities.setPlaceholderText(
            self.tr("留空为全省；或填地市代码（行政区划代码前4位），如 4101,4103")
        )
        self.replica_cities.setToolTip(
            self.tr("本窗口离线保存哪些地市的登记库（人员、证书、成绩等）。修改后本机将重新载入登记库。")
        )
        self.default_printer = QComboBox()
        self.default_printer.setObjectName("default_printer")
        self.default_printer.setEditable(True)
        self.default_printer.addItem("")
        self.default_printer.addItems(_printers())
        self.idle_lock_minutes = QSpinBox()
        self.idle_lock_minutes.setObjectName("idle_lock_minutes")
        self.idle_lock_minutes.setRange(1, 240)
        self.idle_lock_minutes.setSuffix(self.tr(" 分钟"))
        unit_box = QGroupBox(self.tr("窗口单位"))
        unit_form = QFormLayout(unit_box)
        unit_form.addRow(self.tr("单位代码"), self.unit_code)
        unit_form.addRow(self.tr("单位名称"), self.unit_name)
        unit_form.addRow(self.tr("窗口号"), self.counter_no)
        unit_form.addRow(self.tr("发证地市字母"), self.city_letter)
        unit_form.addRow(self.tr("发证机关统一社会信用代码"), self.issuer_uscc)
        client_box = QGroupBox(self.tr("本机"))
        client_form = QFormLayout(client_box)
        client_form.addRow(self.tr("中心服务地址"), self.central_url)
        client_form.addRow(self.tr("中心库CA证书"), ca_box)
        client_form.addRow(self.tr("证书核验网址"), self.verify_base_url)
        client_form.addRow(self.tr("登记库范围"), self.replica_cities)
        client_form.addRow(self.tr("默认打印机"), self.default_printer)
        client_form.addRow(self.tr("无操作自动锁屏"), self.idle_lock_minutes)
        self.message = QLabel("")
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setToolTip(self.tr("保存设置（Ctrl+S）"))
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        row_box = QWidget()
        row_box.setLayout(row)
        row_box.setMaximumWidth(760)
        # The settings grow with the counter's devices and the enrolment: they scroll on a 1366×768 screen
        # instead of pushing the window past it.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        from app.ui.enrolment_box import EnrolmentBox

        self.enrolment = EnrolmentBox(ctx, actor, runner)
        self.hardware = HardwareBox()
        for box in (unit_box, client_box, self.hardware, self.enrolment):
            box.setMaximumWidth(760)
            layout.addWidget(box)
        layout.addWidget(row_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.fields: dict[str, QWidget] = {
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "counter_no": self.counter_no,
            "city_letter": self.city_letter,
            "issuer_uscc": self.issuer_uscc,
            "central_url": self.central_url,
            "central_ca_file": self.central_ca_file,
            "verify_base_url": self.verify_base_url,
            "replica_cities": self.replica_cities,
            "default_printer": self.default_printer,
            "idle_lock_minutes": self.idle_lock_minutes,
            "idcard_reader": self.hardware.reader_kind,
            "idcard_port": self.hardware.port,
        }
        self._loaded_once = False
        self._scope_before = ""

    def activated(self) -> None:
        if not self._loaded_once:
            self.refresh()

    def focus_first(self) -> None:
        self.unit_code.setFocus()

    def refresh(self) -> None:
        ctx = self._ctx
        self.enrolment.refresh()
        self._runner.run_db(
            lambda: (settings.get(ctx, "workstation"), settings.get(ctx, "client")), self._apply, self._failed
        )

    def _apply(self, values: tuple[dict[str, Any], dict[str, Any]]) -> None:
        ws, client = values
        self._loaded_once = True
        self.unit_code.setText(str(ws.get("unit_code", "")))
        self.unit_name.setText(str(ws.get("unit_name", "")))
        self.counter_no.setText(str(ws.get("counter_no", "")))
        self.city_letter.setCurrentIndex(max(0, self.city_letter.findData(str(ws.get("city_letter", "A")))))
        self.issuer_uscc.setText(str(ws.get("issuer_uscc", "")))
        self.central_url.setText(str(client.get("central_url", "")))
        self.central_ca_file.setText(str(client.get("central_ca_file", "")))
        self.verify_base_url.setText(str(client.get("verify_base_url", "")))
        self.replica_cities.setText(str(client.get("replica_cities", "")))
        self._scope_before = str(client.get("replica_cities", ""))
        self.default_printer.setCurrentText(str(client.get("default_printer", "")))
        self.idle_lock_minutes.setValue(int(client.get("idle_lock_minutes", 10)))
        self.hardware.load(client)
        self._clear_marks()
        self.loaded.emit()

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        ws = {
            "unit_code": self.unit_code.text().strip(),
            "unit_name": self.unit_name.text().strip(),
            "counter_no": self.counter_no.text().strip(),
            "city_letter": str(self.city_letter.currentData() or ""),
            "issuer_uscc": self.issuer_uscc.text().strip().upper(),
        }
        client = {
            "central_url": self.central_url.text().strip(),
            "central_ca_file": self.central_ca_file.text().strip(),
            "verify_base_url": self.verify_base_url.text().strip(),
            "replica_cities": self.replica_cities.text().strip(),
            "default_printer": self.default_printer.currentText().strip(),
            "idle_lock_minutes": self.idle_lock_minutes.value(),
            **self.hardware.values(),
        }
        return ws, client

    def save(self) -> None:
        ws, client = self.values()
        if not ws["unit_name"]:
            self._mark("unit_name", self.tr("请填写单位名称。"))
            return
        ctx, actor = self._ctx, self._actor

        def job() -> dict[str, Any]:
            # One transaction: nothing is saved when either part is wrong.
            return settings.put_all(ctx, actor, {"workstation": ws, "client": client})

        self.save_button.setEnabled(False)
        self.message.setStyleSheet("color: #555;")
        self.message.setText(self.tr("正在保存…"))
        self._runner.run_db(job, self._saved, self._failed)

    def _choose_ca_file(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("选择中心库CA证书"), self.tr("证书文件 (*.pem *.crt *.cer);;所有文件 (*)")
        )
        if path:
            self.central_ca_file.setText(path)

    def _saved(self, values: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self._clear_marks()
        self.counter_no.setText(str(values["workstation"].get("counter_no", "")))
        self.message.setStyleSheet("color: #1b7f3b;")
        said = self.tr("已保存。修改已记入审计日志。")
        if values.get("client", {}).get("replica_cities", "") != self._scope_before:
            said += self.tr("登记库范围已更改：下次同步时将重新载入本窗口的登记库（状态栏显示进度）。")
        self._scope_before = str(values.get("client", {}).get("replica_cities", ""))
        self.message.setText(said)
        window = self.window()
        if hasattr(window, "settings_changed"):
            window.settings_changed()
        self.saved.emit(values)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        message, fix = error_text(exc)
        field = exc.field if isinstance(exc, DomainError) else None
        self._mark(field, message + ("；" + fix if fix else ""))

    def _clear_marks(self) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        self.message.clear()

    def _mark(self, field: str | None, text: str) -> None:
        self._clear_marks()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setStyleSheet(_ERROR_STYLE)
            widget.setFocus()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)
