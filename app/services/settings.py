"""Workstation settings (工作站设置): unit, counter, central store address, printer, idle lock; all audited."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import select

from app.core.replica_scope import as_text, parse_cities
from app.domain.errors import DomainError, PermissionDenied
from app.domain.identifiers import is_valid_uscc
from app.domain.workflow import Role
from app.models import Setting
from app.printing.signing import verification_url
from app.services.central_address import check_ca_file, check_central_url
from app.services.context import Actor, ServiceContext, Workstation
from app.services.recording import record

DEFAULTS: dict[str, dict[str, Any]] = {
    "workstation": asdict(Workstation()),
    "client": {
        "central_url": "",
        "central_ca_file": "",
        # The address printed in certificate QR codes (<base>/V/<payload>); empty: the central address, if any.
        "verify_base_url": "",
        "default_printer": "",
        "idle_lock_minutes": 10,
        "sync_interval_s": 15,
        "idcard_reader": "none",  # none | sam_serial | vendor_sdk (app/capture/idcard_reader.py)
        "idcard_port": "",
        # 登记库范围: the cities whose registry this counter keeps offline ("4101,4103"); empty: the whole province.
        "replica_cities": "",
    },
    "numbering": {"local_authority": True},
}


def get(ctx: ServiceContext, key: str) -> dict[str, Any]:
    with ctx.store.read() as s:
        row = s.execute(select(Setting).where(Setting.key == key)).scalar_one_or_none()
    merged = dict(DEFAULTS.get(key, {}))
    if row:
        merged.update(row.value)
    return merged


def put(ctx: ServiceContext, actor: Actor | str, key: str, values: dict[str, Any]) -> dict[str, Any]:
    return put_all(ctx, actor, {key: values})[key]


def put_all(
    ctx: ServiceContext, actor: Actor | str, parts: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Several settings in one transaction (each with its audit event): every part is checked first, so either
    all are saved or, on the first wrong field, none."""
    if isinstance(actor, Actor) and actor.role != Role.ADMIN:
        raise PermissionDenied("ADMIN_ONLY", "只有管理员可以修改工作站设置", fix="请联系本单位管理员。")
    checked = {key: _validate(key, values) for key, values in parts.items()}
    now = ctx.now()
    saved: dict[str, dict[str, Any]] = {}
    with ctx.store.write() as s:
        for key, values in checked.items():
            row = s.execute(select(Setting).where(Setting.key == key)).scalar_one_or_none()
            before = dict(row.value) if row else {}
            merged = {**DEFAULTS.get(key, {}), **before, **values}
            if row is None:
                s.add(Setting(key=key, value=merged, updated_at=now))
            else:
                row.value, row.updated_at = merged, now
            record(s, actor, "settings.update", "setting", key, {"before": before, "after": merged}, now)
            saved[key] = merged
    if "workstation" in saved:
        ctx.workstation = Workstation(
            **{k: v for k, v in saved["workstation"].items() if k in Workstation.__dataclass_fields__}
        )
    if "numbering" in saved:
        ctx.local_number_authority = bool(saved["numbering"].get("local_authority", True))
    return saved


def _validate(key: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values as they would be stored, or a DomainError naming the field; writes nothing.

    For "client": the central address must be https:// (http only on this machine), the CA file readable."""
    if key == "workstation":
        return _checked_workstation(values)
    if key != "client":
        return values
    if int(values.get("idle_lock_minutes", 10)) < 1:
        raise DomainError("IDLE_INVALID", "自动锁屏时间至少1分钟", field="idle_lock_minutes")
    out = dict(values)
    if "central_url" in values:
        url = str(values["central_url"] or "").strip()
        out["central_url"] = check_central_url(url) if url else ""
    if "central_ca_file" in values:
        out["central_ca_file"] = check_ca_file(str(values["central_ca_file"] or ""))
    if values.get("verify_base_url"):
        base = str(values["verify_base_url"]).strip().rstrip("/")
        verification_url(base, "CD1:")  # raises VERIFY_URL, naming the field and the fix
        out["verify_base_url"] = base
    if "replica_cities" in values:
        out["replica_cities"] = as_text(
            parse_cities(str(values["replica_cities"] or ""), field="replica_cities")
        )
    if values.get("idcard_reader") == "sam_serial" and not str(values.get("idcard_port") or "").strip():
        raise DomainError(
            "IDCARD_PORT_MISSING",
            "选择了串口读卡器，但没有填写读卡器端口",
            field="idcard_port",
            fix="请从列表中选择读卡器所在的串口（如 COM3、/dev/ttyUSB0）；不清楚时可在设备管理器中查看。",
        )
    return out


def _checked_workstation(values: dict[str, Any]) -> dict[str, Any]:
    counter = str(values.get("counter_no", "01"))
    unit = str(values.get("unit_code", "410000"))
    if not (counter.isdigit() and 1 <= len(counter) <= 2):
        raise DomainError("COUNTER_INVALID", "窗口号须为1至2位数字", field="counter_no", fix="例如 03。")
    if not (unit.isdigit() and len(unit) == 6):
        raise DomainError(
            "UNIT_INVALID", "单位代码须为6位行政区划代码", field="unit_code", fix="例如郑州市 410100。"
        )
    out = {**values, "counter_no": counter.zfill(2)}
    if "issuer_uscc" in values:
        uscc = "".join(str(values["issuer_uscc"] or "").split()).upper()
        if uscc and not is_valid_uscc(uscc):
            raise DomainError(
                "ISSUER_USCC_INVALID",
                "发证机关统一社会信用代码不正确（18位，末位为校验码）",
                field="issuer_uscc",
                fix="请对照发证机关的营业执照或统一社会信用代码证书逐位核对。",
            )
        out["issuer_uscc"] = uscc
    return out
