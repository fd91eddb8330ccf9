"""Typed rows of an administrator's registry import (基础库导入), made from the registry tables themselves.

The import endpoint took rows as free-form objects, so a name longer than its column, a date that is no date or
a missing NOT NULL column reached the database and came back as HTTP 500 on PostgreSQL. Each kind now has a row
model derived from its table (text within the column's length and without control characters, dates as ISO
dates, numbers finite), so the OpenAPI document shows the real columns and a bad row is a 422 naming
`rows.<i>.<column>`. The natural-key columns are required always (a delete names only them); the other NOT NULL
columns are required when the rows are imported, not deleted. The validated row is handed on as the plain dict
the registry code expects, holding only the columns the row gave.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetPydanticSchema,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema
from sqlalchemy import Boolean, ColumnElement, Date, DateTime, Float, Integer, String

from app.models import BlacklistEntry, Company, ConstructorRegistration, Person, Score
from app.models.base import Base

INT32 = 2**31 - 1
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
# Key columns also exclude "|", which joins the columns of a compound key (app.sync.records.natural_key).
KEY_TEXT = r"^[^\x00-\x1f\x7f|]*$"
SKIP = frozenset({"id", "updated_at", "company_id"})
TABLES: dict[str, type[Base]] = {
    "person": Person,
    "company": Company,
    "constructor": ConstructorRegistration,
    "score": Score,
    "blacklist": BlacklistEntry,
}
# The columns that name a record (app.sync.records.natural_key); a company is named by uscc or org_code.
KEYS: dict[str, tuple[str, ...]] = {
    "person": ("id_number",),
    "company": (),
    "constructor": ("registration_number",),
    "score": ("id_number", "kind", "family", "category", "exam_date"),
    "blacklist": ("id_number", "listed_on"),
}


def _column_type(col: ColumnElement[Any], key: bool) -> tuple[Any, Any]:
    t = col.type
    default: Any = ... if key else None
    if isinstance(t, String):
        pattern = KEY_TEXT if key else ONE_LINE
        field = Field(default, min_length=1 if key else 0, max_length=t.length or 256, pattern=pattern)
        if key:
            return str, field
        # An empty cell is no value: "" would be stored as a value, and two companies without a credit code
        # would then collide on the unique "" instead of both having none.
        return Annotated[str | None, BeforeValidator(_blank_is_none)], field
    if isinstance(t, DateTime):
        return (datetime if key else datetime | None), Field(default)
    if isinstance(t, Date):
        return (date if key else date | None), Field(default)
    if isinstance(t, Float):
        return (float if key else float | None), Field(default, allow_inf_nan=False, ge=-1e15, le=1e15)
    if isinstance(t, Boolean):
        return (bool if key else bool | None), Field(default)
    if isinstance(t, Integer):
        return (int if key else int | None), Field(default, ge=-INT32, le=INT32)
    raise TypeError(f"registry column {col.key} has a type the import does not know: {t!r}")


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _company_named(row: BaseModel) -> BaseModel:
    if not getattr(row, "uscc", None) and not getattr(row, "org_code", None):
        raise PydanticCustomError("company_key", "企业须有统一社会信用代码（uscc）或组织机构代码（org_code）")
    return row


def _row_model(kind: str) -> type[BaseModel]:
    table = TABLES[kind].__table__
    fields: dict[str, Any] = {}
    for col in table.columns:
        if col.key not in SKIP:
            fields[col.key] = _column_type(col, col.key in KEYS[kind])
    validators: dict[str, Any] = {}
    if kind == "company":
        fields["qualifications"] = (
            list[Annotated[str, Field(min_length=1, max_length=32, pattern=ONE_LINE)]] | None,
            Field(None, max_length=100),
        )
        validators["named"] = model_validator(mode="after")(_company_named)
    return create_model(
        f"{kind.capitalize()}Row",
        __config__=ConfigDict(extra="forbid"),
        __validators__=validators,
        **fields,
    )


ROW_MODELS = {kind: _row_model(kind) for kind in TABLES}


def required_for_import(kind: str) -> tuple[str, ...]:
    """NOT NULL columns without a default that an import (not a delete) must give."""
    table = TABLES[kind].__table__
    return tuple(
        c.key
        for c in table.columns
        if c.key not in SKIP and not c.nullable and c.default is None and c.key not in KEYS[kind]
    )


def _as_dict(model: type[BaseModel]) -> GetPydanticSchema:
    """Validate as `model`, hand on the dict of the columns given (dates as ISO text)."""

    def schema(source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            lambda row: row.model_dump(mode="json", exclude_unset=True), handler(model)
        )

    return GetPydanticSchema(schema)


def _import_model(kind: str) -> type[BaseModel]:
    row = Annotated[dict[str, Any], _as_dict(ROW_MODELS[kind])]
    need = required_for_import(kind)

    def complete(req: Any) -> Any:
        if req.delete:
            return req
        for i, r in enumerate(req.rows):
            missing = [c for c in need if r.get(c) is None]
            if missing:
                raise PydanticCustomError(
                    "registry_missing",
                    "导入记录 rows.{index}.{column} 为必填项（删除时可只给主键字段）",
                    {"index": i, "column": missing[0], "loc": ["rows", i, missing[0]]},
                )
        return req

    complete_validator: dict[str, Any] = {"complete": model_validator(mode="after")(complete)}
    tag: Any = Literal.__getitem__(kind)  # the kind itself, as a one-value literal
    rows: Any = list[row]
    return create_model(
        f"{kind.capitalize()}Import",
        __config__=ConfigDict(extra="forbid"),
        __validators__=complete_validator,
        kind=(tag, ...),
        rows=(rows, Field(min_length=1, max_length=5000)),
        delete=(bool, False),
    )


IMPORT_MODELS = [_import_model(kind) for kind in TABLES]
