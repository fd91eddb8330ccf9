"""Printing from the screens: a real QPrinter (PDF output) whose page carries a QR that verifies, batch printing with
progress and cancel, a printer that fails mid-batch, a reprint that asks for its reason, a missing photo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtPrintSupport import QPrinter

from app.models import AuditEvent
from app.services import certificate_printing, signing_keys, verification
from app.ui.printing import BatchPrintDialog, CertificatePreviewDialog
from app.ui.printing.reason_dialog import ReprintReasonDialog
from app.ui.printing.signer import forget_signers
from app.ui.printing.targets import PdfFileTarget, PrinterTarget, PrintFailed
from app.ui.tasks import TaskRunner
from tests.services.test_documents import KEY_ID, PASSPHRASE, Desk
from tests.ui.shell_support import wait_idle

PNG_DIR = Path("/tmp/review_png")


@pytest.fixture
def desk(ctx, clerk, supervisor, admin) -> Desk:
    d = Desk(ctx, clerk, supervisor, admin)
    signing_keys.create_key(ctx, admin, KEY_ID, PASSPHRASE)
    d.signer  # noqa: B018 (unlock once for the service-side helpers)
    yield d
    forget_signers()


@pytest.fixture
def runner():
    r = TaskRunner()
    yield r
    r.shutdown()


def unlocked(desk: Desk) -> None:
    """The supervisor already typed the passphrase in this session."""
    from app.ui.printing import signer as session

    session._UNLOCKED[(str(desk.ctx.data_dir), desk.supervisor.username)] = desk.signer


class PdfPrinter(PrinterTarget):
    """A real QPrinter writing PDF files; `fail_from` makes the printer vanish from that job on."""

    def __init__(self, folder: Path, fail_from: int | None = None) -> None:
        super().__init__(QPrinter(QPrinter.PrinterMode.HighResolution))
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.folder, self.fail_from, self.jobs = folder, fail_from, 0

    def print_pdf(self, pdf: bytes, title: str) -> None:
        self.jobs += 1
        gone = self.fail_from is not None and self.jobs >= self.fail_from
        target = Path("/nonexistent-printer-queue") / "x.pdf" if gone else self.folder / f"job{self.jobs}.pdf"
        self.printer.setOutputFileName(str(target))
        super().print_pdf(pdf, title)


def test_qt_printer_output_carries_a_qr_that_verifies(qtbot, desk, tmp_path):
    number = desk.issued("AG")
    pdf, _ = desk.pdf(number)
    printer = PdfPrinter(tmp_path)
    printer.print_pdf(pdf, number)
    printed = tmp_path / "job1.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "200", str(printed), str(tmp_path / "p")], check=True)
    page = Image.open(next(tmp_path.glob("p-*.png")))
    w_mm, h_mm = (round(v / 200 * 25.4) for v in page.size)
    assert (w_mm, h_mm) in ((297, 210), (296, 210), (297, 209))  # the certificate's A4 landscape, full page
    [qr] = [b.text for b in zxingcpp.read_barcodes(page) if str(b.format) == "QR Code"]
    assert verification.verify(desk.ctx, qr).ok
    with pytest.raises(PrintFailed):
        PdfPrinter(tmp_path, fail_from=1).print_pdf(pdf, number)


def test_batch_prints_everything_with_progress(qtbot, desk, runner, supervisor, tmp_path):
    numbers = [desk.issued(f) for f in ("AG", "TZ", "JN")]
    unlocked(desk)
    dialog = BatchPrintDialog(
        desk.ctx,
        supervisor,
        runner,
        photo_loader=desk.loader,
        target_factory=lambda: PdfFileTarget(tmp_path / "out", folder=True),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_idle(qtbot, runner)
    assert sorted(dialog.checked_numbers()) == sorted(numbers)
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert sorted(dialog.printed) == sorted(numbers) and dialog.skipped == []
    assert dialog.progress.value() == dialog.progress.maximum() == 3
    assert "已打印并记录 3 本" in dialog.status.text()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
    assert certificate_printing.print_queue(desk.ctx) == []
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(PNG_DIR / "batch_print_done.png"))


def test_printer_failing_mid_batch_leaves_the_rest_unprinted(qtbot, desk, runner, supervisor, tmp_path):
    numbers = [desk.issued(f) for f in ("AG", "TZ", "AG", "TZ")]
    unlocked(desk)
    printer = PdfPrinter(tmp_path, fail_from=3)
    dialog = BatchPrintDialog(
        desk.ctx,
        supervisor,
        runner,
        photo_loader=desk.loader,
        numbers=numbers,
        target_factory=lambda: printer,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_idle(qtbot, runner)
    order = dialog.checked_numbers()
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    wait_idle(qtbot, runner)
    assert dialog.printed == order[:2]
    for number in order[:2]:
        assert certificate_printing.print_state(desk.ctx, number).printed_at is not None
    for number in order[2:]:
        assert certificate_printing.print_state(desk.ctx, number).printed_at is None
    text = dialog.status.text()
    assert "第 3 本" in text and order[2] in text and "未记为已打印" in text
    assert [p.number for p in certificate_printing.print_queue(desk.ctx)] == order[2:]
    dialog.grab().save(str(PNG_DIR / "batch_print_failed.png"))


def test_batch_can_be_stopped(qtbot, desk, runner, supervisor, tmp_path):
    for f in ("AG", "TZ", "AG"):
        desk.issued(f)
    unlocked(desk)
    dialog = BatchPrintDialog(
        desk.ctx,
        supervisor,
        runner,
        photo_loader=desk.loader,
        target_factory=lambda: PdfFileTarget(tmp_path, folder=True),
    )
    qtbot.addWidget(dialog)
    dialog.load()
    wait_idle(qtbot, runner)
    dialog.progress.valueChanged.connect(lambda v: v == 1 and dialog.cancel())
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert len(dialog.printed) == 1 and "已停止" in dialog.status.text()
    assert len(certificate_printing.print_queue(desk.ctx)) == 2


def test_reprint_asks_for_a_reason_and_is_audited(qtbot, desk, runner, supervisor, tmp_path):
    number = desk.issued("TZ")
    unlocked(desk)
    dialog = CertificatePreviewDialog(desk.ctx, supervisor, runner, number, photo_loader=desk.loader)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is not None, timeout=20_000)
    dialog.request_print(PdfFileTarget(tmp_path / "first.pdf"))
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=10_000)
    assert not dialog.record.reprint
    dialog.request_print(PdfFileTarget(tmp_path / "again.pdf"))
    reason = dialog.reason_dialog
    assert isinstance(reason, ReprintReasonDialog) and reason.isVisible()
    assert not (tmp_path / "again.pdf").exists()  # nothing printed before the reason is given
    reason.presets.setCurrentIndex(1)
    reason.ok_button.click()
    qtbot.waitUntil(lambda: dialog.record.reprint, timeout=10_000)
    assert (tmp_path / "again.pdf").exists() and "补打" in dialog.status.text()
    with desk.ctx.store.read() as s:
        event = s.query(AuditEvent).filter(AuditEvent.action == "certificate.reprint").one()
    assert event.detail["reason"] == reason.text() == "打印质量不合格"


def test_missing_photo_is_said_plainly_and_nothing_prints(qtbot, desk, runner, supervisor):
    number = desk.issued("AG", photo=False)
    unlocked(desk)
    dialog = CertificatePreviewDialog(desk.ctx, supervisor, runner, number, photo_loader=desk.loader)
    qtbot.addWidget(dialog)
    dialog.resize(700, 300)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: "照片" in dialog.status.text(), timeout=10_000)
    assert "不能打印" in dialog.status.text() and "处理办法" in dialog.status.text()
    assert not dialog.print_button.isEnabled() and dialog.job is None
    dialog.grab().save(str(PNG_DIR / "preview_missing_photo.png"))
