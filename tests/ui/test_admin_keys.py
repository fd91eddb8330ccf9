"""签章密钥 screen: the admin creates this workstation's signing key, imports and exports public keys."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.bootstrap import open_context
from app.domain.errors import DomainError
from app.models import AuditEvent
from app.printing.signing import PayloadFields, load_private_key, verify_payload
from app.services import signing_keys
from app.ui.admin_keys import AdminKeysScreen, spaced
from app.ui.screens import register_keys_screen
from app.ui.tasks import TaskRunner
from tests.ui.shell_support import close_window, make_window, wait_idle
from tests.ui.test_translation import _untranslated

PNG_DIR = Path("/tmp/keys_png")
PASSPHRASE = "Zhengzhou-2026!"


@pytest.fixture(autouse=True)
def _cjk_font(qapp):
    qapp.setFont(QFont("WenQuanYi Zen Hei", 10))


@pytest.fixture
def keys_screen(qtbot, ctx, admin):
    runner = TaskRunner()
    screen = AdminKeysScreen(ctx, admin, runner)
    qtbot.addWidget(screen)
    screen.resize(1100, 720)
    screen.show()
    screen.activated()
    wait_idle(qtbot, runner)
    yield screen, runner
    wait_idle(qtbot, runner)
    runner.shutdown()


def _type_key(qtbot, dialog, key_id: str, passphrase: str, again: str) -> None:
    for edit, text in ((dialog.key_id, key_id), (dialog.passphrase, passphrase), (dialog.again, again)):
        edit.clear()
        qtbot.keyClicks(edit, text)


def _errors_open(widget) -> list[QMessageBox]:
    return [b for b in widget.findChildren(QMessageBox) if b.isVisible()]


def test_only_admins_see_the_keys_screen(qtbot, demo_ctx, clerk, supervisor, admin):
    for actor, expected in ((clerk, False), (supervisor, False), (admin, True)):
        win, runner = make_window(qtbot, demo_ctx, actor)
        assert register_keys_screen(win) is expected
        assert ("admin_keys" in win.visible_screens()) is expected
        assert (win.show_screen("admin_keys") is not None) is expected
        close_window(win, runner)


def test_admin_creates_the_signing_key_in_the_screen(qtbot, ctx, admin, keys_screen):
    screen, runner = keys_screen
    assert "尚未创建签章密钥" in screen.state.text()
    assert "不能打印证书" in screen.state.text()
    assert not screen.export_button.isEnabled()
    dialog = screen.create_key()
    assert dialog.isVisible()

    # Too short and mismatched passphrases are refused at their field before anything runs.
    _type_key(qtbot, dialog, "HN-ZZ-01", "short1", "short1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and runner.pending == 0
    assert dialog.problem_field is dialog.passphrase
    assert "至少需要8个字符" in dialog.error.text()
    assert "b00020" in dialog.passphrase.styleSheet()
    assert dialog.strength.text().startswith("太短")
    _type_key(qtbot, dialog, "HN-ZZ-01", PASSPHRASE, "Zhengzhou-2026?")
    assert dialog.strength.text() == "强"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_field is dialog.again
    assert "不一致" in dialog.error.text()
    assert dialog.passphrase.text() == PASSPHRASE  # nothing typed is thrown away
    assert runner.pending == 0
    assert signing_keys.active_key_id(ctx) is None
    assert not signing_keys.key_dir(ctx).exists() or not any(signing_keys.key_dir(ctx).iterdir())

    dialog.again.clear()
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    assert dialog.problem_field is None  # typing in the refused field clears the complaint
    with qtbot.waitSignal(screen.keys_changed, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert not dialog.isVisible()
    assert dialog.passphrase.text() == "" and dialog.again.text() == ""

    assert signing_keys.active_key_id(ctx) == "HN-ZZ-01"
    folder = signing_keys.key_dir(ctx)
    public_file, private_file = folder / "HN-ZZ-01.pub", folder / "HN-ZZ-01.key"
    assert public_file.is_file() and private_file.is_file()
    raw = signing_keys.public_keys(ctx)["HN-ZZ-01"]
    assert screen.key_id_label.text() == "HN-ZZ-01"
    assert screen.fingerprint_label.text() == spaced(raw.hex()[:16])
    assert screen.fingerprint_label.text().replace(" ", "") == raw.hex()[:16]
    assert "HN-ZZ-01" in screen.state.text() and "尚未" not in screen.state.text()
    assert screen.public_label.text() == str(public_file)
    assert raw.hex()[:16] in screen.message.text().replace(" ", "")
    assert screen.export_button.isEnabled()
    rows = {r["key_id"]: r for r in screen.table.rows}
    assert rows["HN-ZZ-01"]["active"] and rows["HN-ZZ-01"]["folder"] == folder

    # The private key is only on disk encrypted, readable by this account alone.
    assert stat.S_IMODE(private_file.stat().st_mode) == 0o600
    pem = private_file.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in pem
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(pem, password=None)
    with pytest.raises(DomainError) as wrong:
        load_private_key(private_file, b"not-the-passphrase")
    assert wrong.value.code == "SIGNING_KEY_PASSPHRASE"
    signer = signing_keys.unlock(ctx, admin, PASSPHRASE)
    fields = PayloadFields.of(
        number="豫建安A（2026）0000001",
        family="safety",
        category="A",
        name="张三",
        id_number="410102199001011234",
        valid_from=date(2026, 1, 5),
        valid_to=date(2029, 1, 4),
        version=1,
    )
    assert verify_payload(signer.sign(fields), signing_keys.public_keys(ctx)).key_id == "HN-ZZ-01"
    with ctx.store.read() as s:
        actions = s.execute(select(AuditEvent.action)).scalars().all()
    assert "signing_key.create" in actions

    # A refusal from the service comes back at its field, with the dialog still open.
    again = screen.create_key()
    assert "HN-ZZ-01" in again.warning.text()  # replacing the active key is spelled out
    _type_key(qtbot, again, "HN-ZZ-01", "Another-pass-77", "Another-pass-77")
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert again.isVisible()
    assert again.problem_field is again.key_id
    assert "已存在" in again.error.text() and "换一个密钥编号" in again.error.text()
    assert again.ok_button.isEnabled()
    again.reject()

    PNG_DIR.mkdir(exist_ok=True)
    assert screen.grab().save(str(PNG_DIR / "admin_keys_created.png"))
    assert _untranslated(screen) == []


def test_new_key_dialog_png(qtbot, keys_screen):
    screen, _runner = keys_screen
    dialog = screen.create_key()
    _type_key(qtbot, dialog, "HN-ZZ-02", "Henan-2026", "Henan-2025")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem_field is dialog.again
    assert dialog.strength.text() == "中等"
    assert _untranslated(dialog) == []
    PNG_DIR.mkdir(exist_ok=True)
    assert dialog.grab().save(str(PNG_DIR / "new_key_dialog.png"))
    dialog.reject()


def test_import_public_key_from_another_workstation(qtbot, tmp_path, ctx, admin, keys_screen):
    screen, runner = keys_screen
    other = open_context(tmp_path / "luoyang")
    info = signing_keys.create_key(other, admin, "HN-LY-01", "Luoyang-2026")
    signer = signing_keys.unlock(other, admin, "Luoyang-2026")
    other.store.dispose()
    fields = PayloadFields.of(
        number="豫建安B（2026）0000042",
        family="safety",
        category="B",
        name="李四",
        id_number="410302198805052345",
        valid_from=date(2026, 2, 1),
        valid_to=date(2029, 1, 31),
        version=1,
    )
    qr_text = signer.sign(fields)
    with pytest.raises(DomainError):
        verify_payload(qr_text, signing_keys.public_keys(ctx))  # unknown key before the import

    # A private key file is refused with the reason and the fix; nothing is trusted.
    screen.import_public_key(info.private_path)
    wait_idle(qtbot, runner)
    assert "不是有效的 Ed25519 公钥文件" in screen.message.text()
    assert "切勿导入私钥" in screen.message.text()
    boxes = _errors_open(screen)
    assert boxes and "处理办法" in boxes[0].informativeText()
    for box in boxes:
        box.done(0)
    assert "HN-LY-01" not in signing_keys.public_keys(ctx)

    with qtbot.waitSignal(screen.keys_changed, timeout=10_000):
        screen.import_public_key(info.public_path)
    wait_idle(qtbot, runner)
    rows = {r["key_id"]: r for r in screen.table.rows}
    assert rows["HN-LY-01"]["fingerprint"] == info.fingerprint
    assert rows["HN-LY-01"]["in_use"] and not rows["HN-LY-01"]["active"]
    assert rows["HN-LY-01"]["folder"] == signing_keys.key_dir(ctx)
    texts = [screen.table.item(r, 0).text() for r in range(screen.table.rowCount())]
    assert "HN-LY-01" in texts
    assert spaced(info.fingerprint) in screen.message.text()
    assert signing_keys.public_keys(ctx)["HN-LY-01"] == info.public_key
    # Its certificates now verify here, offline.
    verified = verify_payload(qr_text, signing_keys.public_keys(ctx))
    assert (verified.key_id, verified.fields.number) == ("HN-LY-01", "豫建安B（2026）0000042")
    # The imported workstation is trusted, but this one still has no signing key of its own.
    assert "尚未创建签章密钥" in screen.state.text()

    PNG_DIR.mkdir(exist_ok=True)
    assert screen.grab().save(str(PNG_DIR / "admin_keys_imported.png"))


def test_export_public_key_for_other_workstations(qtbot, tmp_path, ctx, admin, keys_screen):
    screen, runner = keys_screen
    info = signing_keys.create_key(ctx, admin, "HN-ZZ-03", PASSPHRASE)
    screen.refresh()
    wait_idle(qtbot, runner)
    usb = tmp_path / "usb"
    usb.mkdir()
    screen.export_public_key(usb)
    wait_idle(qtbot, runner)
    exported = usb / "HN-ZZ-03.pub"
    assert exported.read_bytes() == info.public_path.read_bytes()
    assert not (usb / "HN-ZZ-03.key").exists()  # only the public half ever leaves
    assert str(exported) in screen.message.text()

    # Another workstation's different file of the same name is never overwritten.
    clash = tmp_path / "clash"
    clash.mkdir()
    (clash / "HN-ZZ-03.pub").write_text("someone else's key")
    screen.export_public_key(clash)
    wait_idle(qtbot, runner)
    assert "已有另一个" in screen.message.text()
    assert (clash / "HN-ZZ-03.pub").read_text() == "someone else's key"
    for box in _errors_open(screen):
        box.done(0)


def test_missing_private_key_is_reported(qtbot, demo_ctx, admin):
    # The demo store names a signing key, but this copy of the database came without the key files.
    win, runner = make_window(qtbot, demo_ctx, admin)
    register_keys_screen(win)
    screen = win.show_screen("admin_keys")
    wait_idle(qtbot, runner)
    assert screen.overview.active_key_id == "HN-DEMO-01"
    assert "找不到签章密钥“HN-DEMO-01”的私钥文件" in screen.state.text()
    assert screen.fingerprint_label.text() == "（文件缺失）"
    assert not screen.export_button.isEnabled()
    assert _untranslated(screen) == []
    close_window(win, runner)
