"""What a genuine certificate QR says about the certificate now (证书核验结论), from the registry's record.

Pure: the counter's offline verifier (app/services/verification) and the central store's phone page
(app/central/verify_page) read their own registry and ask this module for the verdict, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.domain.identifiers import mask_id_number, mask_name

VALID, EXPIRED, CANCELLED, REVOKED, SUSPENDED = "valid", "expired", "cancelled", "revoked", "suspended"
TRANSFERRING_OUT, SUPERSEDED, MISMATCH, UNKNOWN = "transferring_out", "superseded", "mismatch", "unknown"

BY_CODE = {
    "01": VALID,
    "02": SUSPENDED,
    "03": REVOKED,
    "04": CANCELLED,
    "05": EXPIRED,
    "06": TRANSFERRING_OUT,
    "07": REVOKED,
}
HEADLINES = {
    VALID: "真证书，现行有效",
    EXPIRED: "真证书，但已过期",
    CANCELLED: "真证书，但已注销",
    REVOKED: "真证书，但已被撤销（吊销）",
    SUSPENDED: "真证书，但已暂扣",
    TRANSFERRING_OUT: "真证书，但正在跨省转出",
    SUPERSEDED: "旧版证书，已被新版本取代",
    MISMATCH: "签名有效，但与登记信息不符",
    UNKNOWN: "签名有效，但本机登记库中查无此证书",
}


class SignedFields(Protocol):
    """The fields a verified QR payload vouches for (app.printing.signing.PayloadFields)."""

    @property
    def number(self) -> str: ...
    @property
    def family(self) -> str: ...
    @property
    def masked_name(self) -> str: ...
    @property
    def masked_id(self) -> str: ...
    @property
    def valid_to(self) -> date | None: ...
    @property
    def version(self) -> int: ...


@dataclass(frozen=True)
class RegistryRecord:
    """The registry's certificate row, as far as the verdict needs it."""

    status: str
    version: int
    valid_to: date | None
    holder_name: str
    holder_id_number: str
    family: str


def registry_verdict(
    f: SignedFields, cert: RegistryRecord | None, today: date, *, unknown_note: str
) -> tuple[str, list[str]]:
    """(outcome, notes) for a genuine payload: current, expired, cancelled…, superseded, or not in the registry."""
    if cert is None:
        return UNKNOWN, [unknown_note]
    notes: list[str] = []
    if f.version < cert.version:
        notes.append(f"该二维码是第{f.version}版，登记库中现行为第{cert.version}版；旧版纸质证书已作废。")
        return SUPERSEDED, notes
    outcome = BY_CODE.get(cert.status, REVOKED)
    if f.version > cert.version:
        notes.append(f"二维码版本（第{f.version}版）新于登记库（第{cert.version}版）：登记库可能尚未同步。")
    elif (mask_name(cert.holder_name), mask_id_number(cert.holder_id_number), cert.family) != (
        f.masked_name,
        f.masked_id,
        f.family,
    ):
        notes.append("二维码中的持证人信息与登记库同版本记录不一致，请核对证书原件并报告发证机关。")
        return MISMATCH, notes
    end = cert.valid_to if f.version <= cert.version else f.valid_to
    if outcome == VALID and end is not None and end < today:
        notes.append(f"有效期已于{end.isoformat()}届满。")
        outcome = EXPIRED
    return outcome, notes
