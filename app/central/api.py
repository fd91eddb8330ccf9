"""The central HTTP API (FastAPI): auth, push, pull, blobs, number blocks and administration.

Every endpoint names the roles it admits; a refusal (401 or 403) is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError

from app.central import auth, blobs, numbers, real_data
from app.central.admin import router as admin_router
from app.central.auth import AuthError, Forbidden, Principal
from app.central.data_key import central_key
from app.central.effects import UnknownOp, payload_model
from app.central.feed import pull as pull_page
from app.central.push import process_batch
from app.central.schemas import (
    LeaseAnswer,
    LeaseRequest,
    LoginAnswer,
    LoginRequest,
    MissingRequest,
    PullAnswer,
    PushAnswer,
    PushRequest,
    ReportRequest,
    UserInfo,
)
from app.domain.errors import ConflictError, DomainError, NotFoundError, PermissionDenied
from app.models.db import Store

ALL_ROLES = ("clerk", "supervisor", "admin")
SHA_PATTERN = r"^[0-9a-f]{64}$"


def _error_body(err: DomainError) -> dict[str, Any]:
    return {"detail": err.to_dict()}


def _field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(x) for x in loc if x not in ("body", "query", "path")]
    return ".".join(parts) or "请求"


def _clean_errors(errors: Any) -> list[dict[str, Any]]:
    out = []
    for e in errors:
        item = {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        item["field"] = _field_name(item["loc"])
        out.append(item)
    return out


def principal_dependency(store: Store) -> Callable[[Request], Principal]:
    def principal(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        try:
            return auth.resolve(store, token)
        except AuthError as err:
            auth.record_refusal(
                store, "anonymous", "central.unauthorized", {"path": request.url.path, "code": err.code}
            )
            raise

    return principal


def role_dependency(
    store: Store, principal: Callable[[Request], Principal], roles: tuple[str, ...], what: str
) -> Callable[..., Principal]:
    def need(request: Request, p: Principal = Depends(principal)) -> Principal:
        try:
            auth.check_role(p, frozenset(roles), what)
        except Forbidden as err:
            auth.record_refusal(
                store, p.username, "central.forbidden", {"path": request.url.path, "code": err.code}
            )
            raise
        return p

    return need


def create_app(
    store: Store,
    *,
    token_ttl: timedelta = auth.DEFAULT_TOKEN_TTL,
    max_blob_bytes: int = blobs.MAX_BLOB_BYTES,
    data_key: bytes | None = None,
) -> FastAPI:
    """The API over `store`. Material files are encrypted with `data_key`, by default the store's central data
    key (app.central.data_key), resolved here so that a server without one fails at start-up, not on upload."""
    key = data_key if data_key is not None else central_key(store.engine.url)
    app = FastAPI(
        title="CounterDesk 中心库同步接口",
        version="1",
        description="窗口受理系统与省级中心库之间的同步接口：登录、推送变更、拉取变更流、材料文件、证书编号段。",
    )
    app.state.store = store
    app.state.data_key = key
    principal = principal_dependency(store)
    anyone = role_dependency(store, principal, ALL_ROLES, "访问中心库")
    back_office = role_dependency(store, principal, ("supervisor", "admin"), "领取或报告证书编号段")
    admin_only = role_dependency(store, principal, ("admin",), "执行管理操作")
    app.state.admin_only = admin_only

    @app.exception_handler(DomainError)
    def _domain_error(request: Request, err: DomainError) -> JSONResponse:
        status = 400
        headers: dict[str, str] = {}
        if isinstance(err, AuthError):
            status, headers = 401, {"WWW-Authenticate": "Bearer"}
        elif isinstance(err, Forbidden | PermissionDenied):
            status = 403
        elif isinstance(err, blobs.BlobRefused):
            status = err.status
        elif isinstance(err, ConflictError):
            status = 409
        elif isinstance(err, NotFoundError):
            status = 404
        return JSONResponse(_error_body(err), status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        errors = _clean_errors(err.errors())
        first = errors[0]["field"] if errors else "请求"
        return JSONResponse(
            {
                "detail": errors,
                "message": f"请求内容格式错误：字段 {first} {errors[0]['msg'] if errors else ''}",
            },
            status_code=422,
        )

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login", response_model=LoginAnswer)
    def login(req: LoginRequest) -> LoginAnswer:
        token, expires, user = auth.login(store, req.username, req.password, req.workstation, token_ttl)
        return LoginAnswer(
            token=token,
            expires_at=expires,
            user=UserInfo(
                username=user.username,
                display_name=user.display_name,
                role=user.role,
                unit_code=user.unit_code,
            ),
        )

    @app.post("/auth/logout")
    def logout(p: Principal = Depends(anyone)) -> dict[str, str]:
        auth.revoke(store, p)
        return {"status": "revoked"}

    @app.get("/auth/me", response_model=UserInfo)
    def me(p: Principal = Depends(anyone)) -> UserInfo:
        return UserInfo(username=p.username, display_name=p.display_name, role=p.role, unit_code=p.unit_code)

    @app.post("/sync/push", response_model=PushAnswer)
    def push(req: PushRequest, p: Principal = Depends(anyone)) -> PushAnswer:
        payloads: list[BaseModel] = []
        errors: list[dict[str, Any]] = []
        for i, entry in enumerate(req.entries):
            try:
                model = payload_model(entry.op)
            except UnknownOp:
                errors.append(
                    {"loc": ("body", "entries", i, "op"), "msg": f"未知的变更类型 {entry.op}", "type": "op"}
                )
                continue
            try:
                payloads.append(model.model_validate(entry.payload))
            except ValidationError as ve:
                for e in ve.errors():
                    errors.append({**e, "loc": ("body", "entries", i, "payload", *e["loc"])})
            for j, h in enumerate(entry.blobs):
                if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
                    errors.append(
                        {"loc": ("body", "entries", i, "blobs", j), "msg": "须为SHA-256", "type": "sha"}
                    )
        if errors:
            raise RequestValidationError(errors)
        return PushAnswer(answers=process_batch(store, p, req.entries, payloads, auth.utcnow()))

    @app.get("/sync/pull", response_model=PullAnswer)
    def pull(
        stream: Literal["registry", "applications", "certificates", "materials", "users"] = Query(),
        after: int = Query(default=0, ge=0),
        limit: int = Query(default=500, ge=1, le=2000),
        p: Principal = Depends(anyone),
    ) -> PullAnswer:
        with store.read() as s:
            page = pull_page(s, stream, after, limit, p.unit_code)
        return PullAnswer(
            stream=stream,
            changes=page.changes,
            next_cursor=page.next_cursor,
            has_more=page.has_more,
            refetch=page.refetch,
        )

    @app.put("/blobs/{sha256}", status_code=201)
    async def put_blob(
        request: Request, sha256: str = _sha_path(), p: Principal = Depends(anyone)
    ) -> Response:
        ctype = blobs.check_type(request.headers.get("content-type"))
        declared = int(request.headers.get("content-length") or 0)
        if declared > max_blob_bytes:
            raise blobs.too_large(declared, max_blob_bytes)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_blob_bytes:
                raise blobs.too_large(size, max_blob_bytes)
            chunks.append(chunk)
        from starlette.concurrency import run_in_threadpool

        created = await run_in_threadpool(blobs.store_blob, store, key, p, sha256, b"".join(chunks), ctype)
        return JSONResponse(
            {"sha256": sha256, "status": "stored" if created else "exists"},
            status_code=201 if created else 200,
        )

    @app.get("/blobs/{sha256}")
    def get_blob(sha256: str = _sha_path(), p: Principal = Depends(anyone)) -> Response:
        found = blobs.load_blob(store, key, sha256)
        if found is None:
            raise NotFoundError("BLOB_NOT_FOUND", "中心没有该材料文件", field="sha256", fix="请先上传材料。")
        return Response(found[0], media_type=found[1])

    @app.post("/blobs/missing")
    def missing_blobs(req: MissingRequest, p: Principal = Depends(anyone)) -> dict[str, list[str]]:
        return {"missing": blobs.missing(store, req.sha256)}

    @app.post("/numbers/lease", response_model=LeaseAnswer)
    def lease(req: LeaseRequest, p: Principal = Depends(back_office)) -> LeaseAnswer:
        return numbers.lease(store, p, req)

    @app.post("/numbers/report")
    def report(req: ReportRequest, p: Principal = Depends(back_office)) -> dict[str, int]:
        return {"updated": numbers.report(store, p, req.ranges)}

    app.include_router(admin_router(store, admin_only))
    real_data.include(app, store, admin_only, anyone)
    return app


def _sha_path() -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=SHA_PATTERN, description="材料文件的 SHA-256（小写十六进制）")
