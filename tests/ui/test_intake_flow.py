"""新建办件 end to end: one item of each family from item choice to a printed material receipt, and a renewal
done with the keyboard alone while counting every keystroke and click."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

from app.services import intake
from app.services.audit_log import timeline
from app.services.context import Actor, ServiceContext
from app.ui.intake.receipt_dialog import ReceiptDialog
from app.ui.intake.screen import IntakeScreen
from app.ui.tasks import TaskRunner

PNG_DIR = Path("/tmp/intake_png")


# ---------------------------------------------------------------- helpers shared by the intake tests


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


@pytest.fixture
def printer_pdf(tmp_path, monkeypatch) -> Path:
    """The workstation's printer, as a PDF file so that the test can see what was printed."""
    out = tmp_path / "printer-output.pdf"

    def factory() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(ReceiptDialog, "printer_factory", staticmethod(factory))
    return out


class Input(QObject):
    """Types like a clerk into whatever has the keyboard focus, counting keystrokes; counts mouse presses."""

    def __init__(self, qtbot) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.keys = 0
        self.clicks = 0
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(obj, QWidget) and obj.isWindow():
            self.clicks += 1
        return False

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def focus(self) -> QWidget:
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
        return QApplication.focusWidget()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.focus(), key, modifier)
        self.keys += 1

    def type(self, chars: str) -> None:
        for ch in chars:
            widget = self.focus()
            if ch.isascii():
                QTest.keyClick(widget, ch)
            else:  # qtbot.keyClicks aborts on Chinese: one posted key event per character
                QApplication.postEvent(
                    widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch)
                )
                QApplication.processEvents()
            self.keys += 1


def open_screen(qtbot, ctx: ServiceContext, actor: Actor, runner: TaskRunner, **kwargs: Any) -> IntakeScreen:
    screen = IntakeScreen(ctx, actor, runner, **kwargs)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow, timeout=5000)
    return screen


def wait_idle(qtbot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10000)


def shot(widget: QWidget, name: str) -> Path:
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    path = PNG_DIR / f"{name}.png"
    for _ in range(3):  # let pending layout requests settle before grabbing
        QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def eligible(ctx: ServiceContext, item_code: str, form: dict[str, Any]) -> bool:
    """No failure that would stop a submit, with every condition ticked and the paper materials in hand."""
    item = ctx.catalogue.item(item_code)
    failures = intake.evaluate_form(
        ctx,
        item_code,
        form,
        conditions=list(range(len(item.conditions))),
        material_states={m.code: "paper" for m in item.materials if not m.electronic},
    )
    return not [f for f in failures if f.blocking]


def renewal_candidate(ctx: ServiceContext) -> tuple[str, str]:
    """(ID number, certificate number) of an AG holder inside the renewal window with a passed CE score."""
    today = ctx.today()
    with ctx.store.read() as s:
        rows = s.execute(
            text(
                "select c.holder_id_number, c.number from certificates c where c.family = 'AG' and c.status = '01'"
                " and c.valid_to between :today and :until and exists (select 1 from scores s where"
                " s.id_number = c.holder_id_number and s.kind = 'ce' and s.family = 'AG' and s.passed = 1)"
                " order by c.number"
            ),
            {"today": today, "until": today + timedelta(days=88)},
        ).all()
    from app.services import lookup

    for idn, number in rows:
        form = lookup.extract(ctx, idn).form_values("AG", number)
        if eligible(ctx, "AG-RENEW", form):
            return idn, number
    pytest.fail("demo data has no eligible AG renewal")


def wait_receipt(qtbot, screen: IntakeScreen) -> ReceiptDialog:
    qtbot.waitUntil(lambda: screen.receipt is not None and screen.receipt.isVisible(), timeout=15000)
    dialog = screen.receipt
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.print_button, timeout=5000)
    return dialog


def finish_with_print(
    qtbot, screen: IntakeScreen, kb: Input, printer_pdf: Path, png: str
) -> tuple[str, Path]:
    """Enter in the receipt dialog prints; returns (application uuid, saved receipt path)."""
    dialog = wait_receipt(qtbot, screen)
    shot(dialog, png)
    with qtbot.waitSignal(screen.finished, timeout=15000) as blocker:
        kb.key(Qt.Key.Key_Return)
    assert dialog.printed
    assert (
        printer_pdf.is_file() and printer_pdf.stat().st_size > 10_000
    )  # the rasterised page went to the printer
    return blocker.args[0], dialog.path


# ---------------------------------------------------------------- tests


def test_ag_renewal_with_the_keyboard_alone(qtbot, demo_ctx, clerk, runner, printer_pdf):
    """The benchmark: 安管人员延续 from walk-in to printed receipt without the mouse, keystrokes counted."""
    idn, number = renewal_candidate(demo_ctx)
    screen = open_screen(qtbot, demo_ctx, clerk, runner)
    kb = Input(qtbot)
    try:
        kb.type("agyx")  # pinyin initials of 安管人员延续
        shot(screen, "01_item_picker")
        kb.key(Qt.Key.Key_Return)  # pick the first match
        shot(screen, "02_conditions")
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # tick every approval condition, next step
        shot(screen, "03_materials")
        kb.key(
            Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
        )  # every required material collected, next step
        assert QApplication.focusWidget() is screen.work.form.editors["id_number"].input
        kb.type(idn)  # scanning the ID card types the same 18 characters; the extract starts by itself
        qtbot.waitUntil(lambda: screen.work.form.values()["certificate_number"] == number, timeout=10000)
        qtbot.waitUntil(lambda: "✔" in screen.work.rules.title.text(), timeout=10000)
        shot(screen, "04_form_extracted")
        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # submit
        uuid, receipt = finish_with_print(qtbot, screen, kb, printer_pdf, "05_receipt")
    finally:
        kb.remove()

    assert kb.clicks == 0
    assert kb.keys == 4 + 1 + 1 + 1 + 18 + 1 + 1 == 27
    print(f"\nAG renewal, keyboard only: {kb.keys} keystrokes, {kb.clicks} clicks")
    view = intake.get(demo_ctx, uuid)
    assert view.status == "received" and view.number
    assert view.form["name"] and view.form["mobile"] and view.certificate_number == number
    assert view.conditions == [0, 1, 2]
    assert receipt == demo_ctx.data_dir / "printed" / f"{view.number}-材料接收凭证.pdf"
    content = pdf_text(receipt)
    assert view.number in content and "材料接收凭证" in content and "居民身份证（人像面）" in content
    assert not (demo_ctx.data_dir / "drafts" / f"{uuid}.json").exists()  # nothing left to recover


def test_tz_first_application_to_receipt(qtbot, demo_ctx, clerk, runner, printer_pdf):
    """特种作业首次申请: the extract fills the person, the clerk picks the trade and the medical result."""
    with demo_ctx.store.read() as s:
        rows = s.execute(
            text(
                "select s.id_number, s.category from scores s join persons p on p.id_number = s.id_number"
                " where s.kind = 'exam' and s.family = 'TZ' and s.passed = 1 and s.valid_to > :today"
                " and not exists (select 1 from certificates c where c.holder_id_number = s.id_number)"
                " order by s.id_number"
            ),
            {"today": demo_ctx.today()},
        ).all()
    from app.services import lookup

    pick = None
    for idn, trade in rows:
        form = lookup.extract(demo_ctx, idn).form_values("TZ")
        form.update(trade_code=trade, medical_result="合格")
        if form.get("education") not in (None, "小学及以下") and eligible(demo_ctx, "TZ-FIRST", form):
            pick = idn, trade
            break
    assert pick, "demo data has no eligible TZ first application"
    idn, trade = pick

    screen = open_screen(qtbot, demo_ctx, clerk, runner)
    kb = Input(qtbot)
    try:
        kb.type("tzsc")
        assert screen.picker.current_code() == ("item", "TZ-FIRST")
        kb.key(Qt.Key.Key_Return)
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        kb.type(idn)
        form = screen.work.form
        qtbot.waitUntil(lambda: form.values()["name"] != "", timeout=10000)
        for name, value in (("trade_code", trade), ("medical_result", "合格")):
            combo = form.editors[name].input
            combo.setCurrentIndex(combo.findData(value))
        qtbot.waitUntil(lambda: "✔" in screen.work.rules.title.text(), timeout=10000)
        shot(screen, "10_tz_first_form")
        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        uuid, receipt = finish_with_print(qtbot, screen, kb, printer_pdf, "11_tz_receipt")
    finally:
        kb.remove()
    view = intake.get(demo_ctx, uuid)
    assert view.status == "received" and view.form["trade_code"] == trade
    # The printed receipt is archived with the application and in its history (issue 12).
    qtbot.waitUntil(
        lambda: (
            [
                e.detail.get("kind")
                for e in timeline(demo_ctx, "application", uuid)
                if e.action == "document.print"
            ]
            == ["receipt"]
        ),
        timeout=10_000,
    )
    content = pdf_text(receipt)
    assert view.number in content and "二级乙等以上医院出具的体检合格证明" in content


def test_jn_employer_change_by_certificate_number(qtbot, demo_ctx, clerk, runner, printer_pdf):
    """技能人员工作单位变更: found by typing Chinese, filled from the certificate number, old | new side by side."""
    with demo_ctx.store.read() as s:
        number, idn, old_company = s.execute(
            text(
                "select number, holder_id_number, company_name from certificates where family = 'JN'"
                " and status = '01' and company_name is not null order by number limit 1"
            )
        ).one()
    screen = open_screen(qtbot, demo_ctx, clerk, runner)
    kb = Input(qtbot)
    try:
        kb.type("工作单位变更")
        assert screen.picker.current_code() == ("item", "JN-CHG-EMPLOYER")
        kb.key(Qt.Key.Key_Return)
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        kb.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        form = screen.work.form
        form.focus_field("certificate_number")
        kb.type(number)
        kb.key(Qt.Key.Key_Return)  # scanning the certificate's code ends with Enter: extract
        qtbot.waitUntil(lambda: form.values()["id_number"] == idn, timeout=10000)
        assert form.values()["old_company_name"] == old_company
        form.focus_field("new_company_name")
        kb.type("河南新起点劳务有限公司")
        assert form.values()["new_company_name"] == "河南新起点劳务有限公司"
        qtbot.waitUntil(lambda: "✔" in screen.work.rules.title.text(), timeout=10000)
        shot(screen, "20_jn_change_form")
        kb.key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        uuid, receipt = finish_with_print(qtbot, screen, kb, printer_pdf, "21_jn_receipt")
    finally:
        kb.remove()
    view = intake.get(demo_ctx, uuid)
    assert view.status == "received" and view.company_name == "河南新起点劳务有限公司"
    assert view.form["old_company_name"] == old_company
    content = pdf_text(receipt)
    assert view.number in content and "技能人员职业培训合格证信息变更申请表" in content.replace("\n", "")
