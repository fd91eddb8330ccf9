"""The intake screen's draft keeping: save now (Ctrl+S, Esc, or a second after a change), print the application
form as typed so far, and discard the draft when the applicant gives up.

Mixed into IntakeScreen (app.ui.intake.screen); it uses the screen's ctx, actor, runner, work, state() and task
plumbing."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.services import intake
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui.intake.drafts import DraftState
from app.ui.papers.dialog import open_paper


def save_state(ctx: ServiceContext, actor: Actor, state: DraftState) -> ApplicationView:
    """Save the form as it stands on screen into its draft (on the database worker)."""
    return intake.save_draft(
        ctx,
        actor,
        state.uuid,
        state.form,
        conditions=state.conditions,
        material_states=state.material_states,
    )


class DraftSaving:
    def _save(self) -> None:
        self.save_now(explicit=False)

    def save_now(self, *, explicit: bool) -> None:
        self._save_timer.stop()
        state = self.state()
        if state is None or self._submitting or self.correction:
            return  # a correction is written by its resubmission alone; until then the journal holds it
        ctx, actor = self.ctx, self.actor

        def save() -> ApplicationView:
            return save_state(ctx, actor, state)

        def saved(_view: ApplicationView) -> None:
            text = self.tr("草稿已保存") if explicit else self.tr("已自动保存")
            self.work.set_status(f"{text} {self.ctx.now():%H:%M:%S}")

        self._db(save, saved, name="save")

    def print_form(self) -> QWidget | None:
        """The application form as typed so far, saved first, for the applicant to sign and the company to seal."""
        state = self.state()
        if state is None or self._submitting:
            return None
        self._save_timer.stop()
        ctx, actor = self.ctx, self.actor
        self.form_dialog = open_paper(
            self,
            ctx,
            actor,
            self.runner,
            state.uuid,
            "form",
            before=lambda: save_state(ctx, actor, state),
        )
        return self.form_dialog

    def discard(self) -> None:
        if self.uuid is None:
            return
        answer = QMessageBox.question(
            self, self.tr("删除草稿"), self.tr("申请人不再办理，删除本草稿？删除后不能恢复。")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        uuid, journal = self.uuid, self.journal
        self._save_timer.stop()
        self._submitting = True  # no more saves
        if journal is not None:
            journal.remove()
        self._db(lambda: intake.discard_draft(self.ctx, self.actor, uuid), lambda _r: self.cancelled.emit())
