"""新建办件, part by part: pinyin search, recent items, instant field checks, the rule panel, 提取, change items,
the on-site signature notice, and getting a draft back after the screen died without saving."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.domain.catalogue import default_catalogue
from app.services import intake, lookup
from app.ui.intake.drafts import find_recoverable_drafts
from app.ui.intake.fields import ERROR_STYLE
from app.ui.intake.screen import IntakeScreen
from app.ui.intake.search import ItemIndex, load_recent, remember_recent
from app.ui.intake.workspace import STEP_FORM
from app.ui.tasks import TaskRunner
from tests.ui.test_intake_flow import Input, open_screen, renewal_candidate, shot, wait_idle


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


def test_pinyin_initials_find_items():
    index = ItemIndex(default_catalogue())
    assert index.search("agyx")[0].code == "AG-RENEW"
    assert index.search("tzsc")[0].code == "TZ-FIRST"
    assert index.search("tzyq")[0].code == "TZ-RENEW"
    assert index.search("jnzx")[0].code == "JN-CANCEL"
    assert index.search("延续")[0].code == "AG-RENEW"
    assert index.search("yanxu")[0].code == "AG-RENEW"
    assert [i.code for i in index.search("kszc")] == ["AG-CHG-TRANSFER-OUT", "TZ-CHG-TRANSFER-OUT"]
    assert index.search("qqqq") == []
    # Recent items first, within the same quality of match.
    assert index.search("kszc", ["TZ-CHG-TRANSFER-OUT"])[0].code == "TZ-CHG-TRANSFER-OUT"
    assert index.search("", ["JN-CANCEL", "TZ-RENEW"])[:2] == [
        default_catalogue().item("JN-CANCEL"),
        default_catalogue().item("TZ-RENEW"),
    ]


def test_recent_items_are_remembered_per_user(tmp_path):
    for code in ("AG-FIRST", "TZ-RENEW", "AG-FIRST", "JN-CANCEL"):
        remember_recent(tmp_path, "clerk01", code)
    remember_recent(tmp_path, "clerk02", "TZ-FIRST")
    assert load_recent(tmp_path, "clerk01") == ["JN-CANCEL", "AG-FIRST", "TZ-RENEW"]
    assert load_recent(tmp_path, "clerk02") == ["TZ-FIRST"]
    (tmp_path / "recent_items.json").write_text("{broken", encoding="utf-8")
    assert load_recent(tmp_path, "clerk01") == []


def test_picker_types_chinese_and_shows_recent_first(qtbot, demo_ctx, clerk, runner):
    remember_recent(demo_ctx.data_dir, clerk.username, "TZ-CANCEL")
    screen = open_screen(qtbot, demo_ctx, clerk, runner)
    assert screen.picker.current_code() == ("item", "TZ-CANCEL")
    assert screen.picker.results.item(0).text().startswith("（最近）")
    kb = Input(qtbot)
    try:
        kb.type("跨省转出")
    finally:
        kb.remove()
    assert screen.picker.current_code() == ("item", "AG-CHG-TRANSFER-OUT")
    QTest.keyClick(screen.picker.search, Qt.Key.Key_Down)  # arrows move in the list, typing stays in the box
    assert screen.picker.current_code() == ("item", "TZ-CHG-TRANSFER-OUT")
    assert QApplication.focusWidget() is screen.picker.search


def test_fields_are_checked_as_typed(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-FIRST")
    screen.work.go(STEP_FORM)
    form = screen.work.form
    kb = Input(qtbot)
    try:
        kb.type("41010519491231002")  # 17 characters: not checked yet
        assert form.editors["id_number"].problem is None
        kb.type("3")  # wrong check character
        idf = form.editors["id_number"]
        assert idf.problem is not None and "校验位" in idf.problem[1]
        assert idf.input.styleSheet() == ERROR_STYLE and idf.message.isVisible()
        assert "处理办法" in idf.input.toolTip()
        form.focus_field("mobile")
        kb.type("12345678901")
        assert "手机号码不正确" in form.editors["mobile"].message.text()
        form.focus_field("company_code")
        kb.type("91410100MA44G6XK1")
        assert form.editors["company_code"].problem is None  # 17 of 18: still typing
        kb.type("0")
        assert form.editors["company_code"].problem is not None
        form.focus_field("birth_date")
        kb.type("19860517")
        kb.key(Qt.Key.Key_Tab)
    finally:
        kb.remove()
    assert form.values()["birth_date"] == "1986-05-17"
    shot(screen, "30_field_errors")


def test_rule_panel_lists_every_failure_and_leads_to_the_field(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-FIRST")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=5000)
    screen.work.go(STEP_FORM)
    form, panel = screen.work.form, screen.work.rules
    kb = Input(qtbot)
    try:
        kb.type("410105194912310023")
        form.focus_field("mobile")
        kb.type("1380013800")  # ten digits
        qtbot.waitUntil(
            lambda: "检查中" not in panel.title.text() and panel.blocking_count() >= 5, timeout=10000
        )
        codes = {f.code for f in panel.failures}
        assert {
            "ID_CHECKSUM",
            "MOBILE_INVALID",
            "CONDITIONS_UNCHECKED",
            "MATERIALS_MISSING",
            "FIELD_REQUIRED",
        } <= codes
        assert panel.list.count() == len(panel.failures)
        first = panel.list.item(0)
        assert first.foreground().color().name() == "#c62828" and "处理办法" in first.text()

        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # try to submit anyway
        qtbot.waitUntil(lambda: "未能提交" in panel.title.text(), timeout=10000)
        assert intake.get(demo_ctx, screen.uuid).status == "draft"
        # After a submit try, "not filled in" shows at the field as well.
        assert form.editors["name"].message.isVisible() and "未填写" in form.editors["name"].message.text()
        shot(screen, "31_rule_panel_failures")

        row = next(i for i in range(panel.list.count()) if panel.failures_shown[i].field == "mobile")
        panel.list.setFocus()
        panel.list.setCurrentRow(row)
        kb.key(Qt.Key.Key_Return)
        assert QApplication.focusWidget() is form.editors["mobile"].input
        row = next(i for i in range(panel.list.count()) if panel.failures_shown[i].field == "conditions")
        rect = panel.list.visualItemRect(panel.list.item(row))
        QTest.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert screen.work.tabs.currentIndex() == 0
        assert QApplication.focusWidget() is screen.work.conditions.list
    finally:
        kb.remove()


def test_extract_fills_only_empty_fields(qtbot, demo_ctx, clerk, runner):
    idn, number = renewal_candidate(demo_ctx)
    known = lookup.extract(demo_ctx, idn).form_values("AG", number)
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    screen.work.go(STEP_FORM)
    form = screen.work.form
    kb = Input(qtbot)
    try:
        form.focus_field("mobile")
        kb.type("13912345678")  # the applicant's new phone, typed before the extract
        form.focus_field("id_number")
        kb.type(idn)
    finally:
        kb.remove()
    qtbot.waitUntil(lambda: form.values()["name"] == known["name"], timeout=10000)
    values = form.values()
    assert values["mobile"] == "13912345678" != known["mobile"]
    assert values["certificate_number"] == number
    assert values["company_name"] == known["company_name"]
    assert values["category"] == known["category"]
    assert "name" in form.autofilled and "mobile" not in form.autofilled
    # Focus moved on to the first required field still empty (none here: it stays put).
    assert screen.work.status.text().startswith("已提取")


def test_unknown_id_number_says_so_at_the_field(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="TZ-FIRST")
    screen.work.go(STEP_FORM)
    kb = Input(qtbot)
    try:
        kb.type("110101199003078515")  # valid, not in the demo registry
    finally:
        kb.remove()
    idf = screen.work.form.editors["id_number"]
    qtbot.waitUntil(lambda: idf.message.isVisible(), timeout=10000)
    assert "没有该身份证号的记录" in idf.message.text()
    assert screen.work.form.values()["name"] == ""


def test_personal_change_shows_before_and_after(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-CHG-PERSONAL")
    screen.work.go(STEP_FORM)
    form = screen.work.form
    form.fill_from_registry({"name": "刘建国", "id_number": "410105194912310024", "sex": "男"})
    assert form._mirrors["name"].text() == "刘建国"
    assert form._mirrors["sex"].text() == "男"  # the registry's value beside 变更后性别
    form.focus_field("new_name")
    kb = Input(qtbot)
    try:
        kb.type("刘建民")
    finally:
        kb.remove()
    assert form.values()["new_name"] == "刘建民"
    assert form.tab_order == [
        "id_number",
        "name",
        "sex",
        "certificate_number",
        "mobile",
        "new_name",
        "new_id_number",
        "new_sex",
    ]
    shot(screen, "32_personal_change")


def test_transfer_out_demands_onsite_signature(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-CHG-TRANSFER-OUT")
    form = screen.work.form
    screen.work.go(STEP_FORM)
    assert form.onsite_notice.isVisible() and "现场" in form.onsite_notice.text()
    assert "onsite_signed" not in form.editors  # no 是/否 box: the signature itself is collected
    panel = screen.work.rules
    qtbot.waitUntil(lambda: any(f.rule == "ONSITE_SIGNATURE" for f in panel.failures), timeout=10000)
    shot(screen, "33_transfer_out")


def test_draft_comes_back_after_the_screen_dies(qtbot, demo_ctx, clerk, runner):
    """Typed, then the window is destroyed before any database save: the journal has the last keystroke."""
    screen = IntakeScreen(demo_ctx, clerk, runner, item_code="AG-RENEW")
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=5000)
    uuid = screen.uuid
    wait_idle(qtbot, runner)
    screen.work.conditions.tick_all_and_advance()
    screen.work.go(STEP_FORM)
    screen.work.form.focus_field("name")
    kb = Input(qtbot)
    try:
        kb.type("王小丫")
        screen.save_now(explicit=True)
        wait_idle(qtbot, runner)
        kb.type("头")  # the last keystroke before the power cut
    finally:
        kb.remove()
    screen.deleteLater()  # no save, no close handler: gone
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(screen), timeout=5000)
    wait_idle(qtbot, runner)

    assert intake.get(demo_ctx, uuid).form["name"] == "王小丫"  # the database missed the last character
    journal = json.loads((demo_ctx.data_dir / "drafts" / f"{uuid}.json").read_text(encoding="utf-8"))
    assert journal["form"]["name"] == "王小丫头"

    drafts = find_recoverable_drafts(demo_ctx, clerk.username)
    assert [d.uuid for d in drafts] == [uuid]
    assert find_recoverable_drafts(demo_ctx, "clerk02") == []

    # Opening the screen offers it first; Enter takes it back with everything restored.
    again = open_screen(qtbot, demo_ctx, clerk, runner)
    qtbot.waitUntil(lambda: again.picker.current_code() == ("draft", uuid), timeout=5000)
    assert "王小丫头" in again.picker.results.item(0).text()
    shot(again, "40_draft_offered")
    QTest.keyClick(again.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.uuid == uuid, timeout=5000)
    assert again.work.form.values()["name"] == "王小丫头"
    assert again.work.conditions.all_ticked()
    assert again.work.tabs.currentIndex() == STEP_FORM
    qtbot.waitUntil(lambda: intake.get(demo_ctx, uuid).form["name"] == "王小丫头", timeout=5000)
    shot(again, "41_draft_restored")

    # And by uuid, as the applications list opens a draft.
    third = open_screen(qtbot, demo_ctx, clerk, runner, draft_uuid=uuid)
    qtbot.waitUntil(lambda: third.uuid == uuid, timeout=5000)
    assert third.work.form.values()["name"] == "王小丫头"


def test_materials_keyboard_and_scan_hook(qtbot, demo_ctx, clerk, runner):
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="AG-RENEW")
    page = screen.work.materials
    screen.work.tabs.setCurrentWidget(page)
    page.table.setFocus()
    page.table.setCurrentCell(3, 0)  # 原证书原件, optional
    QTest.keyClick(page.table, Qt.Key.Key_Space)
    assert page.states["original_cert"] == "paper"
    QTest.keyClick(page.table, Qt.Key.Key_3)
    assert page.pages["original_cert"] == 3
    page.table.setCurrentCell(4, 0)  # 继续教育成绩: fetched electronically, cannot be changed
    QTest.keyClick(page.table, Qt.Key.Key_Space)
    assert page.states["ce_score"] == "electronic"
    assert "ce_score" not in page.scan_buttons
    with qtbot.waitSignal(screen.scan_requested, timeout=2000) as blocker:
        page.scan_buttons["id_card_front"].click()
    assert blocker.args == ["id_card_front"]
    screen.set_material_state("id_card_front", "scanned")
    assert page.states["id_card_front"] == "scanned"
    page.collect_all_and_advance()
    assert page.states == {
        "form_sealed": "paper",
        "id_card_front": "scanned",
        "id_card_back": "paper",
        "original_cert": "paper",
        "ce_score": "electronic",
        "photo": "missing",  # the photo is scanned when none is on file, never ticked by Ctrl+A
    }
    assert screen.work.tabs.currentIndex() == STEP_FORM
    shot(screen, "34_materials_marked")


def test_an_inline_message_does_not_push_the_fields_below(qtbot, demo_ctx):
    from app.ui.intake.workspace import Workspace

    work = Workspace(demo_ctx.catalogue.item("TZ-FIRST"))
    qtbot.addWidget(work)
    work.resize(1100, 700)
    work.show()
    work.go(2)
    qtbot.wait(20)
    form = work.form
    below = form.editors["name"].input
    before = below.mapTo(work, below.rect().topLeft())
    form.editors["id_number"].insist = True  # as after a submit try: every failure shows at once
    form.editors["id_number"].set_rule_problem(
        "error",
        "所选工种没有考核成绩；该申请人合格的考核成绩属于另一工种，这是一条很长的提示" * 2,
        "请改选工种",
    )
    qtbot.wait(20)
    assert form.editors["id_number"].message.isVisible()
    assert below.mapTo(work, below.rect().topLeft()) == before
