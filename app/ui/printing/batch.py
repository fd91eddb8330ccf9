"""Batch printing (批量打印): the certificates waiting to be printed, one job per certificate, with progress and
cancel. A printer that fails stops the batch: what printed is recorded, the failed one and the rest are not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import certificate_printing, documents
from app.services.context import Actor, ServiceContext
from app.services.signing_keys import Signer
from app.ui import file_dialogs
from app.ui.errors import error_text
from app.ui.printing import jobs
from app.ui.printing.signer import with_signer
from app.ui.printing.targets import PdfFileTarget, PrinterChoice, PrinterTarget, PrintFailed, printer_named
from app.ui.screen_fit import fit_dialog
from app.ui.tasks import TaskRunner

RED, GREEN, GREY = "#b00020", "#2e7d32", "#555555"
NUMBER_ROLE = Qt.ItemDataRole.UserRole
Target = PrinterTarget | PdfFileTarget


class BatchPrintDialog(QDialog):
    finished_batch = Signal(int, int)  # printed, not printed

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        numbers: list[str] | None = None,
        photo_loader: documents.PhotoLoader | None = None,
        target_factory: Callable[[], Target | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchPrint")
        self.setWindowTitle(self.tr("批量打印证书"))
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self._loader = photo_loader if photo_loader is not None else jobs.default_loader(ctx)
        self._target_factory = target_factory
        self._preset = numbers
        self._queue: list[str] = []
        self._target: Target | None = None
        self._signer: Signer | None = None
        self._cancel = False
        self.running = False
        self.printed: list[str] = []
        self.skipped: list[tuple[str, str]] = []

        self.list = QListWidget()
        self.list.setObjectName("batchList")
        self.printer = PrinterChoice()
        self.progress = QProgressBar()
        self.progress.setObjectName("batchProgress")
        self.progress.setFormat(self.tr("%v / %m 本"))
        self.status = QLabel(self.tr("正在读取待打印证书…"))
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("开始打印"))
        self.start_button.setObjectName("startButton")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("打印到：")))
        bar.addWidget(self.printer, 1)
        bar.addWidget(self.start_button)
        bar.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("待打印的证书（取消勾选的不打印）：")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        fit_dialog(self, 720, 560)

    # -- the list ------------------------------------------------------------------------------------------

    def load(self) -> None:
        ctx = self._ctx
        self._runner.run_db(lambda: certificate_printing.print_queue(ctx), self._fill, self._load_failed)

    def _fill(self, states: list[certificate_printing.PrintState]) -> None:
        self.list.clear()
        wanted = set(self._preset) if self._preset is not None else None
        for st in states:
            if wanted is not None and st.number not in wanted:
                continue
            item = QListWidgetItem(
                self.tr("%1　%2　第%3版　办件 %4")
                .replace("%1", st.number)
                .replace("%2", st.holder_name)
                .replace("%3", str(st.version))
                .replace("%4", st.application_number or "")
            )
            item.setData(NUMBER_ROLE, st.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self._say(self.tr("共 %1 本待打印。").replace("%1", str(self.list.count())), GREY)
        self.start_button.setEnabled(self.list.count() > 0)

    def _load_failed(self, exc: BaseException) -> None:
        self._say(" ".join(error_text(exc)), RED)

    def checked_numbers(self) -> list[str]:
        return [
            self.list.item(i).data(NUMBER_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    # -- the run -------------------------------------------------------------------------------------------

    def start(self) -> None:
        numbers = self.checked_numbers()
        if not numbers or self.running:
            return
        target = self._choose_target()
        if target is None:
            return
        self._queue, self._target, self._cancel = numbers, target, False
        self.printed, self.skipped = [], []
        self.progress.setRange(0, len(numbers))
        self.progress.setValue(0)
        self.running = True
        self.start_button.setEnabled(False)
        self.cancel_button.setText(self.tr("停止"))
        with_signer(self, self._ctx, self._actor, self._runner, self._signed, self._unlock_cancelled)

    def _choose_target(self) -> Target | None:
        if self._target_factory is not None:
            return self._target_factory()
        if self.printer.is_pdf_file():
            folder = file_dialogs.choose_folder(self, self.tr("选择保存证书PDF的文件夹"))
            return PdfFileTarget(Path(folder), folder=True) if folder else None
        return printer_named(self.printer.currentData())

    def _unlock_cancelled(self) -> None:
        self._finish(self.tr("未解锁签章密钥，未打印任何证书。"), RED)

    def _signed(self, signer: Signer) -> None:
        self._signer = signer
        self._next()

    def cancel(self) -> None:
        if self.running:
            self._cancel = True
            self._say(self.tr("正在停止：当前这本打印完成后停止…"), GREY)
        else:
            self.reject()

    def _done_count(self) -> int:
        return len(self.printed) + len(self.skipped)

    def _next(self) -> None:
        index = self._done_count()
        if self._cancel:
            left = len(self._queue) - index
            self._finish(
                self.tr("已停止：已打印 %1 本；其余 %2 本未打印，也未记为已打印。")
                .replace("%1", str(len(self.printed)))
                .replace("%2", str(left)),
                GREY,
            )
            return
        if index >= len(self._queue):
            self._finish(self._summary(), GREEN if not self.skipped else RED)
            return
        number, ctx, signer, loader = self._queue[index], self._ctx, self._signer, self._loader
        assert signer is not None
        self._say(
            self.tr("正在打印第 %1/%2 本：%3")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(self._queue)))
            .replace("%3", number),
            GREY,
        )
        self._runner.run_db(
            lambda: jobs.prepare(ctx, number, signer, loader),
            lambda prepared: self._render(number, prepared),
            lambda exc: self._skip(number, exc),
        )

    def _render(self, number: str, prepared: jobs.Prepared) -> None:
        if prepared.state.is_reprint:  # printed meanwhile (another window): a reprint is never silent
            self._skip(number, None, self.tr("已打印过，批量打印不补打"))
            return
        self._runner.run_io(lambda: jobs.render(prepared), self._print, lambda exc: self._skip(number, exc))

    def _print(self, job: jobs.PrintJob) -> None:
        target = self._target
        assert target is not None
        try:
            target.print_pdf(job.pdf, f"{job.number}-v{job.version}")
        except PrintFailed as exc:
            index = self._done_count()
            self._mark(job.number, "✘ " + self.tr("打印机出错，未打印"))
            self._finish(
                self.tr(
                    "打印机在第 %1 本（%2）出错：%3\n已打印的 %4 本已记录；这一本及之后的 %5 本未记为已打印，"
                    "请检查打印机后重新打印。"
                )
                .replace("%1", str(index + 1))
                .replace("%2", job.number)
                .replace("%3", str(exc))
                .replace("%4", str(len(self.printed)))
                .replace("%5", str(len(self._queue) - index)),
                RED,
            )
            return
        ctx, actor, label = self._ctx, self._actor, target.label
        self._runner.run_db(
            lambda: certificate_printing.print_certificate(
                ctx, actor, job.number, job.pdf, label, version=job.version
            ),
            self._recorded,
            lambda exc: self._skip(job.number, exc),
        )

    def _recorded(self, record: certificate_printing.PrintRecord) -> None:
        self.printed.append(record.number)
        self._mark(record.number, "✔", uncheck=True)
        self.progress.setValue(self._done_count())
        self._next()

    def _skip(self, number: str, exc: BaseException | None, why: str = "") -> None:
        if exc is not None:
            why = error_text(exc)[0]
        self.skipped.append((number, why))
        self._mark(number, "✘ " + why)
        self.progress.setValue(self._done_count())
        self._next()

    def _mark(self, number: str, note: str, *, uncheck: bool = False) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(NUMBER_ROLE) == number:
                item.setText(f"{item.text().split('　→')[0]}　→ {note}")
                if uncheck:  # printed: a second run of this dialog must not print it again
                    item.setCheckState(Qt.CheckState.Unchecked)

    def _summary(self) -> str:
        text = self.tr("批量打印完成：已打印并记录 %1 本。").replace("%1", str(len(self.printed)))
        if self.skipped:
            text += self.tr("未打印 %1 本：").replace("%1", str(len(self.skipped)))
            text += "；".join(f"{n}（{why}）" for n, why in self.skipped)
        return text

    def _finish(self, text: str, colour: str) -> None:
        self.running = False
        self._say(text, colour)
        self.start_button.setEnabled(True)
        self.cancel_button.setText(self.tr("关闭"))
        self.finished_batch.emit(len(self.printed), len(self._queue) - len(self.printed))

    def _say(self, text: str, colour: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour}; font-size: 11pt;")
