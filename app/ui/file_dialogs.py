"""File dialogs that speak Chinese and start where the clerk's files are (文件选择框).

The platform's native dialog follows the system language (an English Windows said "Look in", "Files of type"),
and the static helpers open in the current directory — the program's folder, where a certificate PDF saved
with Enter used to land. Here every dialog is Qt's own, labelled in Chinese whatever the translations say, and
opens in the user's documents (or a folder the caller names, such as <data dir>/printed/); a bare file name is
put into that folder, and a path inside the program's folder is moved to the documents folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PROGRAM_DIR = Path(__file__).resolve().parents[2]


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


def documents_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def inside_program_dir(path: Path) -> bool:
    try:
        path.resolve().relative_to(PROGRAM_DIR)
    except ValueError:
        return False
    return True


def start_dir(start: str | Path | None) -> Path:
    """Where a dialog opens: the caller's folder if it exists and is not the program's, else documents."""
    if start:
        path = Path(start)
        folder = path if path.is_dir() else path.parent
        if folder.is_dir() and not inside_program_dir(folder):
            return folder
    return documents_dir()


def resolve_save_path(chosen: str, start: str | Path | None) -> str:
    """A bare name goes into the start folder; nothing is ever written into the program's folder."""
    if not chosen:
        return ""
    path = Path(chosen)
    if not path.is_absolute():
        path = start_dir(start) / path
    if inside_program_dir(path):
        path = documents_dir() / path.name
    return str(path)


def build_dialog(
    parent: QWidget | None,
    title: str,
    *,
    mode: QFileDialog.FileMode,
    start: str | Path | None = None,
    name_filter: str = "",
    save: bool = False,
    suggested: str = "",
) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(mode)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    folder = start_dir(start)
    dialog.setDirectory(str(folder))
    if name_filter:
        dialog.setNameFilter(name_filter)
    if suggested:
        dialog.selectFile(str(folder / Path(suggested).name))
    labels = {
        QFileDialog.DialogLabel.LookIn: _tr("查找位置："),
        QFileDialog.DialogLabel.FileName: _tr("文件夹：")
        if mode == QFileDialog.FileMode.Directory
        else _tr("文件名："),
        QFileDialog.DialogLabel.FileType: _tr("文件类型："),
        QFileDialog.DialogLabel.Accept: _tr("保存")
        if save
        else _tr("打开")
        if mode != QFileDialog.FileMode.Directory
        else _tr("选择"),
        QFileDialog.DialogLabel.Reject: _tr("取消"),
    }
    for which, text in labels.items():
        dialog.setLabelText(which, text)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []


def open_file(
    parent: QWidget | None, title: str, name_filter: str = "", start: str | Path | None = None
) -> str:
    files = _run(
        build_dialog(
            parent, title, mode=QFileDialog.FileMode.ExistingFile, start=start, name_filter=name_filter
        )
    )
    return files[0] if files else ""


def open_files(
    parent: QWidget | None, title: str, name_filter: str = "", start: str | Path | None = None
) -> list[str]:
    return _run(
        build_dialog(
            parent, title, mode=QFileDialog.FileMode.ExistingFiles, start=start, name_filter=name_filter
        )
    )


def save_file(
    parent: QWidget | None,
    title: str,
    suggested: str,
    name_filter: str = "",
    start: str | Path | None = None,
) -> str:
    dialog = build_dialog(
        parent,
        title,
        mode=QFileDialog.FileMode.AnyFile,
        start=start or (Path(suggested).parent if Path(suggested).is_absolute() else None),
        name_filter=name_filter,
        save=True,
        suggested=suggested,
    )
    files = _run(dialog)
    return resolve_save_path(files[0], start) if files else ""


def choose_folder(parent: QWidget | None, title: str, start: str | Path | None = None) -> str:
    files = _run(build_dialog(parent, title, mode=QFileDialog.FileMode.Directory, start=start))
    return files[0] if files else ""
