"""`counterdesk verify`: check a certificate QR code offline, from the scanned text or from an image/PDF file.

Exit code 0 only for a genuine, currently valid certificate; 1 for anything else (forged, expired, cancelled,
superseded, unknown); 2 for bad input (missing file), as the rest of the command line does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain.errors import DomainError
from app.services.context import ServiceContext


def _verify(ctx: ServiceContext, args: argparse.Namespace) -> int:
    from app.services.verification import verify

    if args.image:
        path = Path(args.image)
        try:
            data: str | bytes = path.read_bytes()
        except OSError as exc:
            raise DomainError(
                "IMAGE_UNREADABLE",
                f"无法读取文件：{path}",
                field="image",
                fix="请检查文件路径，并确认当前用户有读取权限。",
            ) from exc
    elif args.payload:
        data = args.payload
    else:
        raise DomainError(
            "VERIFY_NO_INPUT",
            "没有要核验的内容。",
            fix="用法：counterdesk verify CD1:…（扫码得到的文字），或 counterdesk verify --image 证书照片.jpg",
        )
    result = verify(ctx, data)
    marker = "【通过】" if result.ok else "【未通过】"
    lines = result.lines()
    print(f"{marker}{lines[0]}")
    for line in lines[1:]:
        print(f"  {line}")
    return 0 if result.ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("verify", help="离线核验证书二维码（真伪与现行状态）")
    p.add_argument(
        "payload", nargs="?", help="扫码枪输入的二维码文字（以 CD1: 开头，或核验网址 HTTPS://…/V/CD1:…）"
    )
    p.add_argument("--image", metavar="FILE", help="证书照片、扫描件或PDF文件")
    p.set_defaults(handler=_verify)
