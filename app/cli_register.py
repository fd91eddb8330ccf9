"""`counterdesk import certificates EXPORT.xlsx --photos DIR|ZIP`: the legacy certificate register, into the
central store (which feeds every counter). The central address is --central or this workstation's setting; the
administrator's password comes from $COUNTERDESK_PASSWORD or is asked for. --dry-run checks without sending."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.domain.errors import DomainError
from app.services import settings
from app.services.context import Actor, ServiceContext
from app.services.register_import import import_register

PASSWORD_ENV = "COUNTERDESK_PASSWORD"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--photos", help="证书库导入（certificates）：照片文件夹或 .zip（文件名为身份证号或证书编号）"
    )
    p.add_argument("--central", help="证书库导入：中心库地址（默认本工作站设置中的地址）")
    p.add_argument("--user", default="admin", help="证书库导入：中心库管理员账号（默认 admin）")


def run(ctx: ServiceContext, args: argparse.Namespace) -> int:
    sender = None
    client = None
    actor = Actor(args.user, "admin", args.user)
    if not args.dry_run:
        from app.services.central_address import tls_verify
        from app.sync.client import SyncClient, SyncError
        from app.sync.register_client import CentralSender

        conf = settings.get(ctx, "client")
        url = args.central or str(conf.get("central_url") or "")
        if not url:
            raise DomainError(
                "CENTRAL_URL_MISSING",
                "没有中心库地址，证书库只能导入中心库",
                field="central",
                fix="请用 --central 指定中心库地址，或在“工作站设置”中填写。",
            )
        password = os.environ.get(PASSWORD_ENV) or getpass.getpass(f"中心库管理员 {args.user} 的密码：")
        client = SyncClient(url, verify=tls_verify(str(conf.get("central_ca_file") or "")))
        try:
            session = client.login(args.user, password)
        except SyncError as err:
            raise DomainError(
                "CENTRAL_LOGIN", f"无法登录中心库：{err}", fix="请核对地址、账号和密码。"
            ) from err
        actor = Actor(session.username, session.role, session.username, session.unit_code)
        sender = CentralSender(client)

    def progress(phase: str, done: int, total: int | None) -> bool:
        if sys.stderr.isatty():
            what = "已读取" if phase == "read" else "已导入中心库"
            shown = f"{done}/{total}" if total else str(done)
            print(f"\r{what} {shown} 条", end="", file=sys.stderr, flush=True)
        return True

    try:
        report = import_register(
            ctx,
            actor,
            Path(args.file),
            sender,
            photos=args.photos,
            progress=progress,
            sample=args.show,
            error_path=args.errors,
        )
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if client is not None:
            client.close()
    print(report.text())
    if args.dry_run:
        print("（--dry-run：仅检查，没有导入中心库）")
    return 1 if report.invalid or report.photos_rejected else 0
