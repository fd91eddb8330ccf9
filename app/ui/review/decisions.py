"""The review screen's decisions: approve after a confirmation (Ctrl+Enter), then offer the certificate's print
preview; return with a reason (Ctrl+R), then offer the 退件通知书; batch approval of the simple items ticked in
the queue, and batch printing.

Mixed into ReviewScreen (app.ui.review.screen); it uses the screen's context, runner, sheet, opinion box and
buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.services import review
from app.services.views import ApplicationView
from app.ui.errors import show_error
from app.ui.papers.menu import offer_notice
from app.ui.printing import BatchPrintDialog, CertificatePreviewDialog
from app.ui.review.batch_approve import BatchApproveDialog
from app.ui.review.colours import GREEN
from app.ui.review.return_dialog import ReturnDialog
from app.ui.review.sheet import ReviewSheet


class ReviewDecisions:
    def confirm_approve(self) -> None:
        """Ctrl+Enter or the button: approval issues a certificate, so it is confirmed first (Enter confirms,
        Esc goes back to the sheet)."""
        sheet = self.sheet
        if sheet is None or not self.approve_button.isEnabled():
            return
        app = sheet.app
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("审核通过"),
            self.tr("确认审核通过办件 %1（%2，%3）并办结？")
            .replace("%1", app.number or "")
            .replace("%2", app.applicant_name)
            .replace("%3", sheet.item_name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(self.tr("审核通过"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("再看看"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setObjectName("confirmApprove")
        yes.clicked.connect(self.approve_current)
        self.dialog = box
        box.open()

    def approve_current(self) -> None:
        sheet = self.sheet
        if sheet is None or not self.approve_button.isEnabled():
            return
        ctx, actor, app, opinion = self._ctx, self._actor, sheet.app, self.opinion.text()
        self.approve_button.setEnabled(False)
        self._runner.run_db(
            lambda: review.approve(ctx, actor, app.uuid, expected_version=app.version, opinion=opinion),
            lambda done: self._approved(done, sheet),
            self._decision_failed,
        )

    def _approved(self, app: ApplicationView, sheet: ReviewSheet) -> None:
        self.approved.emit(app.uuid, app.certificate_number or "")
        self.refresh()
        number = app.certificate_number or ""
        if app.provisional:
            # Printed once the central store has accepted the approval (it then joins 打印队列).
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("已审核，待中心确认"),
                self.tr(
                    "办件 %1 已审核通过，待中心确认。\n中心确认后证书进入打印队列，短信同时发出；"
                    "离线时确认会在联网后自动完成。"
                ).replace("%1", app.number or ""),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setObjectName("approvalProvisional")
            self.dialog = box
            box.open()
            return
        if not (sheet.prints_certificate and number):
            self.why.setStyleSheet(f"color: {GREEN};")
            self.why.setText(self.tr("办件 %1 已审核通过并办结。").replace("%1", app.number or ""))
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("审核通过"),
            self.tr("办件 %1 已审核通过，证书 %2 已签发。\n现在打印证书吗？")
            .replace("%1", app.number or "")
            .replace("%2", number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("printOffer")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("打印证书"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("稍后批量打印"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.accepted.connect(lambda: self.preview(number))
        self.dialog = box
        box.open()

    def preview(self, number: str) -> CertificatePreviewDialog:
        dialog = CertificatePreviewDialog(
            self._ctx, self._actor, self._runner, number, self, photo_loader=self._loader
        )
        self.dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def return_current(self) -> None:
        sheet = self.sheet
        if sheet is None or not self.return_button.isEnabled():
            return
        dialog = ReturnDialog(sheet.app.number or "", sheet.app.applicant_name, self)
        dialog.accepted.connect(lambda: self._return(sheet, dialog.text()))
        self.dialog = dialog
        dialog.open()

    def _return(self, sheet: ReviewSheet, reason: str) -> None:
        ctx, actor, app, opinion = self._ctx, self._actor, sheet.app, self.opinion.text()
        self._runner.run_db(
            lambda: review.return_application(
                ctx, actor, app.uuid, reason, expected_version=app.version, opinion=opinion
            ),
            self._returned,
            self._decision_failed,
        )

    def _returned(self, app: ApplicationView) -> None:
        self.refresh()
        # The 退件通知书 for the applicant, printed where the supervisor returned the application.
        self.dialog = offer_notice(self, self._ctx, self._actor, self._runner, app)

    def _decision_failed(self, exc: BaseException) -> None:
        self.dialog = show_error(self, exc)
        self.refresh()

    def batch_approve(self) -> None:
        apps = self.checked_apps()
        if not apps:
            self.dialog = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("批量审核"),
                self.tr("请先在列表“批量”列勾选要一并审核的简易事项（延续、补办、注销）。"),
                QMessageBox.StandardButton.Ok,
                self,
            )
            self.dialog.open()
            return
        dialog = BatchApproveDialog(self._ctx, self._actor, self._runner, apps, self)
        dialog.done.connect(lambda _results: self.refresh())
        self.dialog = dialog
        dialog.open()

    def batch_print(self) -> BatchPrintDialog:
        dialog = BatchPrintDialog(self._ctx, self._actor, self._runner, self, photo_loader=self._loader)
        self.dialog = dialog
        dialog.open()
        dialog.load()
        return dialog
