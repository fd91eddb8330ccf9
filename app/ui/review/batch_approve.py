"""Batch approval of simple items (批量审核): renewals, reissues and cancellations, with one confirmation.

Each application is its own transaction in the service, so one refusal (say, maker ≠ checker) leaves the
others approved; the result lists every one.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from app.services import review
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui.errors import error_text
from app.ui.formatting import item_name
from app.ui.screen_fit import fit_dialog
from app.ui.tasks import TaskRunner


class BatchApproveDialog(QDialog):
    done = Signal(list)  # list[review.BatchResult]

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        apps: list[ApplicationView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchApprove")
        self.setWindowTitle(self.tr("批量审核通过"))
        self._ctx, self._actor, self._runner, self.apps = ctx, actor, runner, apps
        self.results: list[review.BatchResult] = []
        intro = QLabel(
            self.tr(
                "以下 %1 件简易事项（延续、补办、注销）将一次审核通过并办结。请确认已逐件核对材料："
            ).replace("%1", str(len(apps)))
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("batchApproveList")
        for app in apps:
            self.list.addItem(
                f"{app.number}　{item_name(ctx.catalogue, app.item_code)}　{app.applicant_name}"
            )
        self.status = QLabel("")
        self.status.setObjectName("batchApproveStatus")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("全部审核通过（%1件）").replace("%1", str(len(apps))))
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        fit_dialog(self, 640, 420)

    def run(self) -> None:
        ctx, actor, refs = self._ctx, self._actor, [a.uuid for a in self.apps]
        self.ok_button.setEnabled(False)
        self.status.setText(self.tr("正在审核…"))
        self._runner.run_db(lambda: review.batch_approve(ctx, actor, refs), self._finished, self._failed)

    def _finished(self, results: list[review.BatchResult]) -> None:
        self.results = results
        self.list.clear()
        by_uuid = {a.uuid: a for a in self.apps}
        for r in results:
            app = by_uuid.get(r.uuid)
            head = f"{app.number if app else r.number}　{app.applicant_name if app else ''}"
            mark = "✔" if r.ok else "✘"
            self.list.addItem(f"{mark} {head}　{r.message.splitlines()[0]}")
        ok = sum(1 for r in results if r.ok)
        self.status.setText(
            self.tr("已审核通过 %1 件，未通过 %2 件。")
            .replace("%1", str(ok))
            .replace("%2", str(len(results) - ok))
        )
        self.cancel_button.setText(self.tr("关闭"))
        self.done.emit(results)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(" ".join(error_text(exc)))
        self.ok_button.setEnabled(True)
