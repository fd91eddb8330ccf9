"""Cell parsers and header matching: what people type into spreadsheets."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.domain.catalogue import default_catalogue
from app.excel.headers import find_header, normalise_header
from app.excel.spec import sheet_spec
from app.excel.values import CellError, parse_date, parse_number, split_list, squeeze


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (date(2026, 1, 31), date(2026, 1, 31)),
        (datetime(2026, 1, 31, 9, 30), date(2026, 1, 31)),
        (46053, date(2026, 1, 31)),  # Excel serial number
        (46053.75, date(2026, 1, 31)),  # serial with a time of day
        ("46053", date(2026, 1, 31)),
        ("2026-01-31", date(2026, 1, 31)),
        ("2026/1/31", date(2026, 1, 31)),
        ("2026.1.31", date(2026, 1, 31)),
        ("2026年1月31日", date(2026, 1, 31)),
        ("2026 年 1 月 31 日", date(2026, 1, 31)),
        ("２０２６－０１－３１", date(2026, 1, 31)),  # full-width from a Chinese input method
        ("20260131", date(2026, 1, 31)),
        ("2026-01-31 08:00:00", date(2026, 1, 31)),
    ],
)
def test_dates_in_every_form(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("2026-02-30", "不存在"),
        ("2026年13月1日", "不存在"),
        ("明天", "不是可识别的日期"),
        (12, "不是有效的日期"),
        (True, "不是日期"),
        ("", "未填写日期"),
    ],
)
def test_bad_dates_say_why(raw: object, fragment: str) -> None:
    with pytest.raises(CellError, match=fragment):
        parse_date(raw)


def test_numbers_and_ranges() -> None:
    assert parse_number("８５．５", low=0, high=100, what="成绩") == 85.5
    assert parse_number("90分", low=0, high=100, what="成绩") == 90
    with pytest.raises(CellError, match="超出范围"):
        parse_number(100.5, low=0, high=100, what="成绩")
    with pytest.raises(CellError, match="不是数字"):
        parse_number("优秀", low=0, high=100, what="成绩")


def test_text_helpers() -> None:
    assert squeeze("  刘　建国 \n") == "刘 建国"
    assert squeeze(4.101051986e9) == "4101051986"
    assert split_list("房屋建筑、市政公用工程;建筑劳务") == ["房屋建筑", "市政公用工程", "建筑劳务"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("＊身份证号码（必填）", "身份证号码"),
        ("  身份证\n号码 ", "身份证号码"),
        ("成绩(分)", "成绩"),
        ("*姓名:", "姓名"),
        (None, ""),
    ],
)
def test_header_normalisation(raw: object, expected: str) -> None:
    assert normalise_header(raw) == expected


def test_header_found_under_a_title_and_notes() -> None:
    spec = sheet_spec("scores", default_catalogue())
    rows = [
        ("2026年第一期安管人员考核成绩表", None, None),
        ("报送单位：郑州市建设职业培训学校", None, None),
        (None, None, None),
        ("考试日期", "学员姓名", "分数", "公民身份号码", "考核类别", "类型"),
    ]
    found = find_header(spec, rows)
    assert found is not None
    assert found.row == 4
    assert found.positions == {
        "exam_date": 0,
        "name": 1,
        "score": 2,
        "id_number": 3,
        "category": 4,
        "kind": 5,
    }
    assert found.missing(spec) == []
