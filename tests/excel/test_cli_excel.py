"""`counterdesk template / import / export` through the real command line entry point."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.cli import main
from tests.excel.helpers import SCORE_HEADER, score_rows, write_book


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    root = tmp_path / "data"
    secret = tmp_path / "admin-password.txt"
    secret.write_text("Own98765pass\n", encoding="utf-8")
    assert main(["--data-dir", str(root), "init", "--no-demo", "--admin-password-file", str(secret)]) == 0
    return str(root)


def test_template_import_dry_run_and_commit(
    data_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "模板.xlsx"
    assert main(["--data-dir", data_dir, "template", "scores", "--out", str(template)]) == 0
    assert openpyxl.load_workbook(template).sheetnames[0] == "成绩表"
    rows = score_rows(3)
    rows[1][4] = 120
    path = write_book(tmp_path / "成绩.xlsx", [SCORE_HEADER, *rows])
    capsys.readouterr()
    assert main(["--data-dir", data_dir, "import", "scores", str(path), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "预览（尚未导入）" in out and "新增 2，变更 0，无变化 0，有错误 1" in out and "第3行 错误" in out
    assert "--dry-run" in out
    assert (tmp_path / "成绩_错误行.xlsx").exists()
    assert main(["--data-dir", data_dir, "import", "scores", str(path)]) == 1
    assert "已导入" in capsys.readouterr().out
    main(["--data-dir", data_dir, "import", "scores", str(path)])
    assert "新增 0，变更 0，无变化 2，有错误 1" in capsys.readouterr().out


def test_exports_from_the_command_line(
    data_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = {
        "ledger.xlsx": ["ledger", "--date", "2026-11-23", "--clerk", "clerk01"],
        "apps.xlsx": ["applications", "--from", "2026-11-01", "--to", "2026-11-30"],
        "certs.xlsx": ["certificates", "--from", "2026-11-01", "--to", "2026-11-30"],
        "overdue.xlsx": ["overdue"],
        "monthly.xlsx": ["monthly", "--month", "2026-11"],
    }
    for name, args in commands.items():
        out = tmp_path / name
        assert main(["--data-dir", data_dir, "export", *args, "--out", str(out)]) == 0
        assert f"已导出：{out}" in capsys.readouterr().out
        assert openpyxl.load_workbook(out).sheetnames
    assert (
        main(
            [
                "--data-dir",
                data_dir,
                "export",
                "monthly",
                "--month",
                "2026-13",
                "--out",
                str(tmp_path / "x.xlsx"),
            ]
        )
        == 2
    )
    assert "月份“2026-13”不正确" in capsys.readouterr().err


def test_bad_file_is_a_clear_error(data_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "成绩.xlsx"
    path.write_text("身份证号,姓名\n", encoding="utf-8")
    assert main(["--data-dir", data_dir, "import", "scores", str(path)]) == 2
    err = capsys.readouterr().err
    assert "文件“成绩.xlsx”不是Excel工作簿" in err and "处理办法" in err
