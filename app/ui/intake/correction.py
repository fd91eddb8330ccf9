"""The intake screen taking in a correction (补正): the same application, opened again from its detail when the
applicant comes back. The workspace says what the correction notice asked and by when, marks the asked materials
in the checklist, and its main button resubmits (补正后重新提交) instead of submitting a new application."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel

from app.ui.intake.drafts import DraftState
from app.ui.intake.materials_page import COL_NAME
from app.ui.intake.workspace import Workspace


def _tr(text: str) -> str:
    return QCoreApplication.translate("CorrectionMode", text)


def _deadline(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.year}年{day.month}月{day.day}日"


def correction_banner(state: DraftState) -> QLabel:
    asked = "；".join(state.missing_items) or _tr("（告知书未列明）")
    text = _tr("补正：告知补正的内容为 {asked}。").format(asked=asked)
    if state.due_on:
        text += _tr("补正期限至 {due}，逾期视为撤回申请。").format(due=_deadline(state.due_on))
    text += _tr("补交的材料请点击“扫描…”采集，核对申请表后按 Ctrl+Enter 重新提交。")
    banner = QLabel(text)
    banner.setObjectName("correctionBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet("color: #8a4b00; background: #fff4e0; padding: 6px; font-weight: bold;")
    return banner


def apply_correction_mode(work: Workspace, state: DraftState) -> QLabel:
    """Turn the workspace into the resubmission of `state`'s application; returns the banner it added."""
    banner = correction_banner(state)
    layout = work.layout()
    assert layout is not None
    layout.insertWidget(1, banner)  # type: ignore[attr-defined]
    work.submit_button.setText(_tr("补正后重新提交"))
    work.submit_button.setToolTip(_tr("补正后重新提交本办件并打印材料接收凭证（Ctrl+Enter）"))
    work.leave_button.setToolTip(_tr("暂存本次补正录入的内容并退出，稍后从办件详情继续（Esc）"))
    # A submitted application is neither deleted nor saved half-corrected: the journal keeps what is typed until
    # the resubmission writes it in one transaction.
    work.discard_button.hide()
    work.save_button.hide()
    asked = set(state.missing_items)
    table = work.materials.table
    for row, req in enumerate(work.item.materials):
        if req.material.name in asked:
            cell = table.item(row, COL_NAME)
            cell.setText(_tr("【需补正】") + cell.text())
            cell.setForeground(QBrush(QColor("#b45309")))
    return banner
