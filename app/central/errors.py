"""One error shape for every refusal of the central API, in Chinese, and its place in the OpenAPI document.

Every answer of 400 and above is `{"detail": {"code", "message", "field", "fix"}}`: a code for programs, a
Chinese message that names the field, the field's path in the request, and what to do. A 422 adds `errors`, one
item per problem, each with `loc` (as FastAPI names it: `["body", "entries", 3, "payload", "mobile"]`) so that a
push client can tell which entries were refused. pydantic's English messages never reach the caller: each
error type is said again in Chinese here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain.errors import ConflictError, DomainError, NotFoundError, PermissionDenied


class ErrorItem(BaseModel):
    """One problem of a refused request (422)."""

    loc: list[str | int] = Field(description='问题所在位置，如 ["body", "entries", 3, "payload", "mobile"]')
    field: str = Field(description="字段路径，如 entries.3.payload.mobile")
    message: str = Field(description="问题说明（中文）")
    type: str = Field(description="问题类别代码")


class ErrorDetail(BaseModel):
    code: str = Field(description="错误代码，供程序判断")
    message: str = Field(description="错误说明（中文），指明出错的字段")
    field: str | None = Field(default=None, description="出错的字段")
    fix: str | None = Field(default=None, description="处理办法（中文）")
    errors: list[ErrorItem] | None = Field(default=None, description="请求内容有误（422）时逐项列出的问题")


class ErrorBody(BaseModel):
    """The body of every error answer."""

    detail: ErrorDetail


STATUS_TEXT = {
    400: "请求被拒绝（业务规则不允许）",
    401: "未登录、登录已失效或用户名密码错误",
    403: "无权执行此操作",
    404: "所请求的记录或地址不存在",
    405: "不支持该请求方法",
    409: "与中心已有数据冲突",
    413: "请求体过大",
    415: "不支持的文件类型",
    422: "请求内容不符合接口约定（字段缺失、格式或取值错误、含控制字符）",
    429: "尝试过于频繁，请稍后再试",
    500: "中心服务内部错误",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: each listed status with the common error body."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        entry: dict[str, Any] = {"model": ErrorBody, "description": STATUS_TEXT[code]}
        if code == 401:
            entry["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}}
        if code == 429:
            entry["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "几秒后可再试"}}
        out[code] = entry
    return out


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    fix: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    detail: dict[str, Any] = {"code": code, "message": message, "field": field, "fix": fix}
    if errors is not None:
        detail["errors"] = errors
    return JSONResponse({"detail": detail}, status_code=status, headers=dict(headers or {}))


# Field names a person at a counter knows by their Chinese name; other fields are named by their path.
FIELD_LABELS = {
    "username": "用户名",
    "password": "密码",
    "workstation": "工作站",
    "display_name": "姓名",
    "role": "角色",
    "unit_code": "单位代码",
    "stream": "变更流",
    "after": "游标",
    "limit": "每页条数",
    "upto": "压缩截止序号",
    "entries": "变更列表",
    "payload": "变更内容",
    "sha256": "材料文件校验值",
    "id_number": "身份证号",
    "applicant_name": "申请人姓名",
    "mobile": "手机号",
    "company_code": "统一社会信用代码",
    "company_name": "单位名称",
    "rows": "导入记录",
    "kind": "基础库类别",
    "family": "证书类别",
    "year": "年份",
    "size": "数量",
}


def field_path(loc: Sequence[str | int]) -> str:
    """`entries.3.payload.mobile` from a location, without the "body"/"query"/"path" prefix."""
    parts = [str(x) for x in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or "请求体"


def field_name(loc: Sequence[str | int]) -> str:
    """How a message names the field: 手机号（entries.3.payload.mobile）, or "字段 <path> " (ends in a space)."""
    path = field_path(loc)
    names = [x for x in loc if isinstance(x, str) and x not in ("body", "query", "path", "header")]
    if not names and not any(isinstance(x, int) for x in loc):
        return "请求体"
    label = FIELD_LABELS.get(names[-1]) if names else None
    return f"{label}（{path}）" if label else f"字段 {path} "


def _say(kind: str, ctx: Mapping[str, Any]) -> str:
    """The Chinese for one pydantic error type (without the field name)."""
    if kind == "missing":
        return "为必填项，不能缺少"
    if kind in ("string_too_short", "too_short"):
        unit = "个字符" if kind.startswith("string") else "项"
        n = ctx.get("min_length", 1)
        return "不能为空" if n == 1 and unit == "个字符" else f"至少须有 {n} {unit}"
    if kind in ("string_too_long", "too_long"):
        unit = "个字符" if kind.startswith("string") else "项"
        return f"最多 {ctx.get('max_length')} {unit}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "x00" in pattern and "|]" in pattern:
            return "含有不允许的字符（控制字符或竖线“|”）"
        if "x00" in pattern:
            return "含有不允许的控制字符（如 NUL）"
        return "格式不正确"
    if kind in ("control_character", "surrogate_character"):
        return "含有不允许的控制字符或无效的 Unicode 字符"
    if kind in ("string_type", "string_unicode"):
        return "须为文本"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "须为整数"
    if kind == "int_range":
        return "整数超出允许范围"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "须为有限的数字"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        word = {"greater_than_equal": "不小于", "greater_than": "大于", "less_than_equal": "不大于"}
        bound = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        return f"须{word.get(kind, '小于')} {bound}"
    if kind == "union_tag_invalid":
        return f"须为以下之一：{ctx.get('expected_tags', '')}"
    if kind == "union_tag_not_found":
        return "为必填项，不能缺少"
    if kind == "literal_error":
        return f"须为以下之一：{ctx.get('expected', '')}"
    if kind == "enum":
        return f"须为以下之一：{ctx.get('expected', '')}"
    if kind in ("bool_type", "bool_parsing"):
        return "须为 true 或 false"
    if kind in ("uuid_type", "uuid_parsing", "uuid_version"):
        return "须为 UUID（如 1b4e28ba-2fa1-11d2-883f-0016d3cca427）"
    if kind.startswith("date") or kind.startswith("datetime") or kind.startswith("time"):
        return "须为 ISO 格式的日期或时间（如 2026-12-02 或 2026-12-02T08:00:00）"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "须为 JSON 对象"
    if kind in ("list_type", "tuple_type", "set_type"):
        return "须为 JSON 数组"
    if kind == "json_invalid":
        return "不是有效的 JSON"
    if kind == "too_deep":
        return "嵌套层数过多"
    if kind == "extra_forbidden":
        return "是接口中没有的字段"
    if kind in ("op", "unknown_op"):
        return "是未知的变更类型"
    if kind == "sha":
        return "须为 64 位小写十六进制的 SHA-256 校验值"
    return "取值无效"


# Error types of our own validators (PydanticCustomError), whose message is Chinese already.
CHINESE_TYPES = frozenset({"registry_missing", "company_key"})
# Tags of the tagged-union bodies (the registry import's "kind").
UNION_TAGS = frozenset({"person", "company", "constructor", "score", "blacklist"})


def translate(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """pydantic/FastAPI errors as ErrorItem dicts with Chinese messages naming the field."""
    out: list[dict[str, Any]] = []
    for e in errors:
        kind = str(e.get("type", ""))
        loc: list[str | int] = [x if isinstance(x, int) else str(x) for x in e.get("loc", ())]
        ctx = e.get("ctx") or {}
        if len(loc) >= 2 and loc[0] == "body" and loc[1] in UNION_TAGS:
            loc = [
                "body",
                *loc[2:],
            ]  # pydantic names the member of a tagged union; the caller sent no such key
        if kind == "json_invalid":
            loc = ["body"]  # pydantic puts a byte offset here, which names no field
        if kind in ("union_tag_invalid", "union_tag_not_found") and ctx.get("discriminator"):
            loc = ["body", str(ctx["discriminator"]).strip("'")]
        if "message" in e:
            said = str(e["message"])
        elif kind in CHINESE_TYPES:  # raised by our own validators, already in Chinese
            if isinstance(ctx.get("loc"), list):
                loc = ["body", *ctx["loc"]]
            said = str(e.get("msg", ""))
        else:
            said = f"{field_name(loc)}{_say(kind, ctx)}"
        out.append({"loc": loc, "field": field_path(loc), "message": said, "type": kind or "invalid"})
    return out


def validation_response(items: list[dict[str, Any]]) -> JSONResponse:
    """422 with every problem listed; the summary names the first."""
    first = items[0] if items else {"field": "请求体", "message": "请求内容有误"}
    more = f"（另有 {len(items) - 1} 处问题）" if len(items) > 1 else ""
    return error_response(
        422,
        "REQUEST_INVALID",
        f"请求内容有误：{first['message']}{more}",
        field=str(first["field"]),
        fix="请按接口文档（/docs）修正所列字段后重新提交。",
        errors=items,
    )


def status_of(err: DomainError) -> int:
    from app.central.auth import AuthError, Forbidden

    explicit = getattr(err, "status", None)
    if isinstance(explicit, int):
        return explicit
    if isinstance(err, AuthError):
        return 401
    if isinstance(err, Forbidden | PermissionDenied):
        return 403
    if isinstance(err, ConflictError):
        return 409
    if isinstance(err, NotFoundError):
        return 404
    return 400


_HTTP_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "BODY_TOO_LARGE"}
_HTTP_MESSAGES = {
    404: ("接口地址不存在", "请检查地址；可用接口见 /docs。"),
    405: ("该接口不支持此请求方法", "可用的请求方法见 /docs。"),
}


def install(app: FastAPI) -> None:
    """Every error handler of the API answers in the one shape."""

    @app.exception_handler(DomainError)
    def _domain(request: Request, err: DomainError) -> JSONResponse:
        status = status_of(err)
        headers: dict[str, str] = dict(getattr(err, "headers", None) or {})
        if status == 401:
            headers.setdefault("WWW-Authenticate", "Bearer")
        return error_response(status, err.code, err.message, field=err.field, fix=err.fix, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return validation_response(translate(err.errors()))

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, err: StarletteHTTPException) -> JSONResponse:
        message, fix = _HTTP_MESSAGES.get(
            err.status_code, (STATUS_TEXT.get(err.status_code, "请求被拒绝"), None)
        )
        code = _HTTP_CODES.get(err.status_code, f"HTTP_{err.status_code}")
        return error_response(err.status_code, code, message, fix=fix, headers=err.headers)

    @app.exception_handler(IntegrityError)
    def _conflict(request: Request, err: IntegrityError) -> JSONResponse:
        # A uniqueness rule of the store, met by what the request asked for: the caller's conflict, not a crash.
        return error_response(
            409,
            "CONSTRAINT",
            "数据与中心已有记录冲突（如统一社会信用代码、编号重复）",
            fix="请核对后重新提交；同一记录请勿以不同的主键重复导入。",
        )

    @app.exception_handler(Exception)
    def _crash(request: Request, err: Exception) -> JSONResponse:
        return error_response(
            500,
            "INTERNAL_ERROR",
            "中心服务内部错误，本次请求未生效",
            fix="请稍后重试；如反复出现请联系中心管理员查看服务日志。",
        )
