"""The rule registry and what every rule shares: the failure record, the helpers that read the form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.domain.errors import DomainError
from app.domain.facts import CertificateFacts, RuleContext
from app.domain.numbering import normalise_certificate_text

VALID_STATUS = "01"

EXAM_KINDS = {"first": "exam", "renew": "ce"}

EDUCATION_ORDER = ["小学及以下", "初中", "高中或中专", "大专", "本科", "研究生"]


@dataclass(frozen=True)
class RuleFailure:
    rule: str
    code: str
    message: str
    fix: str
    field: str | None = None
    blocking: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
            "field": self.field,
            "blocking": self.blocking,
        }


Check = Callable[[RuleContext], Iterator[RuleFailure]]

RULES: dict[str, Check] = {}


def rule(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        RULES[name] = fn
        return fn

    return register


def company_field(ctx: RuleContext) -> str:
    return ctx.item.company_field


def certificate_of(ctx: RuleContext) -> CertificateFacts | None:
    """The applicant's certificate the form names (half-width brackets typed by the clerk are accepted)."""
    number = normalise_certificate_text(ctx.value("certificate_number"))
    return next((c for c in ctx.certificates if c.number == number), None)


class RulesFailed(DomainError):
    """An action refused by the rules: `failures` is the whole evaluation, for the rule panel (一次性告知)."""

    def __init__(self, stopping: list[RuleFailure], failures: list[RuleFailure]) -> None:
        first = stopping[0]
        more = f"（另有{len(stopping) - 1}项问题，见规则检查面板）" if len(stopping) > 1 else ""
        super().__init__("RULES_FAILED", first.message + more, field=first.field, fix=first.fix)
        self.stopping = stopping
        self.failures = failures
