"""Catalogue versions: an item edit is a new document the loader checks; each version is parsed once."""

from __future__ import annotations

import pytest

from app.domain.catalogue import CatalogueError
from app.domain.catalogue_versions import (
    MaterialLine,
    catalogue_of,
    document_text,
    item_lines,
    shipped_document,
    text_sha256,
    users_of,
    validate,
    with_item,
)

ITEM = "JN-CANCEL"


def test_an_item_edit_adds_renames_and_reorders_and_leaves_other_items_alone() -> None:
    document = shipped_document()
    before = validate(document, 1)
    lines = list(reversed(item_lines(before, ITEM)))
    lines.append(MaterialLine("cancel_pledge", "注销承诺书", "document", "paper", False, "测试说明"))
    after = validate(with_item(document, ITEM, ["测试条件"], lines, None), 2)
    item = after.item(ITEM)
    assert after.version == 2 and item.conditions == ("测试条件",)
    assert [r.code for r in item.materials] == [line.ref for line in lines]
    assert (item.materials[-1].required, item.materials[-1].note) == (False, "测试说明")
    assert after.item("TZ-FIRST") == before.item("TZ-FIRST")
    assert shipped_document() == document  # the edit worked on a copy
    assert users_of(after, "cancel_pledge") == [ITEM]


def test_a_bad_line_is_refused_naming_the_row_or_the_field() -> None:
    document = shipped_document()
    with pytest.raises(CatalogueError) as bad_code:
        with_item(document, ITEM, ["x"], [MaterialLine("中文", "名称", "document", "paper", True)], None)
    assert bad_code.value.field == f"事项 {ITEM} 字段 materials 第1行 编码"
    blank = with_item(
        document, ITEM, ["x"], [MaterialLine("blank_name", " ", "document", "paper", True)], None
    )
    with pytest.raises(CatalogueError) as no_name:
        validate(blank, 2)
    assert no_name.value.field == "材料 blank_name 字段 name"
    assert no_name.value.fix == "请按提示修改后重新发布；中心库未作任何更改。"
    with pytest.raises(CatalogueError) as limits:
        validate({**document, "limits": {**document["limits"], "exam_score_valid_years": "一年"}}, 2)
    assert limits.value.field == "限制 字段 exam_score_valid_years"


def test_a_version_is_parsed_once() -> None:
    text = document_text({**shipped_document(), "version": 7})
    first = catalogue_of(7, text, text_sha256(text))
    assert catalogue_of(7, text) is first and first.version == 7
