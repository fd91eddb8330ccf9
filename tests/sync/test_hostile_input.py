"""Hostile input to the central store (issue 11, items 4 and 5): control characters, huge integers, huge bodies.

Each test runs against a SQLite and a PostgreSQL central store (PostgreSQL refuses NUL in text and JSON, which
used to surface as HTTP 500 and block a counter's whole batch for ever).
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from app.central.guards import MB, Limit, RequestGuard
from app.models import Application, OutboxEntry
from app.sync import outbox
from tests.sync.helpers import (
    CLERK,
    Central,
    counter,
    eligible_forms,
    outbox_states,
    submitted,
    worker,
)


def _auth(central: Central, who: str = "clerk01") -> dict[str, str]:
    return {"Authorization": f"Bearer {central.token(who)}"}


def _refused_field(resp: httpx.Response) -> str:
    assert resp.status_code == 422, resp.text
    detail = resp.json()["detail"]
    assert detail["code"] == "REQUEST_INVALID"
    assert "控制字符" in detail["message"] or "范围" in detail["message"] or "不大于" in detail["message"]
    return str(detail["field"])


def test_nul_in_login_without_token_is_422_naming_the_field(central: Central) -> None:
    for body, field in (
        ({"username": "clerk01\u0000", "password": "x"}, "username"),
        ({"username": "clerk01", "password": "Clerk1234", "workstation": "WS\u000001"}, "workstation"),
        ({"username": "clerk01", "password": "a\u001bb"}, "password"),
    ):
        resp = httpx.post(central.url + "/auth/login", json=body, timeout=30)
        assert _refused_field(resp) == field
        assert field in resp.json()["detail"]["message"]
    # A lone surrogate (valid JSON escape, not encodable for PostgreSQL) is refused the same way.
    raw = b'{"username": "\\ud800", "password": "x"}'
    resp = httpx.post(
        central.url + "/auth/login", content=raw, headers={"Content-Type": "application/json"}, timeout=30
    )
    assert _refused_field(resp) == "username"


def test_nul_deep_in_a_push_payload_refuses_that_entry_alone(central: Central, tmp_path: Path) -> None:
    ctx = counter(tmp_path / "a")
    forms = eligible_forms(ctx, 2)
    first = submitted(ctx, CLERK, forms[0], "TZ-FIRST")
    second = submitted(ctx, CLERK, forms[1], "TZ-FIRST")
    batch = outbox.next_batch(ctx.store, ["clerk01"], 10)
    poisoned: dict[str, Any] = {**batch[0], "payload": dict(batch[0]["payload"])}
    app = dict(poisoned["payload"]["application"])
    app["form"] = {**app["form"], "remark": "第一行\n第二行\u0000"}
    poisoned["payload"]["application"] = app
    with ctx.store.write() as s:
        row = s.execute(select(OutboxEntry).where(OutboxEntry.key == batch[0]["key"])).scalar_one()
        row.payload = poisoned["payload"]
    # The worker is not blocked: the poisoned entry is rejected naming the field, the other one is applied.
    pushed = worker(ctx, central, "clerk01", streams=()).push_all(ctx.now())
    assert (pushed["rejected"], pushed["applied"]) == (1, 1)
    assert [(state, code) for _, state, code in outbox_states(ctx)] == [
        ("rejected", "SCHEMA_INVALID"),
        ("applied", None),
    ]
    with ctx.store.read() as s:
        message = s.execute(select(Application.sync_message).where(Application.uuid == first)).scalar_one()
    assert message is not None and "entries.0.payload.application.form.remark" in message
    with central.store.read() as s:
        stored = set(s.execute(select(Application.uuid)).scalars())
    assert stored == {second}


def test_huge_integers_in_query_and_body_are_422(central: Central) -> None:
    for after in (10**30, 2**63):
        resp = httpx.get(
            central.url + "/sync/pull",
            params={"stream": "applications", "after": after},
            headers=_auth(central),
            timeout=30,
        )
        assert _refused_field(resp) == "after"
    resp = httpx.post(
        central.url + "/admin/feed/compact",
        json={"stream": "certificates", "upto": 10**30},
        headers=_auth(central, "admin"),
        timeout=30,
    )
    assert _refused_field(resp) == "upto"
    resp = httpx.post(
        central.url + "/numbers/report",
        json={
            "ranges": [{"block_id": "0b9f1a4e-7c1e-4a57-9d43-6c2e2f1d0a11", "first_unused": 2**40, "last": 1}]
        },
        headers=_auth(central, "sup01"),
        timeout=30,
    )
    assert _refused_field(resp) == "ranges.0.first_unused"
    # Nested in a free-form payload: the guard holds every integer to ±(2⁶³−1) and every number finite.
    resp = httpx.post(
        central.url + "/admin/registry",
        json={"kind": "person", "rows": [{"id_number": "410101198001020033", "name": "某人", "x": 10**19}]},
        headers=_auth(central, "admin"),
        timeout=30,
    )
    assert _refused_field(resp) == "rows.0.x"
    for literal in (b"1e400", b"NaN", b"-Infinity"):
        resp = httpx.post(
            central.url + "/admin/registry",
            content=b'{"kind": "score", "rows": [{"score": ' + literal + b"}]}",
            headers={**_auth(central, "admin"), "Content-Type": "application/json"},
            timeout=30,
        )
        assert resp.status_code == 422
        assert resp.json()["detail"]["field"] == "请求体"


def test_control_characters_in_query_and_nested_admin_rows_are_422(central: Central) -> None:
    resp = httpx.get(
        central.url + "/sync/pull?stream=registry%00&after=0", headers=_auth(central), timeout=30
    )
    assert _refused_field(resp) == "stream"
    resp = httpx.post(
        central.url + "/admin/registry",
        json={"kind": "person", "rows": [{"id_number": "410101198001020033", "name": "某\u0000人"}]},
        headers=_auth(central, "admin"),
        timeout=30,
    )
    assert _refused_field(resp) == "rows.0.name"


def test_registry_rows_are_checked_against_their_columns(central: Central) -> None:
    """These rows reached the database and were HTTP 500 on PostgreSQL; now each is a 422 naming the column."""
    admin = _auth(central, "admin")
    person = {"id_number": "410101198001020033", "name": "某人"}
    for body, field in (
        ({"kind": "person", "rows": [{**person, "name": "名" * 65}]}, "rows.0.name"),
        ({"kind": "person", "rows": [person, {**person, "birth_date": "1980-13-45"}]}, "rows.1.birth_date"),
        ({"kind": "person", "rows": [{"id_number": "410101198001020033"}]}, "rows.0.name"),
        (
            {"kind": "blacklist", "rows": [{"id_number": "410101198001020033", "listed_on": "2024-01-01"}]},
            "rows.0.name",
        ),
        ({"kind": "company", "rows": [{"name": "某公司", "qualifications": 5}]}, "rows.0.qualifications"),
        ({"kind": "planet", "rows": [person]}, "kind"),
        (  # "|" joins a compound key's columns (found by schemathesis: a 500 on delete)
            {
                "kind": "score",
                "delete": True,
                "rows": [
                    {
                        "id_number": "4101|x",
                        "kind": "e",
                        "family": "A",
                        "category": "c",
                        "exam_date": "2024-01-01",
                    }
                ],
            },
            "rows.0.id_number",
        ),
    ):
        resp = httpx.post(central.url + "/admin/registry", json=body, headers=admin, timeout=30)
        assert resp.status_code == 422, (body, resp.text)
        assert resp.json()["detail"]["field"] == field, resp.text
    ok = httpx.post(central.url + "/admin/registry", json={"kind": "person", "rows": [person]}, headers=admin)
    assert ok.status_code == 200, ok.text
    # Empty cells are no value: two companies without a credit code do not collide on "" (found by schemathesis).
    for org_code in ("0000000000", "0000000001"):
        row = {"name": "某公司", "uscc": "", "org_code": org_code, "region": ""}
        resp = httpx.post(
            central.url + "/admin/registry", json={"kind": "company", "rows": [row]}, headers=admin
        )
        assert resp.status_code == 200, resp.text
    gone = httpx.post(
        central.url + "/admin/registry",
        json={"kind": "person", "rows": [{"id_number": person["id_number"]}], "delete": True},
        headers=admin,
    )
    assert gone.status_code == 200, gone.text


def _raw_request(url: str, head: str, body: bytes) -> bytes:
    """Send a request head and part of a body on a plain socket; whatever the server answers."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(head.encode("ascii") + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        return data


def test_oversized_body_is_413_before_authentication_without_reading_it(central: Central) -> None:
    """The head says 100 MB; only 64 KB is sent. The answer comes at once (the server waits for no body) and it
    is 413, not the 401 that the missing token would get."""
    for path in ("/sync/push", "/auth/login", "/blobs/missing", "/admin/registry"):
        head = (
            f"POST {path} HTTP/1.1\r\nHost: central\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * MB}\r\n\r\n"
        )
        answer = _raw_request(central.url, head, b"[" * 65536)
        assert answer.startswith(b"HTTP/1.1 413"), (path, answer[:200])
    resp = httpx.post(central.url + "/auth/login", content=b"{" + b" " * 8192 + b"}", timeout=30)
    assert resp.status_code == 413
    assert resp.json()["detail"]["code"] == "BODY_TOO_LARGE"
    assert "上限" in resp.json()["detail"]["message"]


def test_streamed_body_is_cut_off_at_the_limit() -> None:
    """A body without Content-Length (chunked) is counted as it arrives: the guard stops pulling chunks right
    after the limit and answers 413; the app behind it is never called."""
    pulled = 0
    called = False

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * MB, "more_body": pulled < 100}

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal called
        called = True

    guard = RequestGuard(app, [Limit("POST", "/sync/push", 4 * MB)])
    scope = {"type": "http", "method": "POST", "path": "/sync/push", "headers": [], "query_string": b""}
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 413
    assert pulled == 5 and not called


def test_streamed_material_upload_is_cut_off_at_its_limit(central: Central) -> None:
    """The upload route reads its body as a stream; past the limit the guard's count stops it with 413 (the
    whole app, token check and route included, on the central store)."""
    from app.central.api import create_app

    app = create_app(central.store, max_blob_bytes=2 * MB)
    pulled = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"\xff\xd8\xff" + bytes(MB), "more_body": pulled < 100}

    sent: list[dict[str, Any]] = []

    async def send(message: Any) -> None:
        sent.append(message)

    headers = [
        (b"authorization", f"Bearer {central.token('clerk01')}".encode()),
        (b"content-type", b"image/jpeg"),
        (b"transfer-encoding", b"chunked"),
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": "/blobs/" + "a" * 64,
        "raw_path": b"/blobs/" + b"a" * 64,
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413
    assert b"BLOB_TOO_LARGE" in body
    assert pulled == 2  # stopped at the chunk that passed 2 MB


def test_a_push_body_is_parsed_once_by_the_guard_and_read_by_the_route(
    sqlite_central: Central, monkeypatch: Any
) -> None:
    """The route reads the document the guard parsed (and checked), not a second parse of the body."""
    import json

    from tests.sync.test_push_hot_path import _submission

    parsed: list[Any] = []
    real_loads = json.loads

    def counting_loads(s: Any, *args: Any, **kwargs: Any) -> Any:
        doc = real_loads(s, *args, **kwargs)
        if isinstance(doc, dict) and "entries" in doc:
            parsed.append(doc)
        return doc

    monkeypatch.setattr(json, "loads", counting_loads)
    answers = sqlite_central.client("clerk01").push([_submission("clerk01")])
    assert [a["status"] for a in answers] == ["applied"]
    assert len(parsed) == 1


_GUARD_CASES = [
    '{"a":"\\u0000"}',
    '{"a":"x\\by"}',
    '{"a":"\\f"}',
    '{"a":"\x7f"}',
    '{"a":"\\ud800"}',
    '{"a":"\\udc00x"}',
    '{"a":"\\ud83d\\ude00"}',
    '{"a":"\\u001F"}',
    '{"a":"\\u007f"}',
    '{"\\u0001":1}',
    '{"a":"\\t\\n\\r\\u0009"}',
    '{"a":"\\\\b \\\\f"}',
    '{"a":9223372036854775808}',
    '{"a":-9223372036854775808}',
    '{"a":[9223372036854775807,-9223372036854775807]}',
    '{"a":' + "1" * 200 + "}",
    '{"a":[1,' + "1" * 100_000 + "]}",
    "[" * 32 + "1" + "]" * 32,
    "[" * 33 + "1" + "]" * 33,
    "[" * 33 + "]" * 33,
    '{"a":' + "[" * 32 + "1" + "]" * 32 + "}",
    '{"a":' + "[" * 32 + "]" * 32 + "}",
    '{"a":' + "[" * 33 + "]" * 33 + "}",
    '"\\u0000"',
    "[true,false,null,1.5,9223372036854775808]",
    '{"entries":[{"payload":{"x":"正常的中文","n":[0,1,2]}}]}',
]


@pytest.mark.parametrize("text", _GUARD_CASES)
def test_the_guards_fast_verdict_is_the_full_scans(text: str) -> None:
    """`parse_json` skips the walk with locations when nothing in the text can be refused; whatever it answers
    is what the full scan of the document parsed with every integer bounded answers."""
    import json

    from app.central import guards

    doc = json.loads(text, parse_int=guards._parse_int)
    assert guards.parse_json(text.encode())[0] == guards.scan(doc)
