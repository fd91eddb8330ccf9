"""The supervisor's review opinion (审核意见) beside the comparison, and the review sheet (审核表) printed from it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.services import paperwork
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui.papers.dialog import PaperPreviewDialog, open_paper
from app.ui.tasks import TaskRunner


class OpinionBox(QWidget):
    def __init__(self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.app: ApplicationView | None = None
        self.dialog: PaperPreviewDialog | None = None
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("reviewOpinion")
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(self.tr("例如：材料齐全，与登记信息一致，考核成绩合格，同意发证。"))
        self.editor.setMaximumHeight(70)
        self.print_button = QPushButton(self.tr("打印审核表"))
        self.print_button.setObjectName("printReviewSheet")
        self.print_button.setToolTip(self.tr("预览并打印含审核意见和比对结果的审核表"))
        self.print_button.clicked.connect(self.print_sheet)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("<b>审核意见</b>（打印在审核表上，随办件存档）")), 1)
        head.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.editor)
        self.set_application(None)

    def set_application(self, app: ApplicationView | None) -> None:
        if app is None or self.app is None or app.uuid != self.app.uuid:
            self.editor.setPlainText((app.review_opinion or "") if app else "")
        self.app = app
        self.editor.setEnabled(app is not None)
        self.print_button.setEnabled(app is not None and paperwork.REVIEW in paperwork.available(app))

    def text(self) -> str:
        return self.editor.toPlainText().strip()

    def print_sheet(self) -> PaperPreviewDialog | None:
        if self.app is None:
            return None
        self.dialog = open_paper(
            self.window(),
            self._ctx,
            self._actor,
            self._runner,
            self.app.uuid,
            paperwork.REVIEW,
            opinion=self.text(),
        )
        return self.dialog
