"""`counterdesk`: with no command it opens the window; `counterdesk <command>` runs the command line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from app.domain.errors import DomainError
from app.services.context import Actor, ServiceContext

SYSTEM = Actor("system", "admin", "系统")
Handler = Callable[[ServiceContext, argparse.Namespace], int]


def _admin_password(args: argparse.Namespace) -> str | None:
    """A real store's administrator password: from --admin-password-file, or typed twice at a prompt."""
    if args.admin_password_file:
        with open(args.admin_password_file, encoding="utf-8") as f:
            return f.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("请设置管理员（admin）密码：")
    if getpass.getpass("请再次输入管理员密码：") != first:
        raise DomainError(
            "PASSWORD_MISMATCH", "两次输入的密码不一致", field="admin_password", fix="请重新运行并仔细输入。"
        )
    return first


def _init(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services.firstrun import ADMIN_USERNAME, demo_config, ensure_first_run, is_empty

    password = _admin_password(args) if args.no_demo and is_empty(ctx) else None
    result = ensure_first_run(
        ctx,
        with_demo=not args.no_demo,
        persons=args.persons,
        applications=args.applications,
        admin_password=password,
    )
    print(f"本地数据目录：{ctx.data_dir}")
    if result.created_accounts and args.no_demo:
        print(
            f"已创建管理员账号 {ADMIN_USERNAME}（密码为刚才设置的密码）；请用它登录并在 系统管理 中创建其他账号。"
        )
    elif result.created_accounts:
        print("已创建演示账号（仅用于演示库）：")
        for a in demo_config().accounts:
            print(f"  {a.username:<8} {a.name:<6} {a.role:<10} 密码 {a.password}")
    else:
        print("账号已存在，未作改动。")
    if result.demo:
        print(f"已生成演示数据：{result.demo}")
    if result.demo_applications:
        print(f"已生成演示办件 {result.demo_applications} 件（clerk01 收件，可用 sup01 审核）")
    return 0


def _demo(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services import demo

    summary = demo.generate(ctx, persons=args.persons, companies=max(20, args.persons // 10), seed=args.seed)
    if summary.existing:
        print(
            f"本机登记库已有数据（人员 {summary.persons}，企业 {summary.companies}，证书 {summary.certificates}），"
            "未重复生成演示数据。如需一套全新的演示数据，请用 --data-dir 指定一个新的数据目录。"
        )
        return 0
    print(
        f"演示数据已生成：人员 {summary.persons}，企业 {summary.companies}，证书 {summary.certificates}，"
        f"成绩 {summary.scores}，建造师 {summary.constructors}，黑名单 {summary.blacklist}"
    )
    return 0


def _expire(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services.issuance import expire_certificates

    numbers = expire_certificates(ctx, SYSTEM)
    print(f"已将 {len(numbers)} 本过期证书置为“过期（强制注销）”。")
    for n in numbers[: args.show]:
        print(f"  {n}")
    return 0


def _lapse(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services.corrections import lapse_overdue

    numbers = lapse_overdue(ctx, SYSTEM)
    print(f"已将本窗口 {len(numbers)} 件逾期未补正的办件按补正告知书视为撤回。")
    for n in numbers[: args.show]:
        print(f"  {n}")
    return 0


def _audit_verify(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services.audit_log import verify_chain

    report = verify_chain(ctx)
    print(report.text())
    return 0 if report.ok else 1


def build_parser(
    extra: Sequence[Callable[[argparse._SubParsersAction], None]] = (),
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="counterdesk", description="建设从业人员考核窗口受理系统")
    parser.add_argument(
        "--demo", action="store_true", help="窗口：空数据目录首次启动时建立演示库（make run 的默认）"
    )
    parser.add_argument(
        "--data-dir", help="本地数据目录（默认：系统用户数据目录，或环境变量 COUNTERDESK_DATA_DIR）"
    )
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("init", help="初始化本地数据库、初始账号和演示数据")
    p.add_argument("--no-demo", action="store_true", help="正式使用：不生成演示账号和演示数据，只创建管理员")
    p.add_argument("--admin-password-file", help="正式使用时管理员密码所在文件（第一行）；不给则提示输入")
    p.add_argument("--persons", type=int, default=3000)
    p.add_argument("--applications", type=int, default=16, help="首次初始化时生成的演示办件数")
    p.set_defaults(handler=_init)
    p = sub.add_parser("demo-data", help="生成演示数据")
    p.add_argument("--persons", type=int, default=3000)
    p.add_argument("--seed", type=int, default=20261123)
    p.set_defaults(handler=_demo)
    p = sub.add_parser("expire-certificates", help="每日任务：过期证书强制注销")
    p.add_argument("--show", type=int, default=20, help="列出前 N 本")
    p.set_defaults(handler=_expire)
    p = sub.add_parser("lapse-corrections", help="每日任务：逾期未补正的办件视为撤回")
    p.add_argument("--show", type=int, default=20, help="列出前 N 件")
    p.set_defaults(handler=_lapse)
    audit = sub.add_parser("audit", help="审计日志").add_subparsers(dest="audit_command", required=True)
    audit.add_parser("verify", help="核验审计日志哈希链").set_defaults(handler=_audit_verify)
    for register in extra:
        register(sub)
    return parser


def _optional_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Command groups contributed by other packages (Excel, QR verification), each `register(subparsers)`."""
    found = []
    for module in ("app.cli_excel", "app.cli_verify"):
        try:
            found.append(importlib.import_module(module).register)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return found


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_optional_commands())
    args = parser.parse_args(argv)
    if args.command is None:
        from app.ui.main import run_gui

        return run_gui(args.data_dir, demo=args.demo)
    from app.bootstrap import open_context

    try:
        ctx = open_context(args.data_dir)
        return int(args.handler(ctx, args))
    except DomainError as err:
        print(f"错误：{err.user_text()}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
