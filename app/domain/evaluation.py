"""好差评 (the applicant's rating of the service) and what the applicant's screen may show of the form.

Five grades as the government-service rating system names them; the two lowest need a reason, which the
department must follow up. Identifiers are masked on the applicant-facing screen (the screen faces the hall).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import DomainError

EVALUATION_KEY = "evaluation"  # in the application's form JSON
SIGNATURE_KEY = "applicant_signature"  # {"png_base64", "sha256", "at"}: signed on the applicant's screen
KEPT_KEYS = (EVALUATION_KEY, SIGNATURE_KEY)  # survive a save of the form by the clerk
RATINGS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
REASON_BELOW = 3  # ratings under this need a reason


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
