"""好差评 (the applicant's rating of the service) and what the applicant's screen may show of the form.

Five grades as the government-service rating system names them; the two lowest need a reason, which the
department must follow up. Identifiers are masked on the applicant-facing screen (the screen faces the hall).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.errors import DomainError

EVALUATION_KEY = "evaluation"  # in the application's form JSON
SIGNATURE_KEY = "applicant_signature"  # {"png_base64", "sha256", "at"}: signed on the applicant's screen
KEPT_KEYS = (EVALUATION_KEY, SIGNATURE_KEY)  # survive a save of the form by the clerk
RATINGS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
REASON_BELOW = 3  # ratings under this need a reason
MAX_SIGNATURE_BYTES = 200_000  # a drawn signature is a small PNG


@dataclass(frozen=True)
class Evaluation:
    rating: int
    reason: str
    at: str  # ISO timestamp

    @property
    def label(self) -> str:
        return RATINGS[self.rating]

    def to_dict(self) -> dict[str, object]:
        return {"rating": self.rating, "label": self.label, "reason": self.reason, "at": self.at}


def check_evaluation(rating: int, reason: str) -> tuple[int, str]:
    """The rating and trimmed reason, or a DomainError naming the field and the fix."""
    if rating not in RATINGS:
        raise DomainError(
            "RATING_INVALID", "请选择一项评价", field="rating", fix="从“非常满意”到“非常不满意”中选一项。"
        )
    text = reason.strip()
    if rating < REASON_BELOW and not text:
        raise DomainError(
            "RATING_REASON_MISSING",
            f"选择“{RATINGS[rating]}”时请说明原因",
            field="reason",
            fix="请写下不满意的原因（如等候时间长、材料要求不清楚），我们会跟进改进。",
        )
    return rating, text[:500]


def _bad(field: str, message: str, fix: str) -> DomainError:
    return DomainError("VALUE_INVALID", message, field=field, fix=fix)


def _timestamp(value: Any, field: str) -> str:
    try:
        return datetime.fromisoformat(str(value)).isoformat(timespec="seconds")
    except ValueError:
        raise _bad(field, "记录时间格式有误", "请重新请申请人评价或签名。") from None


def checked_signature_png(png: bytes) -> str:
    """The PNG's SHA-256, or a DomainError: not a PNG, or too large to be a drawn signature."""
    if not png.startswith(b"\x89PNG") or len(png) > MAX_SIGNATURE_BYTES:
        raise DomainError("SIGNATURE_INVALID", "签名图像无效", field="signature", fix="请申请人重新签名。")
    return hashlib.sha256(png).hexdigest()


def checked_applicant_input(key: str, value: Any) -> dict[str, Any]:
    """What the applicant gave on the applicant's screen (好差评 or the signature), validated and rebuilt from
    its own parts: the label from the rating, the digest from the image. A store keeps this, never the value as
    it came."""
    if not isinstance(value, dict):
        raise _bad(key, "申请人的评价或签名缺失", "请重新请申请人评价或签名。")
    if key == EVALUATION_KEY:
        rating = value.get("rating")
        if not isinstance(rating, int) or isinstance(rating, bool):
            raise _bad("rating", "评价等级有误", "从“非常满意”到“非常不满意”中选一项。")
        rating, reason = check_evaluation(rating, str(value.get("reason") or ""))
        at = _timestamp(value.get("at"), "evaluation.at")
        return Evaluation(rating, reason, at).to_dict()
    if key == SIGNATURE_KEY:
        try:
            png = base64.b64decode(str(value.get("png_base64") or ""), validate=True)
        except (binascii.Error, ValueError):
            raise DomainError(
                "SIGNATURE_INVALID", "签名图像无效", field="signature", fix="请申请人重新签名。"
            ) from None
        digest = checked_signature_png(png)
        at = _timestamp(value.get("at"), "applicant_signature.at")
        return {"png_base64": base64.b64encode(png).decode("ascii"), "sha256": digest, "at": at}
    raise _bad("op", f"不认识的申请人输入“{key}”", "请联系技术支持。")


def mask_id_number(text: str) -> str:
    """410105********002X: the region and the last four stay, the birth date does not."""
    t = text.strip()
    return t[:6] + "*" * (len(t) - 10) + t[-4:] if len(t) > 10 else t


def mask_mobile(text: str) -> str:
    t = text.strip()
    return t[:3] + "****" + t[-4:] if len(t) == 11 else t


MASKS = {"id_number": mask_id_number, "new_id_number": mask_id_number, "mobile": mask_mobile}


def applicant_view(form: dict[str, object], labels: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs the applicant sees to confirm: filled fields only, identifiers masked."""
    rows = []
    for name, label in labels.items():
        value = str(form.get(name) or "").strip()
        if value:
            rows.append((label, MASKS.get(name, lambda v: v)(value)))
    return rows
