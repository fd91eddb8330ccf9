"""One applicant at the counter: the applicant's screen follows the intake form, stores the signature when the
applicant signs, and asks for 好差评 once the receipt is printed. Lives on the main window (the intake screen
closes when the receipt does, the rating comes after)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.services import evaluation
from app.ui.applicant.screen import ApplicantScreen, applicant_screen_for
from app.ui.errors import show_error

if TYPE_CHECKING:
    from app.ui.intake.screen import IntakeScreen


def second_screen_present() -> bool:
    return len(QGuiApplication.screens()) > 1


class ApplicantSession(QObject):
    def __init__(self, intake: IntakeScreen, host: QWidget) -> None:
        super().__init__(host)
        self.ctx, self.actor, self.runner = intake.ctx, intake.actor, intake.runner
        self.uuid: str | None = None
        self.screen: ApplicantScreen
        self.window: QWidget
        self.screen, self.window = applicant_screen_for(host)
        self.screen.signed.connect(self._signed)
        self.screen.rated.connect(self._rated)
        self.screen.corrections_wanted.connect(
            lambda: (
                intake.work
                and intake.work.set_status(self.screen.tr("申请人认为信息有误：请与申请人核对后修改"))
            )
        )

    def follow(self, intake: IntakeScreen) -> None:
        """Show what the clerk has entered so far (called on every change of the form)."""
        if intake.work is None or intake.item is None:
            return
        self.uuid = intake.uuid
        labels = {f.name: f.label for f in intake.item.fields}
        self.screen.show_form(intake.item.name, intake.work.form.values(), labels)

    def ask_confirmation(self, intake: IntakeScreen) -> None:
        self.follow(intake)
        self.screen.ask_confirmation()
        self._show()

    def ask_rating(self, uuid: str) -> None:
        self.uuid = uuid
        self.screen.ask_rating()
        self._show()

    def _show(self) -> None:
        if self.window is self.screen:
            self.window.showFullScreen()
        else:
            self.window.show()
        self.window.raise_()

    def _signed(self, png: bytes) -> None:
        self._store(lambda uuid: evaluation.record_signature(self.ctx, self.actor, uuid, png))

    def _rated(self, rating: int, reason: str) -> None:
        self._store(lambda uuid: evaluation.record_evaluation(self.ctx, self.actor, uuid, rating, reason))

    def _store(self, job: Any) -> None:
        uuid = self.uuid
        if uuid is None:
            return
        with contextlib.suppress(RuntimeError):  # the runner is shut down: the window is closing
            self.runner.run_db(lambda: job(uuid), None, lambda exc: show_error(self.window, exc))

    def close(self) -> None:
        self.window.close()
