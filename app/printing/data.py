"""Plain values the services fill and the document renderers read; no ORM objects cross this line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Family = Literal["AG", "TZ", "JN"]
NoticeKind = Literal["receipt", "acceptance", "correction", "refusal", "return"]
FormLayout = Literal["", "generic", "jn_change", "jn_cancel"]

FAMILIES: tuple[str, ...] = ("AG", "TZ", "JN")
NOTICE_KINDS: tuple[str, ...] = ("receipt", "acceptance", "correction", "refusal", "return")
# The three reasons printed with tick boxes on seed 003 attachment 2.
JN_CHANGE_REASONS: tuple[str, ...] = ("企业名称变更", "工作单位变更", "自然情况变更")


def _freeze(obj: object, name: str) -> None:
    # Frozen dataclasses still hold mutable lists; callers may pass lists, we keep tuples.
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(tuple(v) if isinstance(v, list) else v for v in value))


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on one certificate (DOMAIN.md §6).

    family: "AG" 安管, "TZ" 特种作业, "JN" 技能人员. category is A/B/C1/C2/C3 for AG; category_name is the
    printed wording (e.g. 专职安全生产管理人员（土建类）) — when empty the catalogue's name is used.
    qr_text is the exact QR content, normally from `app.printing.signing.sign_payload`.
    """

    family: Family
    number: str
    name: str
    sex: str
    id_number: str
    issue_date: date
    issuing_authority: str
    qr_text: str
    birth_date: date | None = None
    photo_jpeg: bytes | None = None
    company: str = ""
    position: str = ""
    category: str = ""
    category_name: str = ""
    trade_code: str = ""
    trade_name: str = ""
    occupation: str = ""
    grade: str = ""
    training_body: str = ""
    first_issue_date: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    version: int = 1
    ecert_identifier: str = ""


@dataclass(frozen=True)
class NoticeView:
    """One notice handed to the applicant (材料接收凭证, 受理通知书, 补正告知书, 不予受理通知书, 退件通知书).

    id_number is the full number; the notice prints it masked. materials are (name, pages) pairs.
    """

    kind: NoticeKind
    application_number: str
    item_name: str
    applicant_name: str
    id_number: str
    date: date
    unit_name: str
    company: str = ""
    clerk_name: str = ""
    materials: tuple[tuple[str, int], ...] = ()
    missing_items: tuple[str, ...] = ()
    reason: str = ""
    due_date: date | None = None
    legal_basis: str = ""
    # How to put each missing item right (补正要求), parallel to missing_items; "" where nothing more is known.
    missing_fixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _freeze(self, "materials")
        _freeze(self, "missing_items")
        _freeze(self, "missing_fixes")


@dataclass(frozen=True)
class FormView:
    """A printed application form, filled in and ready to sign.

    layout "" picks the layout configured for item_code in resources/printing/forms.yaml ("generic" when the
    item has none). The jn_change layout (seed 003 附件2) reads name/sex/id_number/photo_jpeg/
    certificate_number/change_reason/old_company/new_company/personal_before/personal_after; jn_cancel
    (附件3) reads cancel_reason and company. The generic layout prints `fields` in order.
    """

    item_code: str
    item_name: str
    fields: tuple[tuple[str, str], ...] = ()
    layout: FormLayout = ""
    application_number: str = ""
    unit_name: str = ""
    date: date | None = None
    name: str = ""
    sex: str = ""
    id_number: str = ""
    photo_jpeg: bytes | None = None
    certificate_number: str = ""
    change_reason: str = ""
    old_company: str = ""
    new_company: str = ""
    personal_before: str = ""
    personal_after: str = ""
    cancel_reason: str = ""
    company: str = ""
    # The applicant's signature captured at the counter (PNG, transparent or white background), printed on the
    # signature line; None leaves the line for a pen.
    signature_png: bytes | None = None

    def __post_init__(self) -> None:
        _freeze(self, "fields")


@dataclass(frozen=True)
class ReviewSheetView:
    """The review sheet (审核表): who applied for what, the form beside the registry, the rules as checked at
    review, and the supervisor's opinion (审核意见). comparison rows are (label, registry, form, verdict);
    checks are (message, fix) of the rules that failed, empty when every rule passed."""

    application_number: str
    item_name: str
    applicant_name: str
    id_number: str
    company: str
    unit_name: str
    received: str
    accepted: str
    comparison: tuple[tuple[str, str, str, str], ...] = ()
    checks: tuple[tuple[str, str], ...] = ()
    opinion: str = ""
    reviewer: str = ""
    decision: str = ""
    date: date | None = None
    decided: bool = False  # the rules were checked when the decision was made, not now

    def __post_init__(self) -> None:
        _freeze(self, "comparison")
        _freeze(self, "checks")
