"""Eligibility rules (办理条件): small named checks; evaluating returns every failure at once (一次性告知).

Wording follows the FAQ of seed 001, so that the clerk can repeat the fix to the applicant as the department
itself phrases it. Each module registers its checks in RULES under the names the catalogue cites.
"""

from __future__ import annotations

from app.domain.facts import RuleContext
from app.domain.rules import certificates, company, form, photo, special_ops
from app.domain.rules.core import RULES, Check, RuleFailure, RulesFailed, rule
from app.domain.rules.form import required_fields
from app.domain.rules.idcard import id_card_checks

__all__ = ["RULES", "Check", "RuleFailure", "RulesFailed", "blocking", "evaluate", "rule"]
_REGISTERED = (certificates, company, form, photo, special_ops)  # importing them fills RULES


def evaluate(ctx: RuleContext) -> list[RuleFailure]:
    """Run the required-field check and every rule the item names; return all failures at once."""
    failures = list(required_fields(ctx))
    failures.extend(id_card_checks(ctx))  # only when a card was read: it is not a catalogue rule
    for name in ctx.item.rules:
        failures.extend(RULES[name](ctx))
    return failures


def blocking(failures: list[RuleFailure]) -> list[RuleFailure]:
    return [f for f in failures if f.blocking]
