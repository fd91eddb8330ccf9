"""`counterdesk demo-data` through the real command line entry point (issue 10, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import open_context
from app.cli import main
from app.models import Certificate, Person


def _counts(data: str) -> tuple[int, int]:
    ctx = open_context(data)
    try:
        with ctx.store.read() as s:
            return tuple(  # type: ignore[return-value]
                int(s.execute(select(func.count()).select_from(m)).scalar() or 0)
                for m in (Person, Certificate)
            )
    finally:
        ctx.store.dispose()


def test_demo_data_twice_is_a_clean_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "demo-data", "--persons", "30"]) == 0
    assert "演示数据已生成：人员 30" in capsys.readouterr().out
    persons, certificates = _counts(data)
    assert persons == 30 and certificates > 0

    assert main(["--data-dir", data, "demo-data", "--persons", "30"]) == 0
    out = capsys.readouterr()
    assert "未重复生成演示数据" in out.out and "Traceback" not in out.err
    assert f"人员 {persons}" in out.out and f"证书 {certificates}" in out.out
    assert _counts(data) == (persons, certificates)  # nothing was added the second time
