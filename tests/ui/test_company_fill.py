"""技能人员 change of employer: a registered new company code + Enter fills the company name, and the form no
longer says that nothing changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from tests.ui.test_intake_flow import Input, open_screen, wait_idle
from tests.ui.test_intake_parts import runner  # noqa: F401  (fixture)


def test_new_company_code_and_enter_fill_the_name(qtbot, demo_ctx, clerk, runner):  # noqa: F811
    with demo_ctx.store.read() as s:
        number, company_code = s.execute(
            text(
                "select number, company_code from certificates where family = 'JN' and status = '01'"
                " and company_code is not null order by number limit 1"
            )
        ).one()
        new_code, new_name = s.execute(
            text(
                "select uscc, name from companies where uscc is not null and uscc != :old order by id limit 1"
            ),
            {"old": company_code},
        ).one()
    screen = open_screen(qtbot, demo_ctx, clerk, runner, item_code="JN-CHG-EMPLOYER")
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10000)
    form = screen.work.form
    screen.work.go(2)
    form.focus_field("certificate_number")
    kb = Input(qtbot)
    try:
        kb.type(number)  # the number has Chinese characters: one posted key event each
        kb.key(Qt.Key.Key_Return)
    finally:
        kb.remove()
    qtbot.waitUntil(lambda: bool(form.values()["id_number"]), timeout=10000)
    wait_idle(qtbot, runner)
    form.focus_field("new_company_code")
    QTest.keyClicks(form.editors["new_company_code"].input, new_code)
    QTest.keyClick(form.editors["new_company_code"].input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.values()["new_company_name"] == new_name, timeout=10000)
    qtbot.waitUntil(lambda: runner.pending == 0 and not screen._rules_timer.isActive(), timeout=10000)
    wait_idle(qtbot, runner)
    assert not any(f.code == "CHANGE_NOTHING" for f in screen.work.rules.failures)
