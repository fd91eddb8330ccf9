"""`counterdesk-central`: the central store service (PostgreSQL in production, SQLite for one machine).

    counterdesk-central migrate --db URL [--create-admin NAME --admin-password ...]   # once, before serving
    counterdesk-central [serve] --db URL --workers 2 [--tls-cert ... | --behind-proxy]

`serve` never changes the schema: with several processes (here, or several machines) migrations would race, so
it refuses to start on a database that `migrate` has not brought to the code's schema.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from app.central.factory import (
    DEFAULT_MAX_OVERFLOW,
    DEFAULT_POOL_SIZE,
    DEFAULT_PUSH_SLOTS,
    ENV_DB,
    ENV_MAX_OVERFLOW,
    ENV_POOL_SIZE,
    ENV_PUSH_SLOTS,
    ConfigError,
    Settings,
)
from app.domain.errors import DomainError

COMMANDS = ("serve", "migrate")
# Above the counters' connection reuse window (app.sync.client keeps idle connections a few seconds) and above
# common reverse-proxy upstream keep-alive settings, so the server never closes a connection a client is reusing.
KEEP_ALIVE_SECONDS = 75
ENV_TLS_CERT = "COUNTERDESK_CENTRAL_TLS_CERT"
ENV_TLS_KEY = "COUNTERDESK_CENTRAL_TLS_KEY"
ENV_ADMIN = "COUNTERDESK_CENTRAL_ADMIN"  # "username:password" creates the first administrator if missing


def _default_db() -> str:
    from app.paths import data_dir

    folder = data_dir() / "central"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'central.sqlite3').resolve()}"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="counterdesk-central", description="建设从业人员考核窗口受理系统 — 省级中心库服务"
    )
    p.add_argument(
        "--db", default=os.environ.get(ENV_DB), help="数据库地址，如 postgresql+psycopg://user@host/db"
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--token-hours", type=float, default=12.0, help="登录凭据有效小时数")
    p.add_argument("--create-admin", metavar="USERNAME", help="migrate 时创建首个管理员（已存在则不改动）")
    p.add_argument("--admin-password", default=None, help="首个管理员的密码")
    p.add_argument("--unit", default="410000", help="首个管理员所属单位代码")
    p.add_argument(
        "--issuer-uscc",
        default=None,
        help="migrate 时登记该单位发证机关的统一社会信用代码（写入电子证照标识）",
    )
    p.add_argument("--migrate-only", action="store_true", help="同 migrate：只升级数据库结构后退出")
    p.add_argument(
        "--after-restore",
        action="store_true",
        help="migrate 时使用：数据库从备份恢复后运行一次，令各窗口重新同步",
    )
    p.add_argument("--workers", type=int, default=1, help="服务进程数（共用同一数据库）")
    p.add_argument(
        "--pool-size",
        type=int,
        default=_env_int(ENV_POOL_SIZE, DEFAULT_POOL_SIZE),
        help="每个进程的数据库连接数",
    )
    p.add_argument(
        "--max-overflow",
        type=int,
        default=_env_int(ENV_MAX_OVERFLOW, DEFAULT_MAX_OVERFLOW),
        help="每个进程在连接数之外临时增开的连接数",
    )
    p.add_argument(
        "--push-slots",
        type=int,
        default=_env_int(ENV_PUSH_SLOTS, DEFAULT_PUSH_SLOTS),
        help="每个进程同时写入数据库的推送批次数（其余排队等候）",
    )
    p.add_argument(
        "--keep-alive", type=int, default=KEEP_ALIVE_SECONDS, help="空闲连接保持秒数（须长于客户端复用时间）"
    )
    p.add_argument(
        "--tls-cert", default=os.environ.get(ENV_TLS_CERT), help="HTTPS 服务器证书（PEM，可含中间证书链）"
    )
    p.add_argument("--tls-key", default=os.environ.get(ENV_TLS_KEY), help="HTTPS 服务器私钥（PEM）")
    p.add_argument(
        "--behind-proxy",
        action="store_true",
        help="由前置反向代理负责 HTTPS，本服务在内网以 HTTP 监听",
    )
    return p


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


def transport_problem(args: argparse.Namespace) -> str | None:
    """Why the service must not start with these transport options, or None.

    Sync carries ID numbers and ID-card scans: on any address other than loopback the service speaks HTTPS
    itself, or an operator states that a reverse proxy in front of it does."""
    from pathlib import Path

    from app.core.addresses import is_loopback

    if bool(args.tls_cert) != bool(args.tls_key):
        return "HTTPS 需要同时指定服务器证书（--tls-cert）和私钥（--tls-key）"
    for option, path in (("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key)):
        if path and not Path(path).is_file():
            return f"找不到 {option} 指定的文件：{path}"
    if not args.tls_cert and not args.behind_proxy and not is_loopback(args.host):
        return (
            f"在 {args.host} 上对外提供服务必须使用 HTTPS：请用 --tls-cert 和 --tls-key 指定证书与私钥，"
            "或由反向代理提供 HTTPS 并加 --behind-proxy"
        )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    command = args_in.pop(0) if args_in and args_in[0] in COMMANDS else "serve"
    args = build_parser().parse_args(args_in)
    if args.migrate_only:
        command = "migrate"
    if command == "migrate":
        return _migrate(args)
    return _serve(args)


def _migrate(args: argparse.Namespace) -> int:
    """Bring the schema to head and create the first administrator: run once, before the server processes."""
    from app.central.auth import ensure_admin
    from app.central.store import open_store

    store = open_store(args.db or _default_db())
    try:
        admin = args.create_admin
        password = args.admin_password
        if not admin and os.environ.get(ENV_ADMIN, "").count(":") >= 1:
            admin, password = os.environ[ENV_ADMIN].split(":", 1)
        if admin:
            if not password or len(password) < 8:
                print("首个管理员的密码至少8位（--admin-password）", file=sys.stderr)
                return 2
            created = ensure_admin(store, admin, password, unit_code=args.unit)
            print(f"管理员 {admin} {'已创建' if created else '已存在，未改动'}")
        if args.issuer_uscc:
            from app.central.units import set_issuer
            from app.domain.errors import DomainError

            try:
                with store.write() as s:
                    set_issuer(s, args.unit, args.issuer_uscc, None, "migrate")
            except DomainError as err:
                print(f"--issuer-uscc：{err.message}。{err.fix or ''}", file=sys.stderr)
                return 2
            print(f"单位 {args.unit} 的发证机关代码已登记")
        if args.after_restore:
            from app.central.feed import renumber_after_restore

            floor = renumber_after_restore(store)
            print(f"变更流已重新起编（{floor} 之后）：各窗口下次同步时将重新获取全部数据")
        print("中心库数据库结构已是最新版本")
        return 0
    finally:
        store.dispose()


def _single_machine(args: argparse.Namespace) -> bool:
    """One process on a SQLite file: nothing can race, so `serve` migrates (and creates the first administrator)
    itself, like the store embedded in the desktop app. PostgreSQL or several workers need `migrate` first."""
    db = args.db or _default_db()
    return args.workers == 1 and ("://" not in db or db.startswith("sqlite"))


def _serve(args: argparse.Namespace) -> int:
    problem = transport_problem(args)
    single = _single_machine(args)
    if problem is None and args.create_admin and not single:
        problem = "首个管理员在升级步骤中创建：counterdesk-central migrate --create-admin 用户名 --admin-password 密码"
    if problem is None and args.workers < 1:
        problem = "--workers 至少为 1"
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    if single and (code := _migrate(args)) != 0:
        return code
    from app.central.factory import build

    settings = Settings(
        db=args.db or _default_db(),
        pool_size=args.pool_size,
        max_overflow=args.max_overflow,
        token_hours=args.token_hours,
        push_slots=args.push_slots,
    )
    try:
        app = build(settings)  # checks the schema and the data key here, before any worker starts
    except ConfigError as err:
        print(str(err), file=sys.stderr)
        return 2
    except DomainError as err:  # e.g. the material encryption key is not configured
        print(f"{err.message}\n{err.fix or ''}".rstrip(), file=sys.stderr)
        return 2
    from app.central.store import maintenance_warning

    if (warning := maintenance_warning(app.state.store.engine)) is not None:
        print(warning, file=sys.stderr, flush=True)
    import uvicorn

    scheme = "https" if args.tls_cert else "http"
    print(
        f"中心库服务：{scheme}://{args.host}:{args.port}  （{args.workers} 个进程；接口文档 /docs）",
        flush=True,
    )
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "access_log": False,
        "ssl_certfile": args.tls_cert,
        "ssl_keyfile": args.tls_key,
        "proxy_headers": args.behind_proxy,
        "timeout_keep_alive": args.keep_alive,
    }
    if args.workers == 1:
        uvicorn.run(app, **options)
    else:
        app.state.store.dispose()
        settings.export()  # each worker process builds its own app from these
        uvicorn.run("app.central.factory:create", factory=True, workers=args.workers, **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
