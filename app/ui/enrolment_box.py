"""登记本工作站: the administrator enrols this workstation with the central store once (工作站设置).

The workstation then syncs everyone's work with its own credential, also at the login screen; the password
typed here is used for this one central login and not kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services import settings
from app.services.central_address import tls_verify
from app.services.context import Actor, ServiceContext
from app.ui.errors import error_text
from app.ui.tasks import TaskRunner


def describe(saved: dict[str, Any]) -> str:
    """The enrolment as the administrator reads it."""
    if not saved.get("credential"):
        return "本工作站尚未在中心登记：登记后，无论谁登录，本机的全部待同步变更都会按顺序推送到中心。"
    where = saved.get("central_url")
    where_text = "本机内置中心库" if where == "embedded" else str(where)
    when = str(saved.get("enrolled_at", ""))[:16].replace("T", " ")
    return f"本工作站（{saved.get('code', '')}）已于 {when} 登记到 {where_text}。"


class EnrolmentBox(QGroupBox):
    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("工作站登记"), parent)
        self.setObjectName("enrolmentBox")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.status = QLabel("")
        self.status.setObjectName("enrolmentStatus")
        self.status.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("enrolmentPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("管理员 %1 在中心库的密码").replace("%1", actor.username))
        self.button = QPushButton(self.tr("登记本工作站(&G)"))
        self.button.setObjectName("enrolButton")
        self.button.clicked.connect(self.enrol)
        self.message = QLabel("")
        self.message.setObjectName("enrolmentMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run_db(lambda: settings.get(ctx, "enrolment"), self._show, self._failed)

    def _show(self, saved: dict[str, Any]) -> None:
        self.status.setText(describe(saved))

    def enrol(self) -> None:
        ctx, actor, password = self._ctx, self._actor, self.password.text()
        if not password:
            self._say(self.tr("请输入管理员密码后再登记。"), error=True)
            self.password.setFocus()
            return

        def job() -> dict[str, Any]:
            from app.sync import enrolment

            client = settings.get(ctx, "client")
            url = str(client.get("central_url") or "")
            if not url:
                return {"embedded": True}
            enrolment.enrol(
                ctx,
                actor,
                url,
                actor.username,
                password,
                verify=tls_verify(str(client.get("central_ca_file") or "")),
            )
            return settings.get(ctx, "enrolment")

        self.password.clear()
        self.button.setEnabled(False)
        self._say(self.tr("正在登记…"))
        self._runner.run_io(job, self._enrolled, self._failed, name="enrol")

    def _enrolled(self, saved: dict[str, Any]) -> None:
        self.button.setEnabled(True)
        if saved.get("embedded"):
            self._say(self.tr("未设置中心服务地址：单机使用时，本工作站已自动登记到本机内置中心库。"))
            return
        self._show(saved)
        self._say(self.tr("登记成功。从下一次同步起，本工作站以自己的身份推送全部待同步变更。"))

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        message, fix = error_text(exc)
        self._say(message + ("；" + fix if fix else ""), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #555;")
        self.message.setText(text)
