"""The intake screen's last step: submit (Ctrl+Enter; a correction is resubmitted), what stopped it listed at once,
then the material receipt rendered, shown for printing and recorded as printed.

Mixed into IntakeScreen (app.ui.intake.screen); it uses the screen's ctx, actor, runner, work, item, state(),
applicant session and task plumbing."""

from __future__ import annotations

from typing import Any

from app.domain.errors import DomainError
from app.domain.rules import RuleFailure
from app.services import corrections, paperwork, submission
from app.services.views import ApplicationView
from app.ui.intake.draft_saving import save_state
from app.ui.intake.receipt import receipt_view, render_receipt
from app.ui.intake.receipt_dialog import ReceiptDialog, receipt_failure_box


class SubmitAndReceipt:
    def submit(self) -> None:
        if self.work is None or self._submitting:
            return
        if self.uuid is None:
            self._submit_pending = True
            return
        self._submit_pending = False
        self._save_timer.stop()
        self._rules_timer.stop()
        state = self.state()
        ctx, actor = self.ctx, self.actor
        self._submitting = True
        self.work.submit_button.setEnabled(False)
        self.work.form.show_required = True
        self.work.set_status(self.tr("正在提交…"))

        def run() -> ApplicationView:
            if self.correction:
                return corrections.resubmit(
                    ctx,
                    actor,
                    state.uuid,
                    form=state.form,
                    conditions=state.conditions,
                    material_states=state.material_states,
                )
            save_state(ctx, actor, state)
            return submission.submit(ctx, actor, state.uuid)

        self._db(run, self._submitted, self._submit_failed)

    def _submit_failed(self, exc: BaseException) -> None:
        self._submitting = False
        self.work.submit_button.setEnabled(True)
        note = self.tr("未能提交，请先处理下列问题：")
        if isinstance(exc, DomainError) and getattr(exc, "failures", None):
            primary = list(exc.failures)  # type: ignore[attr-defined]
        elif isinstance(exc, DomainError):
            primary = [RuleFailure(exc.code, exc.code, exc.message, exc.fix or "", exc.field)]
        else:
            primary = [
                RuleFailure("ERROR", "ERROR", self.tr("提交时发生错误：%1").replace("%1", str(exc)), "")
            ]
        # What stopped the submit first, then everything else the last check found (一次性告知).
        seen = {(f.code, f.field) for f in primary}
        failures = primary + [f for f in self.work.rules.failures if (f.code, f.field) not in seen]
        self._show_failures(failures, note)
        self.work.set_status(note.rstrip("："), error=True)
        first = next((f for f in failures if f.blocking and f.field), None)
        if first is not None:
            self.focus_failure(first.field or "")
        else:
            self.work.rules.list.setFocus()

    def _submitted(self, view: ApplicationView) -> None:
        self.submitted_view = view
        if self.journal is not None:
            self.journal.remove()
        done = self.tr("已重新提交") if self.correction else self.tr("已提交")
        self.work.set_status(
            self.tr("%1，申请编号 %2，正在生成凭证…").replace("%1", done).replace("%2", view.number or "")
        )
        notice = receipt_view(self.ctx, self.actor, view, self.item, dict(self.work.materials.pages))
        ctx = self.ctx
        self._io(lambda: render_receipt(ctx, notice), self._show_receipt, self._receipt_failed)

    def _show_receipt(self, result: tuple[bytes, Any]) -> None:
        pdf, path = result
        view = self.submitted_view
        self.receipt = ReceiptDialog(pdf, path, view.number or "", self)
        # Printed: archived with the application and in its history, like every other paper (issue 12).
        paper = paperwork.Paper(paperwork.RECEIPT, "材料接收凭证", view.uuid, view.number or "", pdf)
        ctx, actor = self.ctx, self.actor
        self.receipt.accepted.connect(
            lambda: self.runner.run_db(lambda: paperwork.record_printed(ctx, actor, paper, "打印机"))
        )
        self.receipt.finished.connect(lambda _r: self.finished.emit(view.uuid))
        if self.applicant is not None:
            applicant = self.applicant  # outlives this screen: the rating comes after the receipt
            self.receipt.finished.connect(lambda _r: applicant.ask_rating(view.uuid))
        self.receipt.open()

    def _receipt_failed(self, exc: BaseException) -> None:
        view = self.submitted_view
        text = exc.user_text() if isinstance(exc, DomainError) else str(exc)
        box = receipt_failure_box(self, view.number or "", text)
        box.finished.connect(lambda _r: self.finished.emit(view.uuid))
        box.open()
