"""The verification screen (证书核验): scan the certificate's QR code with the handheld scanner (it types
"CD1:…" and Enter) or open a photo/scan of it; the answer is shown big, in colour: genuine or not, valid or not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import verification
from app.services.context import Actor, ServiceContext
from app.services.verification import VerificationResult
from app.ui import file_dialogs
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner

# (background, text) per outcome: green only for a genuine, valid certificate.
GREEN = ("#e3f4e4", "#1b5e20")
RED = ("#fde0e0", "#b00020")
AMBER = ("#fff1d6", "#8a4b00")
GREY = ("#eeeeee", "#444444")
IMAGE_FILTER = "*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pdf"


class VerifyScreen(QWidget):
    verified = Signal(object)  # VerificationResult

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verifyScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.result: VerificationResult | None = None
        self.setAcceptDrops(True)
        title = QLabel(self.tr("证书核验"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        hint = QLabel(
            self.tr(
                "用扫码枪扫描证书上的二维码，或打开证书的照片、扫描件（也可直接拖入本窗口）。核验在本机离线完成。"
            )
        )
        hint.setWordWrap(True)
        self.input = QLineEdit()
        self.input.setObjectName("payloadInput")
        self.input.setPlaceholderText(self.tr("扫码枪输入（以 CD1: 开头或核验网址），回车核验"))
        self.input.setProperty("scannerPassthrough", True)  # the scanner types straight into this field
        self.input.setStyleSheet("font-size: 12pt; padding: 4px;")
        self.input.returnPressed.connect(lambda: self.verify_text(self.input.text()))
        self.image_button = QPushButton(self.tr("打开图片…"))
        self.image_button.setObjectName("imageButton")
        self.image_button.clicked.connect(self.choose_image)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.image_button)
        self.headline = QLabel(self.tr("等待扫码"))
        self.headline.setObjectName("verdict")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setWordWrap(True)
        self.headline.setMinimumHeight(120)
        self.details = QLabel("")
        self.details.setObjectName("verifyDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet("font-size: 12pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addSpacing(8)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)
        self._paint(GREY, self.tr("等待扫码"))

    def focus_first(self) -> None:
        self.input.setFocus()
        self.input.selectAll()

    def activated(self) -> None:
        self.focus_first()

    # -- input ---------------------------------------------------------------------------------------------

    def verify_text(self, text: str) -> None:
        """A scanned payload (also called by the main window when the scanner is used on another screen)."""
        text = text.strip()
        if not text:
            return
        self.input.setText(text)
        self.input.selectAll()
        self._run(text)

    def verify_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._paint(RED, self.tr("无法读取文件"))
            self.details.setText(f"{path}\n{exc.strerror or exc}")
            return
        self._run(data)

    def choose_image(self) -> None:
        name = file_dialogs.open_file(
            self, self.tr("选择证书照片或扫描件"), self.tr("图片或PDF (%1)").replace("%1", IMAGE_FILTER)
        )
        if name:
            self.verify_file(Path(name))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.verify_file(Path(urls[0].toLocalFile()))

    def _run(self, data: str | bytes) -> None:
        ctx = self._ctx
        self._paint(GREY, self.tr("正在核验…"))
        self.details.setText("")
        self._runner.run_db(
            lambda: verification.verify(ctx, data), self.show_result, self._failed, name="verify"
        )

    # -- output --------------------------------------------------------------------------------------------

    def show_result(self, result: VerificationResult) -> None:
        self.result = result
        if result.ok:
            colours = GREEN
        elif not result.genuine:
            colours = GREY if result.signature == verification.UNREADABLE else RED
        else:
            colours = AMBER
        mark = "✔ " if result.ok else ("✘ " if result.signature == verification.FORGED else "")
        self._paint(colours, mark + self.headline_text(result))
        self.details.setText("\n".join(result.lines()[1:]))
        self.input.setFocus()
        self.input.selectAll()
        self.verified.emit(result)

    def headline_text(self, result: VerificationResult) -> str:
        """The verdict through Qt's translation (the service's Chinese headline is the fallback)."""
        by_status = {
            verification.VALID: self.tr("真证书，现行有效"),
            verification.EXPIRED: self.tr("真证书，但已过期"),
            verification.CANCELLED: self.tr("真证书，但已注销"),
            verification.REVOKED: self.tr("真证书，但已被撤销（吊销）"),
            verification.SUSPENDED: self.tr("真证书，但已暂扣"),
            verification.TRANSFERRING_OUT: self.tr("真证书，但正在跨省转出"),
            verification.SUPERSEDED: self.tr("旧版证书，已被新版本取代"),
            verification.MISMATCH: self.tr("签名有效，但与登记信息不符"),
            verification.UNKNOWN: self.tr("签名有效，但本机登记库中查无此证书"),
        }
        by_signature = {
            verification.FORGED: self.tr("签名无效：证书可能伪造或被篡改"),
            verification.UNKNOWN_KEY: self.tr("无法核验：签名密钥未知"),
            verification.UNREADABLE: self.tr("无法识别：不是本系统的证书二维码"),
        }
        if result.genuine:
            return by_status.get(result.status, result.headline)
        return by_signature.get(result.signature, result.headline)

    def _failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self._paint(GREY, self.tr("无法核验"))
        self.details.setText(f"{message}\n{fix}")

    def _paint(self, colours: tuple[str, str], text: str) -> None:
        background, foreground = colours
        self.headline.setText(text)
        self.headline.setStyleSheet(
            f"font-size: 26pt; font-weight: bold; color: {foreground}; background: {background};"
            f" border: 2px solid {foreground}; border-radius: 8px; padding: 16px;"
        )
