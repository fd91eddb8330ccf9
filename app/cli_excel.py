"""`counterdesk export …`, `counterdesk import …` and `counterdesk template …`: Excel from the command line.

`register(subparsers)` is picked up by app/cli.py; every handler takes (ctx, args) and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app import cli_register
from app.services import exports, imports, reports
from app.services.context import Actor, ServiceContext

ADMIN = Actor("admin", "admin", "系统管理员")
REGISTER_KIND = "certificates"  # the legacy certificate register, imported into the central store
KIND_HELP = "、".join(f"{k}（{v}）" for k, v in {**imports.import_kinds(), REGISTER_KIND: "证书库"}.items())


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”不正确，请按 2026-11-23 的格式填写") from None


def _out(args: argparse.Namespace, default: str) -> Path:
    return Path(args.out) if args.out else Path.cwd() / default


def _done(path: Path) -> int:
    print(f"已导出：{path}")
    return 0


def _ledger(ctx: ServiceContext, args: argparse.Namespace) -> int:
    day = args.date or ctx.today()
    who = f"_{args.clerk}" if args.clerk else ""
    return _done(
        exports.export_ledger(ctx, day, _out(args, f"台账_{day:%Y%m%d}{who}.xlsx"), clerk=args.clerk)
    )


def _applications(ctx: ServiceContext, args: argparse.Namespace) -> int:
    start, end = _period(ctx, args)
    path = _out(args, f"办件_{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
    return _done(exports.export_applications(ctx, start, end, path, item_code=args.item, status=args.status))


def _certificates(ctx: ServiceContext, args: argparse.Namespace) -> int:
    start, end = _period(ctx, args)
    return _done(
        reports.export_certificates(ctx, start, end, _out(args, f"证书_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"))
    )


def _overdue(ctx: ServiceContext, args: argparse.Namespace) -> int:
    on = args.date or ctx.today()
    return _done(exports.export_overdue(ctx, _out(args, f"超期办件_{on:%Y%m%d}.xlsx"), on=on))


def _monthly(ctx: ServiceContext, args: argparse.Namespace) -> int:
    first = reports.parse_month(args.month) if args.month else ctx.today().replace(day=1)
    return _done(reports.export_monthly(ctx, first, _out(args, f"月度统计_{first:%Y%m}.xlsx")))


def _period(ctx: ServiceContext, args: argparse.Namespace) -> tuple[date, date]:
    end = args.date_to or ctx.today()
    start = args.date_from or end.replace(day=1)
    return start, end


def _import(ctx: ServiceContext, args: argparse.Namespace) -> int:
    if args.kind == REGISTER_KIND:
        return cli_register.run(ctx, args)
    path = Path(args.file)
    error_path = Path(args.errors) if args.errors else None

    def progress(done: int, total: int | None) -> bool:
        if sys.stderr.isatty():
            shown = f"{done}/{total}" if total else str(done)
            print(f"\r已读取 {shown} 行", end="", file=sys.stderr, flush=True)
        return True

    run = imports.preview_import if args.dry_run else imports.commit_import
    try:
        report = run(ctx, ADMIN, args.kind, path, progress=progress, sample=args.show, error_path=error_path)
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
    print(report.text())
    if args.dry_run:
        print("（--dry-run：仅预览，没有写入任何数据）")
    return 1 if report.invalid else 0


def _template(ctx: ServiceContext, args: argparse.Namespace) -> int:
    title = imports.import_kinds()[args.kind]
    path = imports.save_template(ctx, args.kind, _out(args, f"{title}模板.xlsx"))
    print(f"已生成模板：{path}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the export, import and template command groups to the main parser."""
    export = sub.add_parser("export", help="导出台账和统计报表（Excel）").add_subparsers(
        dest="export_command", required=True
    )
    p = export.add_parser("ledger", help="每日台账（本单位或某个窗口人员）")
    p.add_argument("--date", type=_date, help="日期，如 2026-11-23（默认今天）")
    p.add_argument("--clerk", help="窗口人员账号，如 clerk01（默认全单位）")
    p.add_argument("--out", help="输出文件 .xlsx")
    p.set_defaults(handler=_ledger)
    for name, helptext, handler in (
        ("applications", "某期间的办件（按事项和状态汇总及明细）", _applications),
        ("certificates", "某期间的证书发证、延续、变更、注销", _certificates),
    ):
        p = export.add_parser(name, help=helptext)
        p.add_argument("--from", dest="date_from", type=_date, help="开始日期（默认本月1日）")
        p.add_argument("--to", dest="date_to", type=_date, help="结束日期（含当天，默认今天）")
        p.add_argument("--out", help="输出文件 .xlsx")
        if name == "applications":
            p.add_argument("--item", help="只导出某个事项编码，如 AG-FIRST")
            p.add_argument("--status", help="只导出某个状态，如 received、approved")
        p.set_defaults(handler=handler)
    p = export.add_parser("overdue", help="超期未办结的办件")
    p.add_argument("--date", type=_date, help="截至日期（默认今天）")
    p.add_argument("--out", help="输出文件 .xlsx")
    p.set_defaults(handler=_overdue)
    p = export.add_parser("monthly", help="月度统计（含图表）")
    p.add_argument("--month", help="月份，如 2026-11（默认本月）")
    p.add_argument("--out", help="输出文件 .xlsx")
    p.set_defaults(handler=_monthly)

    p = sub.add_parser("import", help=f"导入基础数据：{KIND_HELP}")
    p.add_argument("kind", choices=[*imports.import_kinds(), REGISTER_KIND], help="导入的表格种类")
    p.add_argument("file", help="要导入的 .xlsx 文件")
    cli_register.add_arguments(p)
    p.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    p.add_argument("--errors", help="错误行工作簿的保存位置（默认与导入文件同目录）")
    p.add_argument("--show", type=int, default=20, help="列出前 N 条变更和错误")
    p.set_defaults(handler=_import)

    p = sub.add_parser("template", help="生成导入模板")
    p.add_argument("kind", choices=list(imports.import_kinds()), help="模板种类")
    p.add_argument("--out", help="输出文件 .xlsx")
    p.set_defaults(handler=_template)
