"""HTTP client of the central sync API (httpx); turns transport and status failures into typed errors."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from app.domain.errors import DomainError
from app.services.central_address import check_central_url, explain_transport_error


class SyncError(Exception):
    """Base of every failure the worker handles."""


class Unavailable(SyncError):
    """The central store cannot be reached or answered 5xx: try again later with back-off.

    `needs_admin` marks a cause that retrying will not cure (an untrusted certificate, a clear-text address):
    the status bar then asks for the administrator instead of saying "offline"."""

    def __init__(self, message: str, *, needs_admin: bool = False) -> None:
        super().__init__(message)
        self.needs_admin = needs_admin


class Unauthorized(SyncError):
    """401: the token is missing, expired or revoked; a new login is needed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Refused(SyncError):
    """4xx other than 401: the request itself is refused (403 role, 422 schema, 413 size...)."""

    def __init__(self, status: int, body: Any) -> None:
        detail = body.get("detail") if isinstance(body, dict) else body
        message = body.get("message") if isinstance(body, dict) else None
        if isinstance(detail, dict):
            message = message or detail.get("message")
        super().__init__(message or str(detail))
        self.status = status
        self.body = body
        self.detail = detail
        self.message = message or str(detail)

    @property
    def code(self) -> str | None:
        return self.detail.get("code") if isinstance(self.detail, dict) else None

    def invalid_entries(self) -> dict[int, str]:
        """For a 422 on push: entry index → the field named by the server."""
        out: dict[int, str] = {}
        # The central store's one error shape carries the items under detail.errors (older ones: a bare list).
        items = self.detail.get("errors") if isinstance(self.detail, dict) else self.detail
        if self.status == 422 and isinstance(items, list):
            for err in items:
                loc = err.get("loc", [])
                if len(loc) >= 3 and loc[0] == "body" and loc[1] == "entries" and isinstance(loc[2], int):
                    said = err.get("message", err.get("msg", ""))
                    out.setdefault(loc[2], f"{err.get('field', '')}: {said}")
        return out


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: str
    username: str
    role: str
    unit_code: str


class SyncClient:
    """One connection pool to one central store; safe to use from one thread at a time."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        token: str | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.verify = verify
        # An address that would send personal data in clear text is never contacted; every request reports why.
        self._refusal: str | None = None
        try:
            check_central_url(self.base_url)
        except DomainError as err:
            self._refusal = f"{err.message}。{err.fix}" if err.fix else err.message
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, verify=verify)

    def close(self) -> None:
        self._http.close()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if self._refusal is not None:
            raise Unavailable(self._refusal, needs_admin=True)
        headers = {**self._headers(), **kwargs.pop("headers", {})}
        try:
            resp = self._http.request(method, url, headers=headers, **kwargs)
        except httpx.TransportError as err:
            message, needs_admin = explain_transport_error(err)
            raise Unavailable(message, needs_admin=needs_admin) from err
        if resp.status_code >= 500:
            # The central store's own words when it gave them (e.g. a material file that fails its integrity
            # check there), otherwise the status alone (a proxy or a crash answered).
            detail = _json(resp).get("detail") if isinstance(_json(resp), dict) else None
            said = detail.get("message") if isinstance(detail, dict) else None
            raise Unavailable(
                f"中心库暂时无法处理（HTTP {resp.status_code}）" + (f"：{said}" if said else "")
            )
        if resp.status_code == 401:
            detail = _json(resp).get("detail", {}) if isinstance(_json(resp), dict) else {}
            code = detail.get("code", "UNAUTHORIZED") if isinstance(detail, dict) else "UNAUTHORIZED"
            message = detail.get("message", "登录已失效") if isinstance(detail, dict) else "登录已失效"
            raise Unauthorized(code, message)
        if resp.status_code >= 400:
            raise Refused(resp.status_code, _json(resp))
        return resp

    def login(self, username: str, password: str, workstation: str | None = None) -> Session:
        body = self._request(
            "POST",
            "/auth/login",
            json={"username": username, "password": password, "workstation": workstation},
        ).json()
        self.token = body["token"]
        user = body["user"]
        return Session(body["token"], body["expires_at"], user["username"], user["role"], user["unit_code"])

    def logout(self) -> None:
        if self.token:
            try:
                self._request("POST", "/auth/logout")
            finally:
                self.token = None

    def enrol(self, code: str, name: str, counter_no: str) -> dict[str, Any]:
        """An administrator's session enrols a workstation; the answer carries its credential (shown once)."""
        body = {"code": code, "name": name, "counter_no": counter_no}
        return dict(self._request("POST", "/admin/workstations/enrol", json=body).json())

    def revoke_workstation(self, code: str) -> None:
        self._request("POST", f"/admin/workstations/{code}/revoke")

    def me(self) -> dict[str, Any]:
        return dict(self._request("GET", "/auth/me").json())

    def push(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return list(self._request("POST", "/sync/push", json={"entries": entries}).json()["answers"])

    def pull(self, stream: str, after: int, limit: int = 500, cities: str = "") -> dict[str, Any]:
        params: dict[str, str | int] = {"stream": stream, "after": after, "limit": limit}
        if cities and stream == "registry":
            params["cities"] = cities
        return dict(self._request("GET", "/sync/pull", params=params).json())

    def snapshot_start(self, cities: str = "") -> dict[str, Any]:
        """Where a first registry load starts in the feed, and the row counts of each kind (in the scope)."""
        params = {"cities": cities} if cities else {}
        return dict(self._request("GET", "/sync/snapshot", params=params).json())

    def snapshot_page(self, kind: str, after: int, limit: int, cities: str = "") -> dict[str, Any]:
        params: dict[str, str | int] = {"after": after, "limit": limit}
        if cities:
            params["cities"] = cities
        return dict(self._request("GET", f"/sync/snapshot/{kind}", params=params).json())

    def missing_blobs(self, hashes: list[str]) -> list[str]:
        if not hashes:
            return []
        return list(self._request("POST", "/blobs/missing", json={"sha256": hashes}).json()["missing"])

    def put_blob(self, sha256: str, data: bytes, content_type: str = "application/octet-stream") -> str:
        resp = self._request("PUT", f"/blobs/{sha256}", content=data, headers={"Content-Type": content_type})
        return str(resp.json()["status"])

    def get_blob(self, sha256: str) -> bytes:
        return self._request("GET", f"/blobs/{sha256}").content

    def lease(self, block_id: str, family: str, key: str, year: int, size: int) -> dict[str, Any]:
        body = {"block_id": block_id, "family": family, "key": key, "year": year, "size": size}
        return dict(self._request("POST", "/numbers/lease", json=body).json())

    def report_unused(self, ranges: list[dict[str, Any]]) -> int:
        body = {
            "ranges": [
                {"block_id": r["block_id"], "first_unused": r["first_unused"], "last": r["last"]}
                for r in ranges
            ]
        }
        return int(self._request("POST", "/numbers/report", json=body).json()["updated"])


def _json(resp: httpx.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return {"detail": resp.text}
