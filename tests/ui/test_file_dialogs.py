"""File dialogs: Chinese labels, opening in the documents or printed folder, never saving into the program."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from app.ui import file_dialogs


def test_labels_are_chinese_and_the_dialog_starts_in_documents(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: tmp_path)
    dialog = file_dialogs.build_dialog(
        None,
        "保存证书PDF",
        mode=QFileDialog.FileMode.AnyFile,
        save=True,
        suggested="豫A012026000001.pdf",
        name_filter="PDF 文件 (*.pdf)",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    texts = {w.text() for w in dialog.findChildren(QLabel)} | {
        w.text() for w in dialog.findChildren(QPushButton)
    }
    assert {"查找位置：", "文件名：", "文件类型：", "保存", "取消"} <= texts
    assert not {"Look in:", "Files of type:", "&Save", "Save", "Cancel"} & texts
    assert Path(dialog.directory().absolutePath()) == tmp_path
    dialog.close()


def test_a_printed_folder_is_where_the_save_dialog_opens(qtbot, tmp_path):
    printed = tmp_path / "printed"
    printed.mkdir()
    dialog = file_dialogs.build_dialog(
        None, "保存", mode=QFileDialog.FileMode.AnyFile, save=True, start=printed
    )
    qtbot.addWidget(dialog)
    assert Path(dialog.directory().absolutePath()) == printed


def test_nothing_is_written_into_the_program_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(file_dialogs, "documents_dir", lambda: tmp_path)
    # Enter on the suggested bare name: it goes to the start folder, not the current (program) directory.
    assert file_dialogs.resolve_save_path("X.pdf", tmp_path / "none") == str(tmp_path / "X.pdf")
    inside = file_dialogs.PROGRAM_DIR / "app" / "X.pdf"
    assert file_dialogs.resolve_save_path(str(inside), None) == str(tmp_path / "X.pdf")
    assert file_dialogs.start_dir(file_dialogs.PROGRAM_DIR) == tmp_path
