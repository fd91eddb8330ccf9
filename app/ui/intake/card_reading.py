"""读卡 (F4) in the intake screen: the ID card on the reader fills the ID number — and with it 提取 — the name,
sex and birth date; the card's nation, address, issuing authority and validity are kept with the form, where
the rules check them (an expired card is a failure with its fix). The reader is the one 工作站设置 chose; the
serial exchange runs on the I/O pool, so the window never waits for the device."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap

from app.capture.idcard_reader import IdCardRead, reader_from_settings
from app.domain.errors import DomainError
from app.services import settings

if TYPE_CHECKING:
    from app.ui.intake.screen import IntakeScreen


def _tr(text: str) -> str:
    return QCoreApplication.translate("IntakeScreen", text)


def read_card(screen: IntakeScreen) -> None:
    if screen.work is None:
        return
    screen.work.set_status(_tr("正在读卡…"))
    if screen.card_reader is not None:
        _read_with(screen, screen.card_reader)
        return
    ctx = screen.ctx
    screen.run_db(
        lambda: settings.get(ctx, "client"), lambda values: _configured(screen, values), name="reader"
    )


def _configured(screen: IntakeScreen, values: dict[str, Any]) -> None:
    reader = reader_from_settings(values)
    if reader is None:
        _failed(
            screen,
            DomainError(
                "IDCARD_NO_READER",
                _tr("本工作站没有设置身份证读卡器"),
                field="id_number",
                fix=_tr("请管理员在“系统管理 → 工作站设置”中选择读卡器；现在可直接输入或扫描身份证号。"),
            ),
        )
        return
    screen.card_reader = reader
    _read_with(screen, reader)


def _read_with(screen: IntakeScreen, reader: Any) -> None:
    screen.run_io(reader.read_card, lambda read: _read(screen, read), lambda exc: _failed(screen, exc))


def _read(screen: IntakeScreen, read: IdCardRead) -> None:
    work = screen.work
    if work is None:
        return
    card = read.text
    form = work.form
    form.fill_from_card(card.form_values(), card.card_facts())
    editor = form.editors.get("id_number")
    if editor is not None:
        editor.set_info("")
    expired = card.expired(screen.ctx.today())
    work.set_status(
        _tr("已读卡：%1（%2），身份证有效期至 %3")
        .replace("%1", card.name)
        .replace("%2", card.id_number)
        .replace("%3", card.valid_to.isoformat() if card.valid_to else card.valid_to_text)
        + (_tr("，已过期") if expired else ""),
        error=expired,
    )
    photo = QPixmap()
    if read.photo and photo.loadFromData(read.photo):
        work.chip_photo.setPixmap(photo.scaledToHeight(63, Qt.TransformationMode.SmoothTransformation))
        work.chip_photo.show()
    else:
        work.chip_photo.hide()  # no decoder: no photo is offered
    form.extract_requested.emit("id_number", card.id_number)  # 提取, as if the number had been typed
    screen.form_changed()


def _failed(screen: IntakeScreen, exc: BaseException) -> None:
    work = screen.work
    if work is None:
        return
    if isinstance(exc, DomainError):
        editor = work.form.editors.get("id_number")
        if editor is not None:
            editor.set_rule_problem("error", exc.message, exc.fix or "")
        work.set_status(exc.message + (_tr("。") + exc.fix if exc.fix else ""), error=True)
    else:
        work.set_status(_tr("读卡失败：%1").replace("%1", str(exc)), error=True)
