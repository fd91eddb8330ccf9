"""Every paper printed from its screen (issue 12): the notice that follows each decision in the application's
detail, the papers menu (receipt reprint, form), the review sheet with the opinion and the return notice in the
review screen, the form before submission in the intake screen. Each goes through a PDF-backed QPrinter; the
printer's output is rasterised with pdftoppm and its barcode read with zxing-cpp, and the archived document's text
is read with pdftotext."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtGui import QFont
from PySide6.QtPrintSupport import QPrinter

from app.domain.workflow import Action
from app.services import intake, paperwork
from app.services.audit_log import timeline
from app.ui.application_detail import ApplicationDetail
from app.ui.intake.screen import IntakeScreen
from app.ui.papers.dialog import PaperPreviewDialog
from app.ui.printing.targets import PrinterTarget
from app.ui.review.return_dialog import ReturnDialog
from app.ui.tasks import TaskRunner
from tests.services.test_documents import Desk
from tests.services.test_paperwork import _received
from tests.ui.shell_support import post_text, wait_idle
from tests.ui.test_review_screen import open_screen, select

PNG_DIR = Path("/tmp/papers_png")


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    return Desk(ctx, clerk, supervisor, admin)


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


def pdf_printer(path: Path) -> PrinterTarget:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return PrinterTarget(printer)


def print_and_check(
    qtbot, dialog: PaperPreviewDialog, tmp_path: Path, texts: list[str], code: str | None
) -> str:
    """Print through the PDF printer, then read back what came out: barcode from the printed page, text from the
    archived document (the printer's output is the rasterised page, as on paper)."""
    qtbot.waitUntil(lambda: dialog.paper is not None, timeout=20_000)
    assert dialog.print_button.isEnabled() and dialog.pages.count() >= 1
    PNG_DIR.mkdir(exist_ok=True)
    dialog.grab().save(str(PNG_DIR / f"preview_{dialog.kind}.png"))
    out = tmp_path / f"printed-{dialog.kind}.pdf"
    dialog.request_print(pdf_printer(out))
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)
    assert "存档" in dialog.status.text()
    prefix = tmp_path / f"page-{dialog.kind}"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(out), str(prefix)], check=True)
    page = Image.open(next(tmp_path.glob(f"page-{dialog.kind}*.png")))
    page.save(PNG_DIR / f"printed_{dialog.kind}.png")
    codes = {str(b.format): b.text for b in zxingcpp.read_barcodes(page)}
    if code is not None:
        assert codes.get("Code 128") == code, codes
    text = subprocess.run(
        ["pdftotext", "-layout", str(dialog.record.archive_path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for expected in texts:
        assert re.sub(r"\s+", "", expected) in flat, expected
    return flat


def open_detail(qtbot, desk: Desk, actor, runner: TaskRunner, uuid: str) -> ApplicationDetail:
    detail = ApplicationDetail(desk.ctx, actor, runner)
    qtbot.addWidget(detail)
    detail.resize(1200, 800)
    detail.show()
    detail.load(uuid)
    wait_idle(qtbot, runner)
    return detail


def _confirm_yes(detail: ApplicationDetail) -> None:
    box = detail.dialog
    next(b for b in box.buttons() if b.text() == "确定").click()


@pytest.mark.parametrize(
    ("action", "kind", "texts"),
    [
        (Action.ACCEPT, "acceptance", ["受理通知书", "决定予以受理"]),
        (Action.REFUSE, "refusal", ["不予受理通知书", "年龄不符合报考条件", "行政复议"]),
        (
            Action.REQUEST_CORRECTION,
            "correction",
            ["一次性补正告知书", "1．居民身份证（人像面）", "补正要求："],
        ),
    ],
)
def test_each_decision_in_the_detail_prints_its_notice(
    qtbot, desk, clerk, runner, tmp_path, action, kind, texts
):
    app = _received(desk)
    detail = open_detail(qtbot, desk, clerk, runner, app.uuid)
    detail.start_action(action)
    if action is Action.ACCEPT:
        _confirm_yes(detail)
    elif action is Action.REFUSE:
        detail.dialog.text.setPlainText("年龄不符合报考条件")
        detail.dialog.accept()
    else:
        dialog = detail.dialog
        for check, name in dialog.checks:
            check.setChecked(name == "居民身份证（人像面）")
        dialog.accept()
    qtbot.waitUntil(lambda: isinstance(detail.dialog, PaperPreviewDialog), timeout=10_000)
    preview = detail.dialog
    assert preview.kind == kind
    print_and_check(qtbot, preview, tmp_path, [*texts, app.applicant_name], app.number)
    wait_idle(qtbot, runner)
    printed = [e for e in timeline(desk.ctx, "application", app.uuid) if e.action == "document.print"]
    assert [e.detail["kind"] for e in printed] == [kind]
    preview.reject()
    # The history on the screen names it.
    detail.refresh()
    wait_idle(qtbot, runner)
    rows = [
        (detail.timeline.item(r, 2).text(), detail.timeline.item(r, 3).text())
        for r in range(detail.timeline.rowCount())
    ]
    assert ("打印文书", paperwork.TITLES[kind]) in rows


def test_detail_menu_reprints_the_receipt_and_the_form(qtbot, desk, clerk, runner, tmp_path):
    app = _received(desk)
    detail = open_detail(qtbot, desk, clerk, runner, app.uuid)
    assert detail.papers_button.kinds() == ["form", "receipt"]
    receipt = detail.papers_button.open("receipt")
    print_and_check(qtbot, receipt, tmp_path, ["材料接收凭证", "收件凭字〔2026〕"], app.number)
    receipt.reject()
    form = detail.papers_button.open("form")
    print_and_check(qtbot, form, tmp_path, ["申请表", app.id_number, "申请人（签字）"], app.number)
    form.reject()


@pytest.mark.parametrize(
    ("item_code", "texts"),
    [
        ("JN-CHG-EMPLOYER", ["信息变更申请表", "工作单位变更", "原企业名称", "现聘用"]),  # seed 003 附件2
        ("JN-CANCEL", ["注销申请表", "注销原因", "所在聘用企业意见"]),  # seed 003 附件3
    ],
)
def test_skilled_worker_forms_of_seed_003_from_the_detail(
    qtbot, desk, clerk, runner, tmp_path, item_code, texts
):
    app = desk.accepted(item_code)
    detail = open_detail(qtbot, desk, clerk, runner, app.uuid)
    form = detail.papers_button.open("form")
    print_and_check(qtbot, form, tmp_path, [*texts, app.applicant_name], app.number)
    form.reject()


def test_review_screen_prints_the_sheet_with_the_opinion_and_the_return_notice(
    qtbot, desk, supervisor, tmp_path
):
    app = desk.accepted("AG-FIRST")
    screen, runner = open_screen(qtbot, desk, supervisor)
    select(qtbot, screen, runner, app.uuid)
    opinion = "照片与本人不符，退回重新采集"
    post_text(screen.opinion.editor, opinion)
    qtbot.waitUntil(lambda: screen.opinion.text() == opinion, timeout=5000)
    sheet = screen.opinion.print_sheet()
    print_and_check(qtbot, sheet, tmp_path, ["审核表", "审核意见", opinion, "登记库信息"], app.number)
    sheet.reject()
    screen.return_current()
    dialog = screen.dialog
    assert isinstance(dialog, ReturnDialog)
    post_text(dialog.reason, "照片不清晰，请重拍")
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=5000)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, PaperPreviewDialog), timeout=10_000)
    notice = screen.dialog
    assert notice.kind == "return"
    print_and_check(qtbot, notice, tmp_path, ["退件通知书", "照片不清晰，请重拍", "行政复议"], app.number)
    assert intake.get(desk.ctx, app.uuid).review_opinion == opinion
    notice.reject()
    runner.shutdown(wait=True)


def test_intake_prints_the_form_before_submission(qtbot, desk, clerk, runner, tmp_path):
    screen = IntakeScreen(desk.ctx, clerk, runner, item_code="TZ-FIRST")
    qtbot.addWidget(screen)
    screen.resize(1280, 860)
    screen.show()
    qtbot.waitUntil(lambda: screen.uuid is not None, timeout=10_000)
    sc = desk.scenario("TZ-FIRST")
    screen.work.form.set_values(sc.form)
    dialog = screen.print_form()
    assert dialog is not None
    print_and_check(qtbot, dialog, tmp_path, ["申请表", sc.form["name"], "申请人（签字）"], None)
    # Printed from the draft as typed: the draft was saved first, and the print is in its history.
    view = intake.get(desk.ctx, screen.uuid)
    assert view.status == "draft" and view.form["name"] == sc.form["name"]
    assert paperwork.FORM in paperwork.available(view)
    assert [
        e.detail["kind"] for e in timeline(desk.ctx, "application", view.uuid) if e.action == "document.print"
    ] == ["form"]
    dialog.reject()


def test_certificate_printed_from_the_preview_carries_the_address_qr_and_a_pades_signature(
    qtbot, desk, supervisor, admin, runner, tmp_path
):
    from cryptography import x509

    from app.printing.pades import CA_CERT, check_pdf
    from app.printing.signing import payload_text
    from app.services import settings, signing_keys, verification
    from app.ui.printing import CertificatePreviewDialog
    from app.ui.printing.signer import UnlockDialog, forget_signers
    from tests.services.test_documents import KEY_ID, PASSPHRASE

    signing_keys.create_key(desk.ctx, admin, KEY_ID, PASSPHRASE)
    settings.put(desk.ctx, admin, "client", {"verify_base_url": "https://zs.hnjs.gov.cn"})
    number = desk.issued("TZ")
    preview = CertificatePreviewDialog(desk.ctx, supervisor, runner, number, photo_loader=desk.loader)
    qtbot.addWidget(preview)
    preview.open()
    preview.start()
    unlock = preview.findChild(UnlockDialog)
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    unlock.ok_button.click()
    qtbot.waitUntil(lambda: preview.job is not None or "处理办法" in preview.status.text(), timeout=20_000)
    assert preview.job is not None, preview.status.text()
    printed = tmp_path / "printer.pdf"
    preview.request_print(pdf_printer(printed))
    qtbot.waitUntil(lambda: preview.record is not None, timeout=10_000)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(printed), str(tmp_path / "cert")], check=True
    )
    page = Image.open(tmp_path / "cert.png")
    page.save(PNG_DIR / "printed_certificate.png")
    qr = next(b.text for b in zxingcpp.read_barcodes(page) if str(b.format) == "QR Code")
    assert qr.startswith("HTTPS://ZS.HNJS.GOV.CN/V/CD1:") and payload_text(qr).startswith("CD1:")
    assert verification.verify(desk.ctx, qr).ok

    # The electronic copy (the archived PDF, the bytes "保存为PDF文件" writes) validates against the unit's chain;
    # one byte changed and it does not.
    ca = x509.load_pem_x509_certificate((signing_keys.pdf_chain_dir(desk.ctx, KEY_ID) / CA_CERT).read_bytes())
    electronic = preview.record.archive_path.read_bytes()
    assert electronic == preview.job.pdf
    assert check_pdf(electronic, [ca]).ok
    at = electronic.index(b"CounterDesk")
    assert not check_pdf(electronic[:at] + b"X" + electronic[at + 1 :], [ca]).ok
    preview.reject()
    forget_signers()
