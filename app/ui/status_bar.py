"""The status bar: who is signed in, where, whether the central store is reachable, what waits to sync, and how
far the first load of the registry replica (首次载入登记库) has come."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from app.services import settings
from app.services.context import Actor, ServiceContext
from app.services.outbox import FirstLoad, SyncSnapshot, sync_snapshot
from app.ui.labels import role_name
from app.ui.tasks import TaskRunner


def central_address_text(ctx: ServiceContext) -> str:
    """The configured central store's address, or the embedded one's description (runs on the DB worker)."""
    url = str(settings.get(ctx, "client").get("central_url") or "").strip()
    return url or QCoreApplication.translate("SyncStatusBar", "本机内置中心库（未设置中心服务地址）")


def _when(at: datetime | None, now: datetime) -> str:
    if at is None:
        return QCoreApplication.translate("SyncStatusBar", "从未")
    at = at.replace(tzinfo=None) if at.tzinfo else at
    if at.date() == now.date():
        return at.strftime("%H:%M")
    return at.strftime("%m-%d %H:%M")


_KIND_NAMES = {
    "holiday": "节假日",
    "person": "人员",
    "company": "企业",
    "constructor": "建造师注册",
    "score": "成绩",
    "blacklist": "黑名单",
    "certificate": "证书",
}


def first_load_text(load: FirstLoad) -> str:
    what = QCoreApplication.translate("SyncStatusBar", _KIND_NAMES.get(load.kind, load.kind))
    head = (
        QCoreApplication.translate("SyncStatusBar", "重新载入登记库（范围已更改）")
        if load.reload
        else QCoreApplication.translate("SyncStatusBar", "首次载入登记库")
    )
    return f"{head}：{what} {load.done:,} / {load.total:,}"


class SyncStatusBar(QStatusBar):
    """Refreshed every `interval_ms` through the runner (a named task, so a slow disk never piles them up)."""

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        interval_ms: int = 4000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.setSizeGripEnabled(False)
        self.setContentsMargins(0, 0, 12, 0)
        self.setStyleSheet("QStatusBar QLabel { padding: 0 8px; }")
        self._ctx = ctx
        self._runner = runner
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.place_label = QLabel()
        self.place_label.setObjectName("statusPlace")
        self.online_label = QLabel(self.tr("未连接中心"))
        self.online_label.setObjectName("statusOnline")
        self.pending_label = QLabel(self.tr("待同步 — 条"))
        self.pending_label.setObjectName("statusPending")
        self.last_sync_label = QLabel(self.tr("上次同步：—"))
        self.last_sync_label.setObjectName("statusLastSync")
        self.load_label = QLabel()
        self.load_label.setObjectName("statusFirstLoad")
        self.load_progress = QProgressBar()
        self.load_progress.setObjectName("statusFirstLoadProgress")
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setTextVisible(False)
        for label in (self.user_label, self.place_label, self.load_label, self.load_progress):
            self.addWidget(label)
        self.load_label.hide()
        self.load_progress.hide()
        for label in (self.online_label, self.pending_label, self.last_sync_label):
            self.addPermanentWidget(label)
        self.snapshot: SyncSnapshot | None = None
        self.central_address = ""
        self.set_actor(actor)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(interval_ms)

    def set_actor(self, actor: Actor) -> None:
        self._actor = actor
        self.user_label.setText(
            self.tr("用户：{name}（{role}）").format(
                name=actor.display_name or actor.username, role=role_name(actor.role)
            )
        )
        self.show_workstation()

    def show_workstation(self) -> None:
        ws = self._ctx.workstation
        self.place_label.setText(
            self.tr("{unit}  {counter}号窗口").format(unit=ws.unit_name, counter=ws.counter_no)
        )

    def refresh(self) -> None:
        ctx, actor = self._ctx, self._actor

        def read() -> tuple[SyncSnapshot, str]:
            return sync_snapshot(ctx, actor), central_address_text(ctx)

        self._runner.run_db(read, self._read, lambda _e: None, name="statusbar.sync")

    def _read(self, result: tuple[SyncSnapshot, str]) -> None:
        snap, self.central_address = result
        self.apply(snap)

    def apply(self, snap: SyncSnapshot) -> None:
        self.snapshot = snap
        self.show_workstation()
        if not snap.known:
            online, color = self.tr("未连接中心"), "#777"
        elif snap.needs_login:
            online, color = self.tr("中心需重新登录"), "#b00020"
        elif snap.needs_admin:
            # Retrying will not help (untrusted certificate, clear-text address): work goes on offline, and
            # the administrator is named; the tooltip holds the whole reason and its fix.
            online, color = self.tr("无法安全连接中心，请联系管理员（可继续办理）"), "#b00020"
        elif snap.online:
            online, color = self.tr("在线"), "#1b7f3b"
        else:
            online, color = self.tr("离线（可继续办理）"), "#b35c00"
        self.online_label.setText("● " + online)
        self.online_label.setStyleSheet(f"color: {color};")
        self.online_label.setToolTip(self._online_tip(snap))
        text = self.tr("待同步 {n} 条").format(n=snap.pending)
        if snap.rejected:
            text += self.tr("，需处理 {n} 条").format(n=snap.rejected)
        self.pending_label.setText(text)
        self.pending_label.setStyleSheet("color: #b00020;" if snap.rejected else "")
        self.last_sync_label.setText(
            self.tr("上次同步：{when}").format(when=_when(snap.last_success_at, self._ctx.now()))
        )
        self.show_first_load(snap.first_load)

    def show_first_load(self, load: FirstLoad | None) -> None:
        """While the registry replica loads: what and how far, with a bar over all kinds; then nothing."""
        if load is None:
            self.load_label.hide()
            self.load_progress.hide()
            return
        self.load_label.setText(first_load_text(load))
        self.load_label.setToolTip(
            self.tr(
                "登记库载入完成前，提取可能找不到本地记录；可以继续办理。共 {done:,} / {total:,} 条"
            ).format(done=load.all_done, total=load.all_total)
        )
        # QProgressBar holds an int: scale to per mille so that millions of rows fit on any platform.
        self.load_progress.setRange(0, 1000)
        self.load_progress.setValue(int(1000 * load.all_done / load.all_total) if load.all_total else 0)
        self.load_label.show()
        self.load_progress.show()

    def _online_tip(self, snap: SyncSnapshot) -> str:
        """The address the counter tries and what to do: the clerk reads it out to the administrator."""
        where = self.tr("中心服务地址：{address}").format(address=self.central_address)
        if snap.online and snap.known:
            return where
        reason = snap.last_error or self.tr("尚未与中心库建立连接。")
        return f"{reason}\n{where}"

    def stop(self) -> None:
        self._timer.stop()
