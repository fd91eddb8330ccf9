"""One application (办件详情): the form with the catalogue's labels, the materials checklist, the timeline from
the audit trail, the sync state, and the workflow moves the status and the user's role allow."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.workflow import Action, allowed_actions
from app.services import audit_log, corrections, counter_decisions, intake, review
from app.services.audit_log import TimelineEntry
from app.services.context import Actor, ServiceContext
from app.services.views import ApplicationView
from app.ui import calendar_banner
from app.ui.action_dialogs import CorrectionDialog, ReasonDialog
from app.ui.errors import show_error
from app.ui.formatting import fmt_date, fmt_datetime
from app.ui.labels import action_name, audit_action_name, material_state_name, status_name, sync_state_name
from app.ui.papers.menu import PapersButton, offer_notice
from app.ui.tasks import TaskRunner
from app.ui.transfer_out_actions import add_transfer_out_actions

# Alt+letter for each move, shown in the button's tooltip.
MNEMONICS = {
    Action.ACCEPT: "A",
    Action.REFUSE: "R",
    Action.REQUEST_CORRECTION: "C",
    Action.WITHDRAW: "W",
    Action.RESUBMIT: "E",
    Action.START_REVIEW: "S",
    Action.APPROVE: "P",
    Action.RETURN: "T",
}


class ApplicationDetail(QWidget):
    open_requested = Signal(str)
    edit_requested = Signal(str)  # continue in the intake screen (resubmit after correction)
    closed = Signal()
    loaded = Signal(object)
    changed = Signal(object)  # the ApplicationView after a successful move

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationDetail")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.view: ApplicationView | None = None
        self.dialog: QDialog | QMessageBox | None = None
        self.title = QLabel(self.tr("办件详情"))
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("detailStatus")
        self.status_label.setStyleSheet(
            "font-size: 12pt; padding: 2px 10px; border-radius: 4px; background: #e8f0fe;"
        )
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("detailSync")
        self.reason_label = QLabel()
        self.reason_label.setObjectName("detailReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #8a4b00; background: #fff4e0; padding: 6px;")
        self.back_button = QPushButton(self.tr("返回"))
        self.back_button.setToolTip(self.tr("返回上一屏（Esc）"))
        self.back_button.clicked.connect(self.closed.emit)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.closed.emit)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.status_label)
        head.addStretch(1)
        head.addWidget(self.sync_label)
        self.papers_button = PapersButton(ctx, actor, runner, self)
        head.addWidget(self.papers_button)
        head.addWidget(self.back_button)
        self.form_box = QGroupBox(self.tr("申请表"))
        self.form_layout = QFormLayout(self.form_box)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.materials_box = QGroupBox(self.tr("申报材料"))
        self.materials_layout = QFormLayout(self.materials_box)
        self.materials_layout.setHorizontalSpacing(16)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.form_box)
        left_layout.addWidget(self.materials_box)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        self.timeline = QTableWidget(0, 4)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("办理人"), self.tr("操作"), self.tr("说明")]
        )
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.setWordWrap(True)
        timeline_box = QGroupBox(self.tr("办理过程"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(timeline_box)
        split.setSizes([560, 520])
        self.actions_row = QHBoxLayout()
        self.action_buttons: dict[Action, QPushButton] = {}
        self.transfer_out_buttons: tuple[QPushButton, ...] = ()
        self.no_action_label = QLabel(self.tr("当前状态下没有可办理的操作。"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        self.calendar_banner = calendar_banner.attach(layout, ctx, runner)
        layout.addWidget(self.item_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(split, 1)
        layout.addLayout(self.actions_row)

    # -- loading --------------------------------------------------------------------------------------------

    def load(self, uuid: str) -> None:
        ctx = self._ctx

        def job() -> tuple[ApplicationView, list[TimelineEntry]]:
            return intake.get(ctx, uuid), audit_log.timeline(ctx, "application", uuid)

        self._runner.run_db(job, self._show, lambda exc: show_error(self, exc), name="detail.load")

    def refresh(self) -> None:
        self.calendar_banner.refresh()
        if self.view is not None:
            self.load(self.view.uuid)

    def focus_first(self) -> None:
        buttons = list(self.action_buttons.values())
        (buttons[0] if buttons else self.back_button).setFocus()

    def _show(self, result: tuple[ApplicationView, list[TimelineEntry]]) -> None:
        view, events = result
        self.view = view
        item = self._ctx.catalogue_for(view).item(view.item_code)
        self.title.setText(view.number or self.tr("草稿（未提交）"))
        status = status_name(view.status)
        if view.status == "approved" and view.provisional:
            status = self.tr("已审核，待中心确认")  # printed and announced once the centre accepts it
        self.status_label.setText(status)
        self.item_label.setText(item.name)
        sync = self.tr("同步：{state}").format(state=sync_state_name(view.sync_state))
        if view.provisional and view.status != "draft":
            sync += self.tr("（结果暂定，待中心确认）")
        self.sync_label.setText(sync)
        self.sync_label.setToolTip(view.sync_message or "")
        self._show_reason(view)
        self._show_form(view)
        self._show_materials(view)
        self._show_timeline(events)
        self._show_actions(view)
        self.papers_button.set_view(view)
        self.loaded.emit(view)

    def _show_reason(self, view: ApplicationView) -> None:
        parts = []
        if view.reason:
            parts.append(self.tr("原因：") + view.reason)
        if view.missing_items:
            parts.append(self.tr("需补正：") + "；".join(view.missing_items))
        if view.due_on and view.status == "correction_requested":
            parts.append(
                self.tr("补正期限：") + fmt_date(view.due_on) + self.tr("（逾期未补正的，视为撤回申请）")
            )
        elif view.due_on and view.status in ("received", "accepted", "under_review"):
            parts.append(self.tr("办理时限：") + fmt_date(view.due_on))
        self.reason_label.setText("\n".join(parts))
        self.reason_label.setVisible(bool(parts))

    def _clear(self, layout: QFormLayout) -> None:
        while layout.rowCount():
            layout.removeRow(0)

    def _show_form(self, view: ApplicationView) -> None:
        self._clear(self.form_layout)
        item = self._ctx.catalogue_for(view).item(view.item_code)
        for f in item.fields:
            value = view.form.get(f.name)
            text = "" if value is None else str(value)
            if f.choices_from_categories and text in item.family.categories:
                text = f"{text} {item.family.categories[text]}"
            shown = QLabel(text or self.tr("（未填写）"))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            if not text:
                shown.setStyleSheet("color: #999;")
            self.form_layout.addRow(f.label + self.tr("："), shown)

    def _show_materials(self, view: ApplicationView) -> None:
        self._clear(self.materials_layout)
        item = self._ctx.catalogue_for(view).item(view.item_code)
        for req in item.materials:
            state = view.material_states.get(req.code, "missing")
            mark = "✔ " if state != "missing" else ("✘ " if req.required else "○ ")
            text = mark + material_state_name(state)
            if not req.required:
                text += self.tr("（非必需）")
            shown = QLabel(text)
            if state == "missing" and req.required:
                shown.setStyleSheet("color: #b00020;")
            name = QLabel(req.material.name)
            name.setWordWrap(True)
            self.materials_layout.addRow(shown, name)

    def _show_timeline(self, events: list[TimelineEntry]) -> None:
        self.timeline.setRowCount(len(events))
        for r, ev in enumerate(events):
            cells = (
                fmt_datetime(ev.at),
                ev.actor_name or ev.actor,
                audit_action_name(ev.action),
                self._detail_text(ev.detail),
            )
            for c, text in enumerate(cells):
                self.timeline.setItem(r, c, QTableWidgetItem(text))
        self.timeline.resizeRowsToContents()

    def _detail_text(self, detail: dict[str, Any]) -> str:
        parts = []
        if detail.get("from") and detail.get("to"):
            parts.append(f"{status_name(detail['from'])} → {status_name(detail['to'])}")
        if detail.get("reason") and not detail.get("missing_items"):
            parts.append(self.tr("原因：") + str(detail["reason"]))
        if detail.get("missing_items"):
            parts.append(self.tr("需补正：") + "；".join(map(str, detail["missing_items"])))
        if detail.get("certificate"):
            parts.append(self.tr("证书：") + str(detail["certificate"]))
        if detail.get("note"):
            parts.append(str(detail["note"]))
        if detail.get("title") and detail.get("kind"):  # a printed paper (document.print)
            parts.append(str(detail["title"]))
        if detail.get("material"):
            parts.append(self._material_text(detail))
        return "；".join(parts)

    def _material_text(self, detail: dict[str, Any]) -> str:
        """Which material a scan or page edit concerns (扫描材料 rows said nothing about it)."""
        code = str(detail["material"])
        names = {}
        if self.view is not None:
            names = {
                r.code: r.material.name
                for r in self._ctx.catalogue_for(self.view).item(self.view.item_code).materials
            }
        text = names.get(code, code)
        pages = detail.get("pages")
        if isinstance(pages, list) and pages:
            text += self.tr("（%1页）").replace("%1", str(len(pages)))
        return text

    def _show_actions(self, view: ApplicationView) -> None:
        while self.actions_row.count():
            widget = self.actions_row.takeAt(0).widget()
            if widget is not None and widget is not self.no_action_label:
                widget.deleteLater()
        self.action_buttons = {}
        self.transfer_out_buttons = ()
        self.actions_row.addStretch(1)
        moves = [a for a in allowed_actions(view.status, self._actor.role) if a is not Action.SUBMIT]
        for action in moves:
            key = MNEMONICS.get(action, "")
            button = QPushButton(f"{action_name(action)}(&{key})" if key else action_name(action))
            button.setObjectName(f"action_{action.value}")
            button.setToolTip(f"{action_name(action)}（Alt+{key}）" if key else action_name(action))
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _=False, a=action: self.start_action(a))
            self.actions_row.addWidget(button)
            self.action_buttons[action] = button
        self.no_action_label.setVisible(not moves)
        if not moves:
            self.actions_row.addWidget(self.no_action_label)
        add_transfer_out_actions(self, view)  # 确认转出 / 撤销转出 while the certificate is 转出中

    # -- moves ----------------------------------------------------------------------------------------------

    def start_action(self, action: Action) -> None:
        view = self.view
        if view is None:
            return
        ref, version, ctx, actor = view.uuid, view.version, self._ctx, self._actor
        if action is Action.WITHDRAW:
            self._ask_reason(
                self.tr("撤回办件"),
                self.tr("申请人要求撤回本办件。请填写撤回原因（只有“收件”状态的办件可以撤回）："),
                self.tr("撤回"),
                lambda reason: counter_decisions.withdraw(ctx, actor, ref, reason, expected_version=version),
            )
        elif action is Action.REFUSE:
            self._ask_reason(
                self.tr("不予受理"),
                self.tr("请填写不予受理的原因，原因将以短信发送给申请人："),
                self.tr("不予受理"),
                lambda reason: counter_decisions.refuse(ctx, actor, ref, reason, expected_version=version),
            )
        elif action is Action.RETURN:
            self._ask_reason(
                self.tr("退件"),
                self.tr("请填写退件原因，原因将以短信发送给申请人："),
                self.tr("退件"),
                lambda reason: review.return_application(ctx, actor, ref, reason, expected_version=version),
            )
        elif action is Action.REQUEST_CORRECTION:
            dialog = CorrectionDialog(
                ctx.catalogue_for(view).item(view.item_code), view.material_states, self
            )
            dialog.accepted.connect(
                lambda: self._run(
                    lambda: counter_decisions.request_correction(
                        ctx, actor, ref, dialog.items(), expected_version=version
                    )
                )
            )
            self._open(dialog)
        elif action is Action.RESUBMIT:
            if importlib.util.find_spec("app.ui.intake") is not None:
                self.edit_requested.emit(ref)
            else:
                self._confirm(
                    self.tr("补正材料已收齐，重新提交本办件？"),
                    lambda: corrections.resubmit(ctx, actor, ref, expected_version=version),
                )
        elif action is Action.ACCEPT:
            self._confirm(
                self.tr("受理后办件不能再撤回。确认受理？"),
                lambda: counter_decisions.accept(ctx, actor, ref, expected_version=version),
            )
        elif action is Action.START_REVIEW:
            self._run(lambda: review.start_review(ctx, actor, ref, expected_version=version))
        elif action is Action.APPROVE:
            self._confirm(
                self.tr("审核通过并办结本办件？"),
                lambda: review.approve(ctx, actor, ref, expected_version=version),
            )

    def _open(self, dialog: QDialog | QMessageBox) -> None:
        self.dialog = dialog
        dialog.open()

    def _ask_reason(self, title: str, prompt: str, ok: str, call: Callable[[str], ApplicationView]) -> None:
        dialog = ReasonDialog(title, prompt, ok, self)
        dialog.accepted.connect(lambda: self._run(lambda: call(dialog.reason())))
        self._open(dialog)

    def _confirm(self, question: str, call: Callable[[], ApplicationView]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("请确认"), question, parent=self)
        yes = box.addButton(self.tr("确定"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setEscapeButton(no)
        box.buttonClicked.connect(lambda button: button is yes and self._run(call))
        self._open(box)

    def _run(self, call: Callable[[], ApplicationView]) -> None:
        for button in self.action_buttons.values():
            button.setEnabled(False)
        self._runner.run_db(call, self._done, self._failed)

    def _done(self, view: ApplicationView) -> None:
        self.changed.emit(view)
        self.load(view.uuid)
        # The written notice of the decision, printed where it was taken (受理/补正/不予受理/退件通知书).
        self.dialog = offer_notice(self, self._ctx, self._actor, self._runner, view) or self.dialog

    def _failed(self, exc: BaseException) -> None:
        for button in self.action_buttons.values():
            button.setEnabled(True)
        self.dialog = show_error(self, exc)
        if isinstance(exc, DomainError) and exc.code == "STALE_VERSION":
            self.refresh()
