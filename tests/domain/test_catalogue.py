"""The catalogue is complete and a broken file names the item and the field."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from app.domain.calendar import load_calendar
from app.domain.catalogue import CHANGE_TYPES, OPERATIONS, CatalogueError, load_catalogue, parse_catalogue
from app.domain.rules import RULES
from app.paths import resource_path

RAW = yaml.safe_load(resource_path("catalogue.yaml").read_text(encoding="utf-8"))


def test_every_family_operation_and_change_type_is_there():
    cat = load_catalogue()
    pairs = {(i.family.code, i.operation) for i in cat.items.values()}
    for fam in ("AG", "TZ"):
        assert {(fam, op) for op in OPERATIONS} <= pairs
    assert {i.change_type for i in cat.items_of("AG") if i.change_type} == set(CHANGE_TYPES)
    assert {i.change_type for i in cat.items_of("JN") if i.change_type} == {
        "company_renamed",
        "employer_changed",
        "personal_changed",
    }
    assert ("JN", "cancel") in pairs
    for item in cat.items.values():
        assert item.conditions and item.materials and item.fields
        assert item.national_operation_type in {"01", "02", "05", "08", "09", "10"}
        assert item.family.decide_working_days > 0
    assert [i.code for i in cat.items.values() if i.onsite_signature] == [
        "AG-CHG-TRANSFER-OUT",
        "TZ-CHG-TRANSFER-OUT",
    ]
    electronic = {r.code for i in cat.items.values() for r in i.materials if r.electronic}
    assert {"exam_score", "ce_score", "constructor_reg"} <= electronic


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda d: d["items"][1].pop("effect"), "事项 AG-RENEW"),
        (
            lambda d: d["items"][0]["materials"].append({"ref": "no_such_material"}),
            "事项 AG-FIRST 字段 materials",
        ),
        (
            lambda d: d["items"][2].__setitem__("rules", ["ID_NUMBER", "NOPE"]),
            "事项 AG-CHG-RENAME 字段 rules",
        ),
        (lambda d: d["items"][3].__setitem__("family", "XX"), "事项 AG-CHG-EMPLOYER 字段 family"),
        (lambda d: d["fields"]["sex"].__setitem__("type", "colour"), "表单字段 sex"),
    ],
)
def test_broken_catalogue_names_item_and_field(mutate, where):
    raw = copy.deepcopy(RAW)
    mutate(raw)
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(raw, frozenset(RULES))
    assert err.value.field.startswith(where)
    assert where in err.value.message


def test_broken_yaml_names_the_line(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("families:\n  AG: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(bad)
    assert "第" in err.value.message and "行" in err.value.message


def test_working_days_skip_weekends_and_holidays():
    cal = load_calendar()
    # National Day week 2026: 1-7 October off, Saturday 10 October a make-up working day.
    assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert cal.is_working_day(date(2026, 10, 10))
    assert cal.add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)
    assert cal.working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
