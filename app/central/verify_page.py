"""The page a phone opens from a certificate's QR code (证书核验页): plain HTML in Chinese, no login, no script.

The address is `<central>/V/<payload>` (app.printing.signing.verification_url). The signature is checked with the
same code the counters use offline (app.printing.signing) against the province's published public keys, and the
verdict comes from the shared app.domain.verdict over this store's certificate registry. Only masked data is shown:
the QR is readable by anyone, and so is this page.
"""

from __future__ import annotations

import os
from datetime import date
from html import escape
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.verdict import HEADLINES, UNKNOWN, VALID, RegistryRecord, registry_verdict
from app.models import Certificate
from app.models.certificates import CERT_STATUS_NAMES
from app.models.db import Store
from app.paths import resource_path
from app.printing.signing import VERIFY_PATH, load_public_keys, verify_payload

ENV_PUBLIC_KEYS = "COUNTERDESK_CENTRAL_PUBLIC_KEYS"
FAMILY_NAMES = {"AG": "安管人员", "TZ": "特种作业人员", "JN": "技能人员"}
GENUINE_CURRENT, GENUINE_NOT_CURRENT, FORGED, DAMAGED, UNKNOWN_KEY = (
    "genuine",
    "not_current",
    "forged",
    "damaged",
    "unknown_key",
)
_COLOURS = {
    GENUINE_CURRENT: ("#e8f5e9", "#1b5e20"),
    GENUINE_NOT_CURRENT: ("#fff3e0", "#8a4b00"),
    FORGED: ("#ffebee", "#b00020"),
    DAMAGED: ("#eeeeee", "#333333"),
    UNKNOWN_KEY: ("#ffebee", "#b00020"),
}


def key_dirs() -> list[Path]:
    """Where the trusted public keys are: the bundled resources/keys, then $COUNTERDESK_CENTRAL_PUBLIC_KEYS
    (folders separated by the platform's path separator)."""
    extra = [Path(p) for p in os.environ.get(ENV_PUBLIC_KEYS, "").split(os.pathsep) if p.strip()]
    return [resource_path("keys"), *extra]


def trusted_keys() -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for folder in key_dirs():
        for key_id, raw in load_public_keys(folder).items():
            keys.setdefault(key_id, raw)
    return keys


def _d(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "长期"


def _page(kind: str, headline: str, rows: list[tuple[str, str]], notes: list[str]) -> str:
    background, colour = _COLOURS[kind]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    paragraphs = "".join(f"<p>{escape(n)}</p>" for n in notes)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>证书核验结果</title>
<style>
body{{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;padding:16px;
background:#fafafa;color:#222;font-size:17px;line-height:1.6}}
h1{{font-size:20px;margin:0 0 12px}}
.verdict{{background:{background};color:{colour};border:2px solid {colour};border-radius:10px;padding:16px;
font-size:24px;font-weight:bold;text-align:center}}
table{{width:100%;border-collapse:collapse;margin-top:16px;background:#fff}}
th,td{{border-bottom:1px solid #ddd;padding:8px 6px;text-align:left;vertical-align:top}}
th{{width:6.5em;color:#555;font-weight:normal}}
p{{margin:12px 0}} footer{{margin-top:24px;color:#777;font-size:14px}}
</style></head><body>
<h1>河南省建设从业人员证书核验</h1>
<div class="verdict" id="verdict" data-kind="{kind}">{escape(headline)}</div>
<table>{table}</table>
{paragraphs}
<footer>本页依据证书二维码中的数字签名及发证机关登记库即时核验；身份信息已隐去部分内容。如有疑问请向发证机关核实。</footer>
</body></html>"""


def _registry(store: Store, number: str) -> RegistryRecord | None:
    with store.read() as s:
        cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one_or_none()
        if cert is None:
            return None
        return RegistryRecord(
            cert.status, cert.version, cert.valid_to, cert.holder_name, cert.holder_id_number, cert.family
        )


def verdict_page(store: Store, payload: str, today: date) -> str:
    """The whole page for one scanned payload."""
    try:
        verified = verify_payload(payload, trusted_keys())
    except DomainError as err:
        kind = {"QR_BAD_SIGNATURE": FORGED, "QR_UNKNOWN_KEY": UNKNOWN_KEY}.get(err.code, DAMAGED)
        headline = {
            FORGED: "假证书：签名无效，证书内容被篡改或伪造",
            UNKNOWN_KEY: "无法核验：签发密钥不是本省发布的密钥",
            DAMAGED: "无法核验：二维码不完整或已损坏",
        }[kind]
        return _page(kind, headline, [], [err.message, err.fix or ""])
    f = verified.fields
    record = _registry(store, f.number)
    outcome, notes = registry_verdict(
        f, record, today, unknown_note="登记库中暂无该证书的记录，可能尚未同步，请稍后再试或向发证机关核实。"
    )
    headline = "签名有效，但登记库中查无此证书" if outcome == UNKNOWN else HEADLINES[outcome]
    rows = [
        ("证书编号", f.number),
        ("证书类别", f"{FAMILY_NAMES.get(f.family, f.family)} {f.category}"),
        ("持证人", f.masked_name),
        ("身份证号", f.masked_id),
        ("有效期", f"{_d(f.valid_from)} 至 {_d(f.valid_to)}"),
        ("证书版本", f"第{f.version}版"),
    ]
    if record is not None:
        rows.append(
            ("登记状态", f"{CERT_STATUS_NAMES.get(record.status, record.status)}（现行第{record.version}版）")
        )
    kind = GENUINE_CURRENT if outcome == VALID else GENUINE_NOT_CURRENT
    if outcome != VALID:
        notes.append("该证书当前不能作为有效证书使用。")
    return _page(kind, headline, rows, notes)


def verify_router(store: Store) -> APIRouter:
    """GET /V/<payload> (and /v/…) → the verdict page. No authentication: anyone holding the paper may check it."""
    router = APIRouter()

    def page(payload: str, request: Request) -> HTMLResponse:
        # The path parameter is already percent-decoded; the query string, if a scanner appended one, is ignored.
        html = verdict_page(store, payload, date.today())
        return HTMLResponse(html, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

    for prefix in (VERIFY_PATH.upper(), VERIFY_PATH.lower()):
        router.add_api_route(
            f"/{prefix}/{{payload:path}}",
            page,
            methods=["GET"],
            response_class=HTMLResponse,
            include_in_schema=False,
        )
    return router
