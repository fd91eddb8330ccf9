"""The request guard: size limits and hostile-text checks before any route, token check or database sees a byte.

An ASGI middleware, outermost in the app, so that its answers come before authentication:
- a body larger than the endpoint's limit is answered 413 as soon as Content-Length says so (the body is never
  read), or as soon as a streamed body passes the limit;
- a JSON body is parsed once here and walked as a whole (nested objects of any payload included): a text with a
  control character (anything below U+0020 except tab, line feed and carriage return, and DEL) or a lone UTF-16
  surrogate, an integer outside ±(2⁶³−1), a number that is not finite (NaN, Infinity, 1e400), or nesting deeper than
  32 levels is answered 422 with the field's path (the schemas hold typed fields to their columns' tighter ranges). PostgreSQL refuses NUL in text and JSON and cannot encode a lone surrogate, and its integer columns
  overflow: these must never reach it;
- query parameters are held to the same text rule.
The body read here is replayed to the app unchanged.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Awaitable, Callable, Coroutine, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.central.errors import error_response, field_name, field_path, validation_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

KB = 1024
MB = 1024 * 1024
DEFAULT_LIMIT = 64 * KB
INT_LIMIT = 2**63 - 1
MAX_DEPTH = 32


@dataclass(frozen=True)
class Limit:
    """Requests of `method` to a path starting with `prefix` may carry at most `max_bytes`."""

    method: str
    prefix: str
    max_bytes: int
    json: bool = True  # parsed and checked here; False for raw uploads (material files)
    code: str = "BODY_TOO_LARGE"
    # Problems inside `entries[i].payload` are left to the route, which answers that entry alone (push).
    per_entry: bool = False


def default_limits(max_blob_bytes: int) -> list[Limit]:
    return [
        Limit("POST", "/auth/login", 4 * KB),
        Limit("POST", "/sync/push", 8 * MB, per_entry=True),
        Limit("PUT", "/blobs/", max_blob_bytes, json=False, code="BLOB_TOO_LARGE"),
        Limit("POST", "/blobs/missing", 256 * KB),
        Limit("POST", "/numbers/report", 1 * MB),
        Limit("POST", "/admin/registry", 16 * MB),
    ]


ENTRY_PROBLEMS = "counterdesk.entry_problems"
PARSED_BODY = "counterdesk.parsed_body"


def _entry_of(loc: list[str | int]) -> int | None:
    """The entry index of a problem inside `entries[i].payload`, else None."""
    if len(loc) >= 4 and loc[:2] == ["body", "entries"] and isinstance(loc[2], int) and loc[3] == "payload":
        return loc[2]
    return None


def entry_problems(scope: Scope) -> dict[int, list[dict[str, Any]]]:
    """Per entry index, the problems the guard found in its payload (push)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for p in scope.get(ENTRY_PROBLEMS, ()):
        i = _entry_of(p["loc"])
        if i is not None:
            out.setdefault(i, []).append(p)
    return out


class GuardedRequest(Request):
    """A request whose JSON body the guard has parsed already: `json()` returns that document."""

    async def json(self) -> Any:
        if PARSED_BODY in self.scope:
            return self.scope[PARSED_BODY]
        return await super().json()


class GuardedRoute(APIRoute):
    """A route that reads the body the guard parsed (FastAPI's custom request class pattern): a push's JSON was
    parsed twice, once here and once by FastAPI, a few milliseconds per batch of 200."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            return await handler(GuardedRequest(request.scope, request.receive))

        return guarded


class _TooLarge(Exception):
    pass


# Every character `bad_text` refuses: controls below U+0020 but tab, LF and CR; DEL; the surrogate range.
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def bad_text(value: str) -> bool:
    """True if `value` holds a control character other than tab/LF/CR, DEL, or a lone surrogate (one regular
    expression search in C, not a Python loop per character: every text of every push passes here)."""
    return _BAD_TEXT.search(value) is not None


def _parse_int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > 19:  # past the limit; int() of a 100,000-digit string costs seconds
        return INT_LIMIT + 1
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 parses as inf, which no JSON column takes back
        raise ValueError(text)
    return value


def _refuse_constant(name: str) -> float:
    raise ValueError(name)


def _problem(loc: list[str | int], kind: str, message: str) -> dict[str, Any]:
    return {"loc": loc, "field": field_path(loc), "message": f"{field_name(loc)}{message}", "type": kind}


def scan(value: Any, prefix: Sequence[str | int] = ("body",)) -> list[dict[str, Any]]:
    """Every hostile value in a parsed JSON document, with its location (iterative: no recursion limit)."""
    problems: list[dict[str, Any]] = []
    stack: list[tuple[Any, list[str | int]]] = [(value, list(prefix))]
    while stack and len(problems) < 50:
        node, loc = stack.pop()
        if len(loc) - len(prefix) > MAX_DEPTH:
            problems.append(_problem(loc, "too_deep", f"嵌套层数超过 {MAX_DEPTH} 层"))
            continue
        if isinstance(node, str):
            if bad_text(node):
                problems.append(
                    _problem(loc, "control_character", "含有不允许的控制字符（如 NUL）或无效的 Unicode 字符")
                )
        elif isinstance(node, bool) or node is None:
            continue
        elif isinstance(node, int):
            if not -INT_LIMIT <= node <= INT_LIMIT:
                problems.append(_problem(loc, "int_range", f"整数超出允许范围（±{INT_LIMIT}）"))
        elif isinstance(node, dict):
            for k, v in reversed(list(node.items())):
                if bad_text(k):
                    problems.append(
                        _problem([*loc, repr(k)[1:-1]], "control_character", "的字段名含控制字符")
                    )
                    continue
                stack.append((v, [*loc, k]))
        elif isinstance(node, list):
            for i in range(len(node) - 1, -1, -1):
                stack.append((node[i], [*loc, i]))
    problems.sort(key=lambda p: [str(x) for x in p["loc"]])
    return problems


def _loads(text: str) -> Any:
    """json.loads with integers converted by the C parser (a Python parse_int, called once per integer, made the
    parse four times slower). Python refuses to convert a literal past its digit limit; such a text, or any text
    in a process configured without that limit, is parsed with every integer bounded at parse time instead."""
    if 0 < sys.get_int_max_str_digits() <= _DIGIT_LIMIT:
        try:
            return json.loads(text, parse_float=_parse_float, parse_constant=_refuse_constant)
        except ValueError:
            pass  # past the digit limit, or no JSON at all (the bounded parse says so again)
    return json.loads(text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_refuse_constant)


def parse_json(body: bytes) -> tuple[list[dict[str, Any]], Any]:
    """Problems of a JSON body (empty: none) and the parsed document (None when it is not JSON)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return [
            {"loc": ["body"], "field": "请求体", "message": "请求体须为 UTF-8 编码", "type": "json_invalid"}
        ], None
    try:
        doc = _loads(text)
    except (ValueError, RecursionError):
        return [
            {"loc": ["body"], "field": "请求体", "message": "请求体不是有效的 JSON", "type": "json_invalid"}
        ], None
    # Nothing `scan` would find: no text can hold a refused character, no integer is out of range, nothing too deep.
    if (
        (type(doc) is dict or type(doc) is list)
        and "\x7f" not in text
        and ("\\" not in text or _BAD_ESCAPE.search(text) is None)
        and _plain(doc, 0)
    ):
        return [], doc
    return scan(doc), doc


# int() of a literal this long is still cheap; a process configured without a limit (or a higher one) bounds
# integers at parse time instead.
_DIGIT_LIMIT = 5000
# Everything in a JSON text that can decode to a character `bad_text` refuses, but a raw DEL. A raw control
# character is invalid JSON (json.loads is strict) and UTF-8 decoding refuses a surrogate, so such a character comes
# from an escape: \b, \f, \u0000-\u001f, \u007f, \ud800-\udfff. A match may be harmless (an escaped backslash
# before "b", tab's \u0009, a valid surrogate pair): `scan` then decides.
_BAD_ESCAPE = re.compile(r"\\(?:[bf]|u(?:00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F]))")


def _plain(node: Any, depth: int) -> bool:
    """True if no value sits deeper than MAX_DEPTH below the document and every integer is in range (the checks
    of `scan` that are not about text), without building any location; recursion is bounded by MAX_DEPTH. `node`
    is a dict or a list at `depth`."""
    if depth >= MAX_DEPTH and len(node):
        return False  # its values are deeper than MAX_DEPTH
    for v in node.values() if type(node) is dict else node:
        t = type(v)
        if t is dict or t is list:
            if not _plain(v, depth + 1):
                return False
        elif t is int and not -INT_LIMIT <= v <= INT_LIMIT:
            return False
    return True


def check_query(raw: bytes) -> list[dict[str, Any]]:
    try:
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return [
            {
                "loc": ["query"],
                "field": "查询参数",
                "message": "查询参数须为 UTF-8 编码",
                "type": "string_unicode",
            }
        ]
    problems = []
    for name, value in pairs:
        if bad_text(name) or bad_text(value):
            problems.append(_problem(["query", name], "control_character", "含有不允许的控制字符（如 NUL）"))
    return problems


def _too_large(lim: Limit) -> Any:
    size = f"{lim.max_bytes // MB} MB" if lim.max_bytes >= MB else f"{max(1, lim.max_bytes // KB)} KB"
    if lim.code == "BLOB_TOO_LARGE":
        message, fix = f"材料文件过大，上限 {size}", "请降低扫描分辨率或压缩后重新上传。"
    else:
        message, fix = f"请求体过大：此接口的上限为 {size}", "请分批提交。"
    return error_response(413, lim.code, message, field="请求体", fix=fix)


class RequestGuard:
    """ASGI middleware; `limits` are matched first to last, anything else gets `default`."""

    def __init__(self, app: ASGIApp, limits: Sequence[Limit] = (), default: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limits = list(limits)
        self.default = default

    def limit_for(self, method: str, path: str) -> Limit:
        for lim in self.limits:
            if method == lim.method and path.startswith(lim.prefix):
                return lim
        return Limit(method, path, self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problems = check_query(scope.get("query_string", b""))
        if problems:
            await validation_response(problems)(scope, receive, send)
            return
        lim = self.limit_for(scope["method"], scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > lim.max_bytes:
            await _too_large(lim)(scope, receive, send)
            return
        counted = _Counter(receive, lim.max_bytes)
        if not lim.json:
            await self._streamed(scope, counted, send, lim)
            return
        try:
            body = await counted.read_all()
        except _TooLarge:
            await _too_large(lim)(scope, receive, send)
            return
        if body and _is_json(scope):
            problems, doc = parse_json(body)
            if lim.per_entry:
                deferred = [p for p in problems if _entry_of(p["loc"]) is not None]
                problems = [p for p in problems if _entry_of(p["loc"]) is None]
                scope[ENTRY_PROBLEMS] = deferred
            if problems:
                await validation_response(problems)(scope, receive, send)
                return
            # The route reads this document instead of parsing the body again (GuardedRoute). The same values
            # json.loads gives: an integer the guard bounded at parse time was refused above, or sits in an
            # entry's payload that the route refuses alone and never applies.
            scope[PARSED_BODY] = doc
        await self.app(scope, _replay(body, receive), send)

    async def _streamed(self, scope: Scope, counted: _Counter, send: Send, lim: Limit) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted.receive, watch)
        except _TooLarge:
            if started:
                raise
            await _too_large(lim)(scope, counted.receive, send)


class _Counter:
    """A `receive` that counts body bytes and raises _TooLarge past the limit."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self.limit = limit
        self.size = 0

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                raise _TooLarge()
        return message

    async def read_all(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            message = await self.receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, then: Receive) -> Receive:
    """The body read by the guard, then the connection's own messages (a disconnect, when it comes)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await then()

    return receive


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


def _content_length(scope: Scope) -> int | None:
    raw = _header(scope, b"content-length")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def _is_json(scope: Scope) -> bool:
    ctype = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
    return not ctype or ctype == b"application/json" or ctype.endswith(b"+json")
