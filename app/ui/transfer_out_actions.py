"""确认转出 / 撤销转出 on the detail of an approved transfer-out application whose certificate is still 转出中 (06):
for supervisors and administrators, each after a confirmation that names the certificate and the province."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.domain.workflow import Role
from app.services import transfer_out
from app.services.transfer_out import TransferOut
from app.services.views import ApplicationView
from app.ui.errors import show_error

if TYPE_CHECKING:
    from app.ui.application_detail import ApplicationDetail


def _tr(text: str) -> str:
    return QCoreApplication.translate("TransferOutActions", text)


def add_transfer_out_actions(detail: ApplicationDetail, view: ApplicationView) -> None:
    """Ask (on the runner) whether this application has a transfer out to end; if so add the two buttons."""
    ctx, actor, runner = detail._ctx, detail._actor, detail._runner
    if actor.role not in (Role.SUPERVISOR, Role.ADMIN) or view.status != "approved":
        return
    if ctx.catalogue_for(view).item(view.item_code).effect != "transfer_out":
        return
    uuid = view.uuid
    runner.run_db(
        lambda: transfer_out.pending(ctx, uuid),
        lambda found: _show(detail, uuid, found),
        lambda _exc: None,
        name="transfer_out.pending",
    )


def _show(detail: ApplicationDetail, uuid: str, found: TransferOut | None) -> None:
    if found is None or detail.view is None or detail.view.uuid != uuid:
        return
    ctx, actor = detail._ctx, detail._actor
    confirm = QPushButton(_tr("确认转出(&F)"))
    confirm.setObjectName("action_transfer_out_confirm")
    confirm.setToolTip(_tr("转入省份已确认接收：本省证书注销（Alt+F）"))
    call_off = QPushButton(_tr("撤销转出(&X)"))
    call_off.setObjectName("action_transfer_out_call_off")
    call_off.setToolTip(_tr("转出未成：证书恢复有效（Alt+X）"))
    buttons = (confirm, call_off)
    for button in buttons:
        button.setMinimumHeight(34)
        detail.actions_row.addWidget(button)
    detail.no_action_label.setVisible(False)
    detail.transfer_out_buttons = buttons
    where = found.destination_province or _tr("转入省份")
    confirm.clicked.connect(
        lambda: _ask(
            detail,
            buttons,
            _tr("确认{province}已接收证书 {number}？确认后本省证书注销，不能恢复。").format(
                province=where, number=found.certificate_number
            ),
            lambda: transfer_out.confirm(ctx, actor, uuid),
        )
    )
    call_off.clicked.connect(
        lambda: _ask(
            detail,
            buttons,
            _tr("撤销证书 {number} 的转出？撤销后证书恢复有效，申请人可继续使用。").format(
                number=found.certificate_number
            ),
            lambda: transfer_out.call_off(ctx, actor, uuid),
        )
    )


def _ask(
    detail: ApplicationDetail,
    buttons: tuple[QPushButton, ...],
    question: str,
    call: Callable[[], TransferOut],
) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, _tr("请确认"), question, parent=detail)
    yes = box.addButton(_tr("确定"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)  # irreversible: Enter alone does not confirm
    box.setEscapeButton(no)

    def run() -> None:
        for button in buttons:
            button.setEnabled(False)
        detail._runner.run_db(call, lambda result: detail.load(result.application_uuid), failed)

    def failed(exc: BaseException) -> None:
        for button in buttons:
            button.setEnabled(True)
        detail.dialog = show_error(detail, exc)

    box.buttonClicked.connect(lambda button: button is yes and run())
    detail.dialog = box
    box.open()
