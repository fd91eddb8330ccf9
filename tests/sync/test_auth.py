"""Authentication and roles: every endpoint × clerk, supervisor, admin, no token, expired token."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import select

from app.domain.catalogue import default_catalogue
from app.domain.catalogue_versions import item_lines
from app.models import AuditEvent
from app.paths import resource_path
from tests.conftest import TEST_ISSUER_USCC
from tests.sync.helpers import Central, central_count

BLOB = b"%PDF-1.4 role matrix\n"
BLOB_SHA = hashlib.sha256(BLOB).hexdigest()
USER_ENTRY = {
    "op": "user.update",
    "entity": "user",
    "entity_id": "nobody",
    "payload": {
        "username": "nobody",
        "display_name": "无",
        "role": "clerk",
        "unit_code": "410000",
        "active": False,
    },
}
CALLERS = ("clerk01", "sup01", "admin", None, "expired")
ALL = {"clerk01": 200, "sup01": 200, "admin": 200}
BACK = {"clerk01": 403, "sup01": 200, "admin": 200}
ADMIN = {"clerk01": 403, "sup01": 403, "admin": 200}


ITEM = "TZ-FIRST"


def _item_edit() -> dict[str, Any]:
    catalogue = default_catalogue()
    lines = [
        {"ref": m.ref, "name": m.name, "kind": m.kind, "source": m.source, "required": m.required}
        for m in item_lines(catalogue, ITEM)
    ]
    # Test data: one more condition (not an actual Henan requirement), so that the edit is a change.
    conditions = [*catalogue.item(ITEM).conditions, "（测试）新增的受理条件"]
    return {"base_version": 1, "conditions": conditions, "materials": lines}


def _document_edit() -> dict[str, Any]:
    document = yaml.safe_load(resource_path("catalogue.yaml").read_text(encoding="utf-8"))
    return {"base_version": 2, "document": document, "note": "测试"}


def _request(who: str | None) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, int]]]:
    """Per endpoint: request arguments and the expected status per role (built per caller: keys must differ)."""
    actor = who if who in ("clerk01", "sup01", "admin") else "clerk01"
    push = {"entries": [{**USER_ENTRY, "key": str(uuid.uuid4()), "actor": actor}]}
    return {
        ("GET", "/auth/me"): ({}, ALL),
        ("POST", "/auth/logout"): ({}, ALL),
        ("POST", "/sync/push"): ({"json": push}, ALL),
        ("GET", "/sync/pull"): ({"params": {"stream": "registry"}}, ALL),
        ("PUT", "/blobs/{sha256}"): ({"content": BLOB, "headers": {"Content-Type": "application/pdf"}}, ALL),
        ("GET", "/blobs/{sha256}"): ({}, ALL),
        ("POST", "/blobs/missing"): ({"json": {"sha256": [BLOB_SHA]}}, ALL),
        ("POST", "/numbers/lease"): (
            {"json": {"block_id": str(uuid.uuid4()), "family": "AG", "key": "A", "year": 2026, "size": 5}},
            BACK,
        ),
        ("POST", "/numbers/report"): ({"json": {"ranges": []}}, BACK),
        ("POST", "/admin/users"): (
            {
                "json": {
                    "username": "clerk09",
                    "display_name": "新人",
                    "role": "clerk",
                    "password": "Clerk9999",
                }
            },
            ADMIN,
        ),
        ("POST", "/admin/workstations"): (
            {"json": {"code": "WS-09", "name": "九号窗口", "counter_no": "09"}},
            ADMIN,
        ),
        ("POST", "/admin/workstations/enrol"): (
            {"json": {"code": "WS-09", "name": "九号窗口", "counter_no": "09"}},
            ADMIN,
        ),
        ("POST", "/admin/workstations/{code}/revoke"): ({}, ADMIN),
        ("POST", "/admin/registry"): (
            {"json": {"kind": "person", "rows": [{"id_number": "410101198001020033", "name": "某人"}]}},
            ADMIN,
        ),
        ("POST", "/admin/feed/compact"): ({"json": {"stream": "certificates", "upto": 0}}, ADMIN),
        ("GET", "/catalogue"): ({}, ALL),
        ("GET", "/catalogue/{version}"): ({}, ALL),
        # The administrator publishes version 2 (one item), then version 3 (the whole document) on top of it.
        ("PUT", "/admin/catalogue/items/{code}"): ({"json": _item_edit()}, ADMIN),
        ("PUT", "/admin/catalogue"): ({"json": _document_edit()}, ADMIN),
        ("POST", "/registry/lookup"): ({"json": {"id_number": "410101198001020033"}}, ALL),
        ("GET", "/admin/unit"): ({}, ADMIN),
        ("POST", "/admin/unit"): ({"json": {"issuer_uscc": TEST_ISSUER_USCC}}, ADMIN),
        ("PUT", "/admin/calendar/{year}"): ({"json": {"holidays": ["2027-01-01"], "workdays": []}}, ADMIN),
        ("GET", "/calendar/{year}"): ({}, ALL),
        ("POST", "/admin/register/certificates"): ({"json": {"rows": []}}, ADMIN),
        ("GET", "/sync/snapshot"): ({}, ALL),
        ("GET", "/sync/snapshot/{kind}"): ({"params": {"limit": 10}}, ALL),
    }


PUBLIC = {("GET", "/health"), ("POST", "/auth/login")}


def test_role_matrix_covers_every_endpoint(sqlite_central: Central) -> None:
    spec = httpx.get(sqlite_central.url + "/openapi.json").json()
    served = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    assert served - PUBLIC == set(_request(None))


def test_role_matrix(sqlite_central: Central) -> None:
    c = sqlite_central
    # The blob exists so that GET answers 200 for whoever may read it.
    c.client("clerk01").put_blob(BLOB_SHA, BLOB, "application/pdf")
    # And the year, so that reading it answers 200 too.
    c.client("admin")._request("PUT", "/admin/calendar/2027", json={"holidays": ["2027-01-01"]})
    seen: dict[tuple[str, str], dict[str, int]] = {}
    for who in CALLERS:
        for (method, path), (kwargs, expected) in _request(who).items():
            headers = dict(kwargs.pop("headers", {}))
            if who == "expired":
                headers["Authorization"] = "Bearer " + c.token("clerk01", ttl=timedelta(seconds=-1))
            elif who is not None:
                # A fresh token per call: logout revokes the one it is called with.
                headers["Authorization"] = "Bearer " + c.token(who)
            resp = httpx.request(
                method,
                c.url
                + path.replace("{sha256}", BLOB_SHA)
                .replace("{year}", "2027")
                .replace("{kind}", "person")
                .replace("{version}", "1")
                .replace("{code}", ITEM if "catalogue" in path else "WS-09"),
                headers=headers,
                **kwargs,
            )
            want = expected.get(who or "", 401)
            got = resp.status_code
            if want == 200 and method == "PUT":
                want = 200 if got == 200 else 201
            assert got == want, (who, method, path, got, resp.text)
            if got == 401:
                assert resp.headers["WWW-Authenticate"] == "Bearer"
                assert resp.json()["detail"]["code"] in ("TOKEN_MISSING", "TOKEN_EXPIRED")
            if got == 403:
                assert resp.json()["detail"]["code"] == "ROLE_FORBIDDEN"
                assert "不能" in resp.json()["detail"]["message"]
            seen.setdefault((method, path), {})[str(who)] = got
    assert len(seen) == 27
    # Every refusal is in the central audit trail.
    refused_401 = sum(1 for v in seen.values() for k, s in v.items() if s == 401)
    refused_403 = sum(1 for v in seen.values() for k, s in v.items() if s == 403)
    # Unauthenticated refusals are audited at a bounded rate per client address (a burst of 30, then rows that
    # count what was left out): never more rows than refusals, never fewer than the burst.
    assert refused_401 == 54
    assert 30 <= central_count(c, AuditEvent, AuditEvent.action == "central.unauthorized") <= refused_401
    assert central_count(c, AuditEvent, AuditEvent.action == "central.forbidden") == refused_403 == 26


def test_login_expiry_logout_and_refusals(sqlite_central: Central) -> None:
    c = sqlite_central
    client = c.client()
    from app.sync.client import Refused, Unauthorized

    with pytest.raises(Unauthorized) as wrong:
        client.login("clerk01", "wrong-password", "WS-01")
    assert wrong.value.code == "LOGIN_FAILED"
    with pytest.raises(Refused) as unknown_ws:
        client.login("clerk01", "Clerk1234", "WS-99")
    assert (unknown_ws.value.status, unknown_ws.value.code) == (403, "WORKSTATION_UNKNOWN")
    session = client.login("clerk01", "Clerk1234", "WS-01")
    assert (session.username, session.role) == ("clerk01", "clerk")
    assert session.expires_at > "2000"
    assert client.me()["username"] == "clerk01"
    client.logout()
    client.token = session.token
    with pytest.raises(Unauthorized) as revoked:
        client.me()
    assert revoked.value.code == "TOKEN_REVOKED"
    with c.store.read() as s:
        actions = list(s.execute(select(AuditEvent.action).where(AuditEvent.actor == "clerk01")).scalars())
    assert actions.count("central.login_refused") == 2
    assert "central.login" in actions and "central.logout" in actions


def test_admin_registers_users_and_workstations_that_can_then_log_in(sqlite_central: Central) -> None:
    admin = sqlite_central.client("admin")
    admin._request(
        "POST",
        "/admin/users",
        json={"username": "sup07", "display_name": "周审", "role": "supervisor", "password": "Super7777"},
    )
    admin._request("POST", "/admin/workstations", json={"code": "WS-07", "name": "七号", "counter_no": "07"})
    session = sqlite_central.client().login("sup07", "Super7777", "WS-07")
    assert (session.role, session.unit_code) == ("supervisor", "410000")
    from app.sync.client import Refused

    with pytest.raises(Refused) as other_unit:
        admin._request(
            "POST",
            "/admin/users",
            json={
                "username": "x1",
                "display_name": "外",
                "role": "clerk",
                "password": "Clerk1234",
                "unit_code": "410100",
            },
        )
    assert (other_unit.value.status, other_unit.value.code) == (403, "UNIT_FORBIDDEN")
