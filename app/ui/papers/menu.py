"""Where papers are offered: a "文书" menu button for the application's detail (every paper its status allows,
reprintable at any time), and the notice that follows a decision, opened where the decision was taken."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from app.services import paperwork
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui.papers.dialog import PaperPreviewDialog, open_paper
from app.ui.papers.jobs import title
from app.ui.tasks import TaskRunner

# The notice that goes with the status a decision leads to.
NOTICE_AFTER = {
    "accepted": paperwork.ACCEPTANCE,
    "correction_requested": paperwork.CORRECTION,
    "refused": paperwork.REFUSAL,
    "returned": paperwork.RETURN,
}


class PapersButton(QPushButton):
    """打印文书▾: one entry per paper the application's status allows."""

    def __init__(self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(self.tr("打印文书"), parent)
        self.setObjectName("papersButton")
        self.setToolTip(self.tr("预览、打印或保存本办件的申请表、凭证、通知书和审核表"))
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.view: ApplicationView | None = None
        self.dialog: PaperPreviewDialog | None = None
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)

    def set_view(self, view: ApplicationView) -> None:
        self.view = view
        self.menu_.clear()
        for kind in paperwork.available(view):
            action = self.menu_.addAction(title(kind))
            action.setObjectName(f"paper_{kind}")
            action.triggered.connect(lambda _=False, k=kind: self.open(k))

    def kinds(self) -> list[str]:
        return [a.objectName().removeprefix("paper_") for a in self.menu_.actions()]

    def open(self, kind: str) -> PaperPreviewDialog | None:
        if self.view is None:
            return None
        self.dialog = open_paper(self.window(), self._ctx, self._actor, self._runner, self.view.uuid, kind)
        return self.dialog


def offer_notice(
    parent: QWidget,
    ctx: ServiceContext,
    actor: Actor,
    runner: TaskRunner,
    view: ApplicationView,
    **kwargs: object,
) -> PaperPreviewDialog | None:
    """After a decision: open the notice it calls for (受理/补正/不予受理/退件), ready to print for the applicant."""
    kind = NOTICE_AFTER.get(view.status)
    if kind is None:
        return None
    return open_paper(parent, ctx, actor, runner, view.uuid, kind, **kwargs)
