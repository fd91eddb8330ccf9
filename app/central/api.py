"""The central HTTP API (FastAPI): auth, push, pull, blobs, number blocks and administration.

Every endpoint names the roles it admits; a refusal is written to the audit trail (a 403 always, it names a
person; a 401 at a bounded rate per client address). In front of every route sits the request guard
(app.central.guards: body limits and hostile text before authentication); every error answer has the one shape of
app.central.errors, and every route lists its error answers in the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from app.central import auth, blobs, errors, guards, numbers, real_data, sequencer_thread
from app.central.admin import router as admin_router
from app.central.auth import AuthError, Forbidden, Principal
from app.central.data_key import central_key
from app.central.effects import UnknownOp, payload_model
from app.central.feed import pull as pull_page
from app.central.guards import RequestGuard, default_limits
from app.central.push import process_batch
from app.central.schemas import (
    INT64,
    Answer,
    LeaseAnswer,
    LeaseRequest,
    LoginAnswer,
    LoginRequest,
    MissingRequest,
    PullAnswer,
    PushAnswer,
    PushEntry,
    PushRequest,
    ReportRequest,
    UserInfo,
)
from app.central.throttle import DEFAULT_PUSH_SLOTS, Admission, AuditGate, LoginThrottle
from app.central.units import router as units_router
from app.central.verify_page import verify_router
from app.central.workstations import router as workstations_router
from app.core.replica_scope import parse_cities
from app.domain.errors import NotFoundError
from app.models.db import Store

ALL_ROLES = ("clerk", "supervisor", "admin", auth.WORKSTATION_ROLE)
SHA_PATTERN = r"^[0-9a-f]{64}$"
# The error answers of each kind of route, as the OpenAPI document lists them.
OPEN = errors.responses(413, 422)
SIGNED_IN = errors.responses(400, 401, 403, 409, 413, 422)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def principal_dependency(store: Store, gate: AuditGate | None = None) -> Callable[[Request], Principal]:
    """The caller behind the bearer token; a refusal is audited, at a bounded rate per client address."""

    def principal(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        try:
            return auth.resolve(store, token)
        except AuthError as err:
            address = client_address(request)
            left_out = gate.admit(("central.unauthorized", address)) if gate is not None else 0
            if left_out is not None:
                detail: dict[str, object] = {"path": request.url.path, "code": err.code, "address": address}
                if left_out:
                    detail["left_out"] = left_out
                auth.record_refusal(store, "anonymous", "central.unauthorized", detail)
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
    throttle: LoginThrottle | None = None,
    audit_gate: AuditGate | None = None,
    push_slots: int = DEFAULT_PUSH_SLOTS,
) -> FastAPI:
    """The API over `store`. Material files are encrypted with `data_key`, by default the store's central data
    key (app.central.data_key), resolved here so that a server without one fails at start-up, not on upload.
    `throttle` and `audit_gate` default to fresh ones (tests pass their own, with a clock they control); at most
    `push_slots` pushes of this process are in the database at once (the others wait their turn)."""
    key = data_key if data_key is not None else central_key(store.engine.url)
    throttle = throttle if throttle is not None else LoginThrottle()
    gate = audit_gate if audit_gate is not None else AuditGate()
    admission = Admission(push_slots)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The background sequencer (numbers what an earlier process left pending), stopped after a last run
        # when the server shuts down. Servers run without a lifespan (app.central.server) stop it when the store
        # is disposed.
        sequencer_thread.start(store.engine)
        yield
        await run_in_threadpool(sequencer_thread.stop, store.engine)

    app = FastAPI(
        lifespan=lifespan,
        title="CounterDesk 中心库同步接口",
        version="1",
        description=(
            "窗口受理系统与省级中心库之间的同步接口：登录、推送变更、拉取变更流、材料文件、证书编号段。"
            '所有错误应答的形式相同：{"detail": {"code", "message", "field", "fix"}}，'
            "请求内容有误（422）时另有 errors 逐项列出。"
        ),
    )
    app.router.route_class = guards.GuardedRoute  # the app's own routes read the body the guard parsed
    app.state.store = store
    app.state.data_key = key
    app.state.throttle = throttle
    # Outermost: sizes and hostile text are refused before authentication and before any route reads the body.
    app.add_middleware(RequestGuard, limits=default_limits(max_blob_bytes))
    errors.install(app)
    principal = principal_dependency(store, gate)
    anyone = role_dependency(store, principal, ALL_ROLES, "访问中心库")
    back_office = role_dependency(
        store, principal, ("supervisor", "admin", auth.WORKSTATION_ROLE), "领取或报告证书编号段"
    )
    admin_only = role_dependency(store, principal, ("admin",), "执行管理操作")
    app.state.admin_only = admin_only

    @app.get("/health", responses=OPEN)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/auth/login", response_model=LoginAnswer, responses=errors.responses(401, 403, 413, 422, 429))
    def login(req: LoginRequest, request: Request) -> LoginAnswer:
        token, expires, user = auth.login(
            store,
            req.username,
            req.password,
            req.workstation,
            token_ttl,
            address=client_address(request),
            throttle=throttle,
            gate=gate,
        )
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

    @app.post("/auth/logout", responses=SIGNED_IN)
    def logout(p: Principal = Depends(anyone)) -> dict[str, str]:
        auth.revoke(store, p)
        return {"status": "revoked"}

    @app.get("/auth/me", response_model=UserInfo, responses=SIGNED_IN)
    def me(p: Principal = Depends(anyone)) -> UserInfo:
        return UserInfo(username=p.username, display_name=p.display_name, role=p.role, unit_code=p.unit_code)

    @app.post("/sync/push", response_model=PushAnswer, responses=SIGNED_IN)
    def push(req: PushRequest, request: Request, p: Principal = Depends(anyone)) -> PushAnswer:
        """Apply a batch. An entry whose payload breaks the schema (or holds a control character, an integer out
        of range ...) is answered "rejected" on its own, with the field named, and so are the later entries of
        the same record in the batch; the rest of the batch goes on."""
        early = guards.entry_problems(request.scope)
        answers: dict[int, Answer] = {}
        refused_records: set[tuple[str, str]] = set()
        kept: list[int] = []
        payloads: list[BaseModel] = []
        for i, entry in enumerate(req.entries):
            record = (entry.entity, entry.entity_id)
            if record in refused_records:
                answers[i] = Answer(
                    key=str(entry.key),
                    status="rejected",
                    code="PREVIOUS_REJECTED",
                    message="同一记录此前的变更已被中心拒收，本变更未被采用",
                    fix="请按中心的最新状态重新办理。",
                )
                continue
            checked = _payload(entry, i, early.get(i, []))
            if isinstance(checked, BaseModel):
                kept.append(i)
                payloads.append(checked)
                continue
            first = checked[0]
            answers[i] = Answer(
                key=str(entry.key),
                status="rejected",
                code="SCHEMA_INVALID",
                message=f"中心拒收：{first['message']}",
                field=str(first["field"]),
                fix="本机数据不符合中心接口的格式，请联系技术支持；本机已录入的内容仍然保留。",
            )
            refused_records.add(record)
        if answers:
            auth.record_refusal(
                store,
                p.username,
                "central.push_invalid",
                {"path": "/sync/push", "keys": [a.key for a in answers.values()][:50]},
            )
        if kept:
            applied = process_batch(
                store, p, [req.entries[i] for i in kept], payloads, auth.utcnow(), admission
            )
            answers.update(zip(kept, applied, strict=True))
        return PushAnswer(answers=[answers[i] for i in range(len(req.entries))])

    @app.get("/sync/pull", response_model=PullAnswer, responses=SIGNED_IN)
    def pull(
        stream: Literal[
            "catalogue", "registry", "applications", "certificates", "materials", "users"
        ] = Query(),
        after: int = Query(default=0, ge=0, le=INT64),
        limit: int = Query(default=500, ge=1, le=2000),
        cities: str = Query(
            default="",
            max_length=200,
            description="登记库范围：地市代码（行政区划代码前4位），逗号分隔；空为全省",
        ),
        p: Principal = Depends(anyone),
    ) -> PullAnswer:
        scope = parse_cities(cities)
        with store.read() as s:
            page = pull_page(s, stream, after, limit, p.unit_code, scope)
        return PullAnswer(
            stream=stream,
            changes=page.changes,
            next_cursor=page.next_cursor,
            has_more=page.has_more,
            refetch=page.refetch,
        )

    @app.put(
        "/blobs/{sha256}",
        status_code=201,
        responses={
            200: {"description": "中心已有该文件"},
            **errors.responses(400, 401, 403, 413, 415, 422),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "材料文件本身（JPEG、PNG 或 PDF），Content-Type 须与内容相符",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in blobs.ALLOWED_TYPES
                },
            }
        },
    )
    async def put_blob(
        request: Request, sha256: str = _sha_path(), p: Principal = Depends(anyone)
    ) -> Response:
        ctype = blobs.check_type(request.headers.get("content-type"))
        # The guard has refused a Content-Length over the limit already; a streamed body is counted here too.
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_blob_bytes:
                raise blobs.too_large(size, max_blob_bytes)
            chunks.append(chunk)
        created = await run_in_threadpool(blobs.store_blob, store, key, p, sha256, b"".join(chunks), ctype)
        return JSONResponse(
            {"sha256": sha256, "status": "stored" if created else "exists"},
            status_code=201 if created else 200,
        )

    @app.get(
        "/blobs/{sha256}",
        responses={
            200: {
                "description": "材料文件本身",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}} for t in blobs.ALLOWED_TYPES
                },
            },
            **errors.responses(400, 401, 403, 404, 413, 422),
        },
    )
    def get_blob(sha256: str = _sha_path(), p: Principal = Depends(anyone)) -> Response:
        found = blobs.load_blob(store, key, sha256, p)
        if found is None:
            raise NotFoundError("BLOB_NOT_FOUND", "中心没有该材料文件", field="sha256", fix="请先上传材料。")
        return Response(
            found[0],
            media_type=found[1],
            headers={"X-Content-Type-Options": "nosniff", "Content-Disposition": "attachment"},
        )

    @app.post("/blobs/missing", responses=SIGNED_IN)
    def missing_blobs(req: MissingRequest, p: Principal = Depends(anyone)) -> dict[str, list[str]]:
        return {"missing": blobs.missing(store, req.sha256)}

    @app.post("/numbers/lease", response_model=LeaseAnswer, responses=SIGNED_IN)
    def lease(req: LeaseRequest, p: Principal = Depends(back_office)) -> LeaseAnswer:
        return numbers.lease(store, p, req)

    @app.post("/numbers/report", responses=SIGNED_IN)
    def report(req: ReportRequest, p: Principal = Depends(back_office)) -> dict[str, int]:
        return {"updated": numbers.report(store, p, req.ranges)}

    app.include_router(admin_router(store, admin_only), responses=SIGNED_IN)
    app.include_router(workstations_router(store, admin_only), responses=SIGNED_IN)
    app.include_router(units_router(store, admin_only), responses=SIGNED_IN)
    app.include_router(verify_router(store))
    real_data.include(app, store, admin_only, anyone)
    return app


def _payload(entry: PushEntry, index: int, early: list[dict[str, Any]]) -> BaseModel | list[dict[str, Any]]:
    """The entry's payload as its op's model, or the problems (Chinese, with the field) that refuse it."""
    if early:
        return early
    try:
        model = payload_model(entry.op)
    except UnknownOp:
        loc: list[str | int] = ["body", "entries", index, "op"]
        return [
            {
                "loc": loc,
                "field": errors.field_path(loc),
                "message": f"entries.{index}.op 是未知的变更类型“{entry.op}”",
                "type": "unknown_op",
            }
        ]
    try:
        return model.model_validate(entry.payload)
    except ValidationError as ve:
        return errors.translate(
            {**e, "loc": ("body", "entries", index, "payload", *e["loc"])} for e in ve.errors()
        )


def _sha_path() -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=SHA_PATTERN, description="材料文件的 SHA-256（小写十六进制）")
