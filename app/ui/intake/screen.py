"""新建办件: one applicant from "I want to renew my certificate" to a printed material receipt, keyboard first.

The nine steps of seed 000, compressed: pick the item (pinyin initials, recent first) → Ctrl+A ticks the
approval conditions → Ctrl+A marks the materials collected → type or scan the ID number and the registry fills
the form (提取) → Ctrl+Enter submits and prints the receipt. The draft exists from the moment the item is chosen;
every change goes to a local journal at once and to the database within a second, so nothing typed is lost.
All database work goes through the task runner; results come back on the main thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from app.domain.catalogue import Catalogue, Item
from app.domain.errors import DomainError
from app.domain.rules import RuleFailure
from app.paths import data_dir as default_data_dir
from app.services import form_rules, intake
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui import calendar_banner
from app.ui.applicant.session import ApplicantSession, second_screen_present
from app.ui.intake.card_reading import read_card
from app.ui.intake.company_fill import fill_company
from app.ui.intake.correction import apply_correction_mode
from app.ui.intake.draft_saving import DraftSaving
from app.ui.intake.drafts import DraftJournal, DraftState, find_recoverable_drafts, load_draft, now_text
from app.ui.intake.item_picker import ItemPicker
from app.ui.intake.receipt_dialog import ReceiptDialog
from app.ui.intake.registry_extract import RegistryExtract
from app.ui.intake.scanning import open_capture
from app.ui.intake.search import load_recent, remember_recent
from app.ui.intake.submitting import SubmitAndReceipt
from app.ui.intake.workspace import STEP_CONDITIONS, STEP_FORM, STEP_MATERIALS, Workspace
from app.ui.tasks import TaskRunner

RULES_DELAY_MS = 300
SAVE_DELAY_MS = 800


class IntakeScreen(DraftSaving, RegistryExtract, SubmitAndReceipt, QWidget):
    finished = Signal(str)  # application uuid, after submit and receipt
    cancelled = Signal()
    scan_requested = Signal(str)  # material code, for the capture screen

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        item_code: str | None = None,
        draft_uuid: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.runner = ctx, actor, runner
        self.data_dir = ctx.data_dir or default_data_dir()
        self.item: Item | None = None
        self.catalogue: Catalogue = ctx.catalogue  # the catalogue of the draft on screen
        self.uuid: str | None = None
        self.journal: DraftJournal | None = None
        self.work: Workspace | None = None
        self.receipt: ReceiptDialog | None = None
        self.form_dialog: QWidget | None = None
        self.card_reader: Any = None  # the ID card reader, built from 工作站设置 on the first F4
        self.applicant: ApplicantSession | None = (
            None  # the applicant's screen, F6 (always with a 2nd monitor)
        )
        self.submitted_view: ApplicationView | None = None
        self._submit_pending = False
        self._submitting = False
        self.correction = (
            False  # taking in a correction (补正) of a submitted application: resubmit, not submit
        )
        self.number: str | None = None  # the application number, once submitted
        self._task = f"intake-{id(self)}"
        self.setObjectName("intake_screen")
        self.setWindowTitle(self.tr("新建办件"))

        self._rules_timer = self._timer(RULES_DELAY_MS, self._evaluate)
        self._save_timer = self._timer(SAVE_DELAY_MS, self._save)
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        # The receipt printed on submit carries a due date: warn while next year's holidays are missing.
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner, 0)
        layout.addWidget(self.stack)
        self.picker = ItemPicker(ctx.catalogue, load_recent(self.data_dir, actor.username))
        self.picker.item_chosen.connect(self.choose_item)
        self.picker.draft_chosen.connect(self.restore_draft)
        self.stack.addWidget(self.picker)
        self.setFocusProxy(self.picker)

        keys: list[tuple[Any, Callable[[], None]]] = [
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), self.submit),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter), self.submit),
            (QKeySequence.StandardKey.Save, lambda: self.save_now(explicit=True)),
            (QKeySequence(Qt.Key.Key_Escape), self.leave),
            (QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_2), lambda: self._go(STEP_CONDITIONS)),
            (QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_3), lambda: self._go(STEP_MATERIALS)),
            (QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_4), lambda: self._go(STEP_FORM)),
            (QKeySequence(Qt.Key.Key_F4), lambda: read_card(self)),  # 读卡
            (QKeySequence(Qt.Key.Key_F6), self.ask_applicant),  # 请申请人核对并签名
        ]
        for seq, slot in keys:
            shortcut = QShortcut(seq, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        if item_code:
            self.choose_item(item_code)
        elif draft_uuid:
            self.restore_draft(draft_uuid)
        else:
            self._db(
                lambda: find_recoverable_drafts(ctx, actor.username), self.picker.set_drafts, name="drafts"
            )

    # ------------------------------------------------------------------ plumbing

    def _timer(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _db(
        self,
        fn: Callable[[], Any],
        ok: Callable[[Any], None] | None = None,
        err: Callable[[BaseException], None] | None = None,
        *,
        name: str | None = None,
    ) -> None:
        self._run(self.runner.run_db, fn, ok, err or self._show_error, name)

    def run_db(self, fn: Callable[[], Any], ok: Callable[[Any], None], *, name: str) -> None:
        """For the screen's helpers (company fill): a named database task whose errors show in the status line."""
        self._db(fn, ok, name=name)

    def run_io(
        self, fn: Callable[[], Any], ok: Callable[[Any], None], err: Callable[[BaseException], None]
    ) -> None:
        """For the screen's helpers (the card reader): device work off the main thread."""
        self._io(fn, ok, err)

    def form_changed(self) -> None:
        """A helper filled a field: journal, save and re-check the rules as for a clerk's change."""
        self._touched()

    def _io(
        self, fn: Callable[[], Any], ok: Callable[[Any], None] | None, err: Callable[[BaseException], None]
    ) -> None:
        self._run(self.runner.run_io, fn, ok, err, None)

    def _run(self, submit: Callable[..., Any], fn: Any, ok: Any, err: Any, name: str | None) -> None:
        # RuntimeError: the runner was shut down (the application is closing); the journal holds the draft.
        with contextlib.suppress(RuntimeError):
            submit(fn, ok, err, name=f"{self._task}-{name}" if name else None, owner=self)

    def _show_error(self, exc: BaseException) -> None:
        text = (
            exc.user_text()
            if isinstance(exc, DomainError)
            else self.tr("操作失败：%1").replace("%1", str(exc))
        )
        if self.work is not None:
            self.work.set_status(text, error=True)

    # ------------------------------------------------------------------ step 1: item

    def choose_item(self, code: str) -> None:
        catalogue = self.catalogue = self.ctx.catalogue  # the current version; the draft keeps it
        item = catalogue.item(code)
        self.calendar_banner.refresh()  # the year may have arrived through sync since the screen was built
        self._build(item)
        data_dir, user = self.data_dir, self.actor.username
        self._io(lambda: remember_recent(data_dir, user, code), None, lambda _e: None)
        materials = dict(self.work.materials.states)
        self._db(
            lambda: intake.create_draft(
                self.ctx, self.actor, code, {}, material_states=materials, catalogue=catalogue
            ),
            self._created,
        )
        self.work.go(STEP_CONDITIONS)
        self._evaluate()

    def _build(self, item: Item) -> None:
        self.item = item
        self.work = Workspace(item)
        w = self.work
        w.conditions.changed.connect(self._touched)
        w.conditions.done.connect(lambda: self._go(STEP_MATERIALS))
        w.materials.changed.connect(self._touched)
        w.materials.done.connect(lambda: self._go(STEP_FORM))
        w.materials.scan_requested.connect(self.scan_requested)
        w.materials.scan_requested.connect(lambda code: open_capture(self, code))
        w.form.changed.connect(lambda _name: self._touched())
        w.form.extract_requested.connect(self._extract)
        w.form.company_requested.connect(lambda field, code: fill_company(self, field, code))
        w.rules.field_requested.connect(self.focus_failure)
        w.submit_button.clicked.connect(self.submit)
        w.save_button.clicked.connect(lambda: self.save_now(explicit=True))
        w.form_button.clicked.connect(self.print_form)
        w.leave_button.clicked.connect(self.leave)
        w.discard_button.clicked.connect(self.discard)
        w.set_status(self.tr("正在建立草稿…"))
        self.stack.addWidget(w)
        self.stack.setCurrentWidget(w)
        self.setFocusProxy(None)

    def _created(self, view: ApplicationView) -> None:
        self._attach(view.uuid)
        self.work.set_status(self.tr("草稿已建立"))
        if self.applicant is None and second_screen_present():
            self.applicant = ApplicantSession(self, self.window())  # a monitor faces the applicant: use it
            self.applicant.ask_confirmation(self)
        self._touched()
        if self._submit_pending:
            self.submit()

    def _attach(self, uuid: str) -> None:
        self.uuid = uuid
        self.journal = DraftJournal(self.ctx, uuid)

    # ------------------------------------------------------------------ drafts

    def restore_draft(self, uuid: str) -> None:
        self._db(
            lambda: load_draft(self.ctx, self.actor.username, uuid), self._restored, self._restore_failed
        )

    def _restore_failed(self, exc: BaseException) -> None:
        text = exc.user_text() if isinstance(exc, DomainError) else str(exc)
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("无法恢复草稿"), text, QMessageBox.StandardButton.Ok, self
        )
        box.open()

    def _restored(self, state: DraftState) -> None:
        self.catalogue = self.ctx.catalogues.version(state.catalogue_version or None)
        self._build(self.catalogue.item(state.item_code))
        w = self.work
        w.conditions.set_ticked(state.conditions)
        w.materials.set_states(state.material_states, state.pages)
        w.form.set_values(state.form, state.autofilled)
        self._attach(state.uuid)
        if state.correction:
            self.correction, self.number = True, state.number or None
            self.setWindowTitle(self.tr("补正后重新提交"))
            apply_correction_mode(w, state)
            w.set_status(self.tr("补正：请收取告知补正的材料"))
            w.go(state.step if state.step else STEP_MATERIALS)
        else:
            w.set_status(self.tr("已恢复草稿（%1）").replace("%1", state.saved_at[:19].replace("T", " ")))
            w.go(state.step)
        self._touched()

    def state(self) -> DraftState | None:
        if self.work is None or self.uuid is None or self.item is None:
            return None
        w = self.work
        return DraftState(
            uuid=self.uuid,
            username=self.actor.username,
            item_code=self.item.code,
            form=w.form.values(),
            conditions=w.conditions.ticked(),
            material_states=dict(w.materials.states),
            pages=dict(w.materials.pages),
            autofilled=sorted(w.form.autofilled),
            step=w.tabs.currentIndex(),
            saved_at=now_text(self.ctx),
        )

    def ask_applicant(self) -> None:
        """F6: the applicant checks what was entered (masked), confirms and signs on their screen."""
        if self.work is None:
            return
        if self.applicant is None:
            self.applicant = ApplicantSession(self, self.window())
        self.applicant.ask_confirmation(self)

    def _touched(self) -> None:
        """Something changed: journal now, database within a second, rules after a pause in typing."""
        self.work.update_titles()
        if self.applicant is not None:
            self.applicant.follow(self)
        self.work.rules.set_checking()
        self._rules_timer.start()
        state = self.state()
        if state is None or self.journal is None:
            return
        journal, seq = self.journal, self.journal.next_seq()
        self._io(lambda: journal.write(state, seq), None, self._journal_failed)
        self._save_timer.start()

    def _journal_failed(self, exc: BaseException) -> None:
        self.work.set_status(self.tr("本地草稿备份写入失败：%1").replace("%1", str(exc)), error=True)

    def leave(self) -> None:
        """Esc: keep the draft and go back; nothing is lost."""
        if self.work is not None and not self._submitting:
            self.save_now(explicit=True)
        self.cancelled.emit()

    # ------------------------------------------------------------------ rules and extract

    def _evaluate(self) -> None:
        if self.work is None or self.item is None:
            return
        w, code, ctx, catalogue = self.work, self.item.code, self.ctx, self.catalogue
        form, ticked, states = w.form.values(), w.conditions.ticked(), dict(w.materials.states)
        number = self.number
        w.rules.set_checking()
        self._db(
            lambda: form_rules.evaluate_form(
                ctx,
                code,
                form,
                conditions=ticked,
                material_states=states,
                exclude_application=number,
                catalogue=catalogue,
            ),
            self._show_failures,
            name="rules",
        )

    def _show_failures(self, failures: list[RuleFailure], note: str = "") -> None:
        self.work.rules.set_failures(failures, note=note)
        self.work.form.show_rule_failures(failures)

    # ------------------------------------------------------------------ navigation

    def focus_first(self) -> None:
        """F2 from anywhere (the side bar, a closed menu, the detail screen): the caret goes where typing continues,
        the item search while no item is chosen, otherwise the current step."""
        if self.work is None:
            self.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.work.go(self.work.tabs.currentIndex())

    def _go(self, step: int) -> None:
        if self.work is not None:
            self.work.go(step)
            self._touched()

    def focus_failure(self, name: str) -> None:
        if name == "conditions":
            self._go(STEP_CONDITIONS)
        elif name == "materials":
            self._go(STEP_MATERIALS)
        elif self.work is not None and name in self.work.form.editors:
            self.work.tabs.setCurrentIndex(STEP_FORM)
            self.work.form.focus_field(name)

    def set_material_state(self, code: str, state: str) -> None:
        """For the capture screen: a material was scanned (state "scanned")."""
        if self.work is not None:
            self.work.materials.set_state(code, state)
