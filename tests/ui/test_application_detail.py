"""The detail view: form, materials, timeline, and only the moves the status and role allow."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.workflow import Action
from app.services import intake
from tests.ui.shell_support import close_window, make_window, received_application, wait_idle


def _open(qtbot, win, runner, uuid):
    win.open_application(uuid)
    wait_idle(qtbot, runner)
    detail = win.detail
    assert detail.view is not None and detail.view.uuid == uuid
    return detail


def test_detail_shows_form_materials_and_timeline(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    assert detail.title.text() == app.number
    assert detail.status_label.text() == "收件"
    labels = [
        detail.form_layout.itemAt(i, detail.form_layout.ItemRole.LabelRole).widget().text()
        for i in range(detail.form_layout.rowCount())
    ]
    assert "身份证号：" in labels and "补办原因：" in labels
    assert detail.materials_layout.rowCount() == len(demo_ctx.catalogue.item("AG-REISSUE").materials)
    actions = [detail.timeline.item(r, 2).text() for r in range(detail.timeline.rowCount())]
    assert actions == ["新建草稿", "提交收件"]
    assert "等待同步" in detail.sync_label.text()
    close_window(win, runner)


def test_withdraw_only_while_received(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    assert set(detail.action_buttons) == {
        Action.WITHDRAW,
        Action.ACCEPT,
        Action.REFUSE,
        Action.REQUEST_CORRECTION,
    }
    assert "Alt+W" in detail.action_buttons[Action.WITHDRAW].toolTip()
    qtbot.mouseClick(detail.action_buttons[Action.WITHDRAW], Qt.MouseButton.LeftButton)
    dialog = detail.dialog
    dialog.text.setPlainText("申请人本人要求撤回")
    dialog.accept()
    wait_idle(qtbot, runner)
    assert detail.view.status == "withdrawn"
    assert detail.status_label.text() == "已撤回"
    assert detail.action_buttons == {}
    assert "申请人本人要求撤回" in detail.reason_label.text()

    accepted = received_application(demo_ctx, clerk, seed=11)
    intake.accept(demo_ctx, clerk, accepted.uuid)
    detail = _open(qtbot, win, runner, accepted.uuid)
    assert Action.WITHDRAW not in detail.action_buttons
    # A stale screen that still offers it gets the domain's message and fix.
    detail.view = intake.get(demo_ctx, accepted.uuid)
    detail._ask_reason("撤回办件", "", "撤回", lambda r: intake.withdraw(demo_ctx, clerk, accepted.uuid, r))
    detail.dialog.text.setPlainText("要求撤回")
    detail.dialog.accept()
    wait_idle(qtbot, runner)
    box = detail.dialog
    assert "只有“收件”状态的办件才能撤回" in box.text()
    assert box.informativeText().startswith("处理办法：")
    close_window(win, runner)


def test_refuse_requires_a_reason(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    detail.start_action(Action.REFUSE)
    dialog = detail.dialog
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "必须填写原因" in dialog.error.text()
    wait_idle(qtbot, runner)
    assert intake.get(demo_ctx, app.uuid).status == "received"
    dialog.text.setPlainText("证书不在有效期内，不能补办")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    view = intake.get(demo_ctx, app.uuid)
    assert (view.status, view.reason) == ("refused", "证书不在有效期内，不能补办")
    assert detail.status_label.text() == "不予受理"
    close_window(win, runner)


def test_request_correction_lists_every_item(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    intake.save_draft(demo_ctx, clerk, app.uuid, app.form, material_states={"id_card_back": "missing"})
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    detail.start_action(Action.REQUEST_CORRECTION)
    dialog = detail.dialog
    item = demo_ctx.catalogue.item(app.item_code)
    paper = [m.material.name for m in item.materials if not m.electronic]
    assert [name for _check, name in dialog.checks] == paper
    ticked = [name for check, name in dialog.checks if check.isChecked()]
    assert ticked == ["居民身份证（国徽面）"]  # the missing required material is ticked already
    for check, _name in dialog.checks:
        check.setChecked(False)
    dialog.accept()
    assert dialog.isVisible() and "至少勾选" in dialog.error.text()
    dialog.checks[0][0].setChecked(True)
    dialog.other.setPlainText("遗失声明刊登日期不清楚\n\n手机号码需本人确认")
    dialog.accept()
    wait_idle(qtbot, runner)
    view = intake.get(demo_ctx, app.uuid)
    assert view.status == "correction_requested"
    assert view.missing_items == [paper[0], "遗失声明刊登日期不清楚", "手机号码需本人确认"]
    assert Action.RESUBMIT in detail.action_buttons
    assert "需补正：" in detail.reason_label.text()
    close_window(win, runner)


def test_accept_then_supervisor_approves_or_returns(qtbot, demo_ctx, clerk, supervisor):
    app = received_application(demo_ctx, clerk)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    detail.start_action(Action.ACCEPT)
    box = detail.dialog
    assert "不能再撤回" in box.text()
    assert box.defaultButton().text() == "确定"  # Enter confirms
    box.defaultButton().click()
    wait_idle(qtbot, runner)
    assert intake.get(demo_ctx, app.uuid).status == "accepted"
    assert detail.action_buttons == {}
    close_window(win, runner)

    win, runner = make_window(qtbot, demo_ctx, supervisor)
    detail = _open(qtbot, win, runner, app.uuid)
    assert set(detail.action_buttons) == {Action.START_REVIEW, Action.APPROVE, Action.RETURN}
    detail.start_action(Action.RETURN)
    detail.dialog.text.setPlainText("单位盖章与企业名称不符")
    detail.dialog.accept()
    wait_idle(qtbot, runner)
    assert intake.get(demo_ctx, app.uuid).status == "returned"
    close_window(win, runner)


def test_rule_failures_are_listed_together(qtbot, demo_ctx, clerk):
    app = received_application(demo_ctx, clerk)
    missing = {
        m.code: "missing" for m in demo_ctx.catalogue.item(app.item_code).materials if not m.electronic
    }
    intake.save_draft(demo_ctx, clerk, app.uuid, app.form, conditions=[], material_states=missing)
    win, runner = make_window(qtbot, demo_ctx, clerk)
    detail = _open(qtbot, win, runner, app.uuid)
    detail._run(lambda: intake.accept(demo_ctx, clerk, app.uuid))
    wait_idle(qtbot, runner)
    box = detail.dialog
    assert box.informativeText().count("\n") >= 1  # several failures, each on its own line with its fix
    assert intake.get(demo_ctx, app.uuid).status == "received"
    close_window(win, runner)
