"""What the rules know about an applicant: plain facts gathered from the registry by the services."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.catalogue import Item, Limits


@dataclass(frozen=True)
class PersonFacts:
    id_number: str
    name: str
    sex: str | None = None
    birth_date: date | None = None
    old_id_number: str | None = None
    photo_on_file: bool = False  # a certificate photo of this person is in the registry


@dataclass(frozen=True)
class CompanyFacts:
    name: str
    uscc: str | None
    org_code: str | None
    qualifications: tuple[str, ...] = ()
    found_by_org_code: bool = False


@dataclass(frozen=True)
class CertificateFacts:
    number: str
    family: str
    category: str
    holder_id_number: str
    status: str
    valid_to: date | None
    company_code: str | None = None
    company_name: str | None = None
    holder_name: str | None = None
    has_photo: bool = False


@dataclass(frozen=True)
class ScoreFacts:
    kind: str  # "exam" (考核成绩) or "ce" (继续教育)
    family: str
    category: str
    passed: bool
    exam_date: date
    valid_to: date | None


@dataclass(frozen=True)
class ConstructorFacts:
    id_number: str
    name: str
    company_uscc: str | None
    valid_to: date | None
    registration_number: str = ""


@dataclass(frozen=True)
class BlacklistFacts:
    reason: str
    listed_on: date


@dataclass(frozen=True)
class RuleContext:
    """Everything one evaluation needs; built by app.services.lookup, evaluated without I/O."""

    item: Item
    limits: Limits
    today: date
    form: Mapping[str, Any]
    conditions_ticked: frozenset[int] = frozenset()
    materials: Mapping[str, str] = field(default_factory=dict)  # material code -> "paper"/"scanned"/"missing"
    person: PersonFacts | None = None
    company: CompanyFacts | None = None
    certificates: tuple[CertificateFacts, ...] = ()
    scores: tuple[ScoreFacts, ...] = ()
    constructors: tuple[ConstructorFacts, ...] = ()
    constructors_under_old_id: tuple[ConstructorFacts, ...] = ()
    blacklist: tuple[BlacklistFacts, ...] = ()
    other_open_applications: tuple[str, ...] = ()

    def value(self, name: str) -> str:
        raw = self.form.get(name)
        return "" if raw is None else str(raw).strip()
