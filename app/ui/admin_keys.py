"""签章密钥 (administrators only): this workstation's certificate signing key and the public keys it trusts.

The admin creates the key here (the private key is written encrypted, mode 0600, and never leaves this machine),
exports the public key for the verifier workstations, and imports theirs so that their certificates verify here
offline. Creating and importing go through app.services.signing_keys, which audits them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.printing.signing import PRIVATE_SUFFIX, PUBLIC_SUFFIX, PublicKeyInfo, load_public_keys
from app.services import signing_keys
from app.services.context import Actor, ServiceContext
from app.ui import file_dialogs
from app.ui.dialog_parts import shortcut_button
from app.ui.errors import error_text, show_error
from app.ui.key_dialogs import NewKeyDialog
from app.ui.row_table import RowTable
from app.ui.tasks import TaskRunner


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    fingerprint: str
    folder: Path
    source: str  # "local" (this workstation's key folder), "bundled" (shipped with the program), "added"
    in_use: bool  # False when an earlier folder already holds this key id (the first folder wins)
    active: bool  # this workstation's signing key


@dataclass(frozen=True)
class KeysOverview:
    key_dir: Path
    active_key_id: str | None
    fingerprint: str | None  # None when the active key's public file is missing
    private_path: Path | None  # None when the active key's private file is missing
    public_path: Path | None
    private_too_open: bool  # group or others may read the private key file
    trusted: tuple[TrustedKey, ...]


def fingerprint_of(raw: bytes) -> str:
    return raw.hex()[:16]  # the same 16 hex digits as PublicKeyInfo.fingerprint and the audit trail


def spaced(fingerprint: str) -> str:
    """In groups of four, for reading out over the phone."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def load_overview(ctx: ServiceContext) -> KeysOverview:
    """Everything the screen shows, read on the database worker."""
    folder = signing_keys.key_dir(ctx)
    active = signing_keys.active_key_id(ctx)
    dirs = signing_keys.public_key_dirs(ctx)
    seen: set[str] = set()
    trusted: list[TrustedKey] = []
    for index, path in enumerate(dirs):
        source = "local" if index == 0 else "bundled" if path == signing_keys.BUNDLED_PUBLIC_KEYS else "added"
        for key_id, raw in load_public_keys(path).items():
            in_use, here = key_id not in seen, key_id == active and index == 0
            trusted.append(TrustedKey(key_id, fingerprint_of(raw), path, source, in_use, here))
            seen.add(key_id)
    fingerprint = private_path = public_path = None
    too_open = False
    if active:
        private = folder / f"{active}{PRIVATE_SUFFIX}"
        public = folder / f"{active}{PUBLIC_SUFFIX}"
        if private.is_file():
            private_path = private
            too_open = os.name == "posix" and bool(private.stat().st_mode & 0o077)
        if public.is_file():
            public_path = public
            raw = load_public_keys(folder).get(active)
            fingerprint = fingerprint_of(raw) if raw else None
    return KeysOverview(folder, active, fingerprint, private_path, public_path, too_open, tuple(trusted))


def export_public_key(ctx: ServiceContext, key_id: str, target_dir: Path) -> Path:
    """Copy this workstation's `<key_id>.pub` into `target_dir` (the name is the key id other workstations see)."""
    source = signing_keys.key_dir(ctx) / f"{key_id}{PUBLIC_SUFFIX}"
    if not source.is_file():
        raise DomainError(
            "PUBLIC_KEY_MISSING",
            f"找不到本工作站的公钥文件：{source}",
            field="public_key",
            fix="请从备份恢复该文件，或新建签章密钥后再导出。",
        )
    target = target_dir / source.name
    try:
        if target.exists():
            if target.read_bytes() == source.read_bytes():
                return target
            raise DomainError(
                "PUBLIC_KEY_EXPORT_EXISTS",
                f"所选文件夹中已有另一个“{source.name}”。",
                field="public_key",
                fix="请换一个文件夹（例如空的U盘文件夹）；不要覆盖别的工作站的公钥。",
            )
        shutil.copyfile(source, target)
    except OSError as exc:
        raise DomainError(
            "PUBLIC_KEY_EXPORT_FAILED",
            f"无法写入 {target}：{exc.strerror or exc}",
            field="public_key",
            fix="请检查U盘是否插好、是否写保护，或换一个文件夹。",
        ) from exc
    return target


class AdminKeysScreen(QWidget):
    loaded = Signal()
    keys_changed = Signal()  # a key was created or imported: the verifier should reload its public keys

    def __init__(
        self, ctx: ServiceContext, actor: Actor, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminKeysScreen")
        self._ctx, self._actor, self._runner = ctx, actor, runner
        self.overview: KeysOverview | None = None
        self.dialog: NewKeyDialog | None = None
        title = QLabel(self.tr("签章密钥"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        intro = QLabel(
            self.tr(
                "证书上的二维码由本工作站的签章密钥签名。私钥用口令加密保存在本机，从不离开本机；"
                "其他工作站导入本机的公钥后，即可离线核验本机打印的证书。"
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #444;")
        self.state = QLabel(self.tr("正在读取…"))
        self.state.setObjectName("keyState")
        self.state.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(12)
        self.key_id_label = self._data_label("activeKeyId")
        self.fingerprint_label = self._data_label("activeFingerprint")
        self.fingerprint_label.setFont(mono)
        self.private_label = self._data_label("privateKeyPath")
        self.public_label = self._data_label("publicKeyPath")
        active_box = QGroupBox(self.tr("本工作站签章密钥"))
        active_layout = QVBoxLayout(active_box)
        active_layout.addWidget(self.state)
        self.details = QWidget()
        details_form = QFormLayout(self.details)
        details_form.setContentsMargins(0, 0, 0, 0)
        details_form.addRow(self.tr("密钥编号"), self.key_id_label)
        details_form.addRow(self.tr("公钥指纹"), self.fingerprint_label)
        details_form.addRow(self.tr("私钥文件"), self.private_label)
        details_form.addRow(self.tr("公钥文件"), self.public_label)
        active_layout.addWidget(self.details)
        self.table = RowTable(
            [
                (self.tr("密钥编号"), lambda r: r["key_id"]),
                (self.tr("公钥指纹"), lambda r: spaced(r["fingerprint"])),
                (self.tr("来源"), lambda r: self._source_name(r["source"])),
                (self.tr("状态"), lambda r: self._status_name(r)),
                (self.tr("所在文件夹"), lambda r: str(r["folder"])),
            ],
            key_field="key_id",
        )
        self.table.setObjectName("trustedKeysTable")
        trusted_box = QGroupBox(self.tr("受信任的公钥（本机据此离线核验证书二维码）"))
        trusted_layout = QVBoxLayout(trusted_box)
        trusted_layout.addWidget(self.table)
        self.new_button = shortcut_button(self.tr("新建签章密钥…"), "Ctrl+N", self.create_key, "newKeyButton")
        self.import_button = shortcut_button(
            self.tr("导入公钥…"), "Ctrl+I", self.import_public_key, "importButton"
        )
        self.export_button = shortcut_button(
            self.tr("导出公钥…"), "Ctrl+E", self.export_public_key, "exportButton"
        )
        self.export_button.setEnabled(False)
        self.message = QLabel("")
        self.message.setObjectName("keysMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(active_box)
        layout.addWidget(trusted_box, 1)

    def _data_label(self, name: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setProperty("data", True)  # key ids, hex digits and paths are data, not interface text
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _source_name(self, source: str) -> str:
        return {
            "local": self.tr("本机密钥文件夹"),
            "bundled": self.tr("程序自带"),
        }.get(source, self.tr("管理员添加的文件夹"))

    def _status_name(self, row: dict[str, object]) -> str:
        if row["active"]:
            return self.tr("本机签章密钥")
        if not row["in_use"]:
            return self.tr("未采用：前面的文件夹已有同编号公钥")
        return self.tr("受信任")

    # -- screen protocol --------------------------------------------------------------------------------

    def activated(self) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.new_button.setFocus()

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run_db(
            lambda: load_overview(ctx), self._apply, lambda e: show_error(self, e), name="keys.load"
        )

    def _apply(self, overview: KeysOverview) -> None:
        self.overview = overview
        has_key = overview.active_key_id is not None
        self.details.setVisible(has_key)
        if not has_key:
            self._set_state(
                self.tr("本工作站尚未创建签章密钥：创建之前不能打印证书。请点“新建签章密钥…”。"), error=True
            )
        elif overview.private_path is None:
            self._set_state(
                self.tr(
                    "找不到签章密钥“{key}”的私钥文件：审核人无法解锁，不能打印证书。"
                    "请从备份恢复 {folder} 中的私钥文件，或新建签章密钥。"
                ).format(key=overview.active_key_id, folder=overview.key_dir),
                error=True,
            )
        elif overview.private_too_open:
            self._set_state(
                self.tr("私钥文件的权限过宽，本机其他账户也能读取；请只允许本程序的系统账户读写（0600）。"),
                error=True,
            )
        else:
            self._set_state(
                self.tr("本工作站用密钥“{key}”签章，审核人输入口令解锁后即可打印证书。").format(
                    key=overview.active_key_id
                ),
                error=False,
            )
        missing = self.tr("（文件缺失）")
        self.key_id_label.setText(overview.active_key_id or "")
        self.fingerprint_label.setText(spaced(overview.fingerprint) if overview.fingerprint else missing)
        self.private_label.setText(str(overview.private_path) if overview.private_path else missing)
        self.public_label.setText(str(overview.public_path) if overview.public_path else missing)
        self.table.set_rows([vars(k) for k in overview.trusted])
        self.export_button.setEnabled(overview.public_path is not None)
        self.loaded.emit()

    def _set_state(self, text: str, *, error: bool) -> None:
        self.state.setText(text)
        colour = "#b00020" if error else "#1b5e20"
        self.state.setStyleSheet(f"color: {colour}; font-size: 11.5pt; font-weight: bold;")

    def _done(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20;")
        self.message.setText(text)

    def _failed(self, exc: BaseException) -> None:
        message, fix = error_text(exc)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(message + (self.tr("（处理办法：{fix}）").format(fix=fix) if fix else ""))
        show_error(self, exc)

    # -- actions --------------------------------------------------------------------------------------------

    def create_key(self) -> NewKeyDialog:
        existing = self.overview.active_key_id if self.overview else None
        dialog = NewKeyDialog(existing, self)
        ctx, actor = self._ctx, self._actor

        def submit(key_id: str, passphrase: str) -> None:
            self._runner.run_db(
                lambda: signing_keys.create_key(ctx, actor, key_id, passphrase), created, failed
            )

        def created(info: PublicKeyInfo) -> None:
            dialog.finish()
            self._done(
                self.tr(
                    "已创建签章密钥“{key}”，公钥指纹 {fp}。请导出公钥发给各核验工作站，并当面把口令告知审核人。"
                ).format(key=info.key_id, fp=spaced(info.fingerprint))
            )
            self.keys_changed.emit()
            self.refresh()

        def failed(exc: BaseException) -> None:
            if not dialog.isVisible():  # cancelled meanwhile: say it on the screen
                self._failed(exc)
                return
            message, fix = error_text(exc)
            field = dialog.field_named(exc.field) if isinstance(exc, DomainError) else None
            dialog.fail(message + ("\n" + fix if fix else ""), field)

        dialog.submitted.connect(submit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def import_public_key(self, source: Path | None = None) -> None:
        if source is None:
            name = file_dialogs.open_file(
                self, self.tr("选择其他签章工作站导出的公钥文件"), self.tr("公钥文件 (*.pub)")
            )
            if not name:
                return
            source = Path(name)
        ctx, actor, path = self._ctx, self._actor, source

        def run() -> tuple[str, str]:
            key_id = signing_keys.import_public_key(ctx, actor, path)
            raw = load_public_keys(signing_keys.key_dir(ctx)).get(key_id, b"")
            return key_id, spaced(fingerprint_of(raw))

        def imported(result: tuple[str, str]) -> None:
            key_id, fp = result
            self._done(
                self.tr("已导入公钥“{key}”，指纹 {fp}。请与对方管理员电话核对指纹，一致后方可信任。").format(
                    key=key_id, fp=fp
                )
            )
            self.keys_changed.emit()
            self.refresh()

        self._runner.run_db(run, imported, self._failed)

    def export_public_key(self, target_dir: Path | None = None) -> None:
        overview = self.overview
        if overview is None or overview.active_key_id is None:
            return
        if target_dir is None:
            name = file_dialogs.choose_folder(self, self.tr("选择保存公钥的文件夹（例如U盘）"))
            if not name:
                return
            target_dir = Path(name)
        ctx, key_id, folder = self._ctx, overview.active_key_id, target_dir
        fp = spaced(overview.fingerprint or "")

        def exported(path: Path) -> None:
            self._done(
                self.tr("已导出公钥到 {path}（指纹 {fp}）。对方导入后，请电话核对指纹。").format(
                    path=path, fp=fp
                )
            )

        self._runner.run_db(lambda: export_public_key(ctx, key_id, folder), exported, self._failed)
