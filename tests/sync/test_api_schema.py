"""The API document is the truth (issue 11, item 8): every error answer documented, one Chinese error shape, and a
bounded schemathesis run against the real service on SQLite and PostgreSQL (no 500, no schema violation)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.sync.helpers import Central

ERROR_REF = "#/components/schemas/ErrorBody"
ST = Path(sys.executable).with_name("st")


def test_every_route_documents_its_error_answers_in_the_one_shape(central: Central) -> None:
    spec = httpx.get(central.url + "/openapi.json", timeout=30).json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            documented = {int(code) for code in op["responses"] if code.isdigit() and int(code) >= 400}
            want = {413, 422} | ({401, 403} if path not in ("/health", "/auth/login") else set())
            assert want <= documented, (method, path, sorted(documented))
            for code in documented:
                schema = op["responses"][str(code)]["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (method, path, code)
    assert {415} <= {int(c) for c in spec["paths"]["/blobs/{sha256}"]["put"]["responses"] if c.isdigit()}
    assert 429 in {int(c) for c in spec["paths"]["/auth/login"]["post"]["responses"]}
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert {"code", "message", "field", "fix"} <= set(detail["properties"])


def test_422_is_chinese_and_names_fields_not_byte_offsets(central: Central) -> None:
    resp = httpx.post(
        central.url + "/auth/login", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    detail = resp.json()["detail"]
    assert resp.status_code == 422
    assert detail["field"] == "请求体" and "JSON" in detail["message"]
    assert all(not isinstance(x, int) for item in detail["errors"] for x in item["loc"])
    resp = httpx.post(central.url + "/auth/login", json={"username": "", "password": "x" * 300})
    detail = resp.json()["detail"]
    assert resp.status_code == 422
    fields = {item["field"]: item["message"] for item in detail["errors"]}
    assert set(fields) == {"username", "password"}
    assert fields["username"] == "用户名（username）不能为空"
    assert fields["password"] == "密码（password）最多 256 个字符"
    assert detail["message"].startswith("请求内容有误：")
    assert not re.search(r"[A-Za-z]{6,}", detail["message"].replace("username", "").replace("password", ""))
    unknown = httpx.get(central.url + "/nowhere").json()["detail"]
    assert (unknown["code"], unknown["message"]) == ("NOT_FOUND", "接口地址不存在")


def test_schemathesis_finds_no_server_error_and_no_schema_violation(central: Central, tmp_path: Path) -> None:
    """Bounded: a few examples per operation and a time budget. Logout is left out because it would revoke
    the token the run uses (its answers are covered by test_auth)."""
    token = central.token("admin", workstation="WS-01")
    result = subprocess.run(
        [
            str(ST),
            "run",
            central.url + "/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--header",
            f"Authorization: Bearer {token}",
            "--exclude-path",
            "/auth/logout",
            "--max-examples",
            "10",
            "--max-time",
            "60",
            "--workers",
            "1",
            "--seed",
            "11",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,  # schemathesis keeps a cache in its working directory
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "passed" in result.stdout
