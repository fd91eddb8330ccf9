"""SQLAlchemy 2 typed models of the local store (and of the shared tables of the central store)."""

from app.models.accounts import User, Workstation
from app.models.applications import Application, ApplicationMaterial, MaterialPage
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.calendar import CalendarYear
from app.models.catalogue import CatalogueVersion
from app.models.certificates import Certificate, CertificateVersion, VoidedNumber
from app.models.local import NumberBlock, Sequence, Setting, SmsMessage, SyncCursor
from app.models.outbox import OutboxEntry
from app.models.registry import (
    BlacklistEntry,
    Company,
    CompanyQualification,
    ConstructorRegistration,
    Person,
    Score,
)

__all__ = [
    "Application",
    "ApplicationMaterial",
    "AuditEvent",
    "Base",
    "BlacklistEntry",
    "CalendarYear",
    "CatalogueVersion",
    "Certificate",
    "CertificateVersion",
    "VoidedNumber",
    "Company",
    "CompanyQualification",
    "ConstructorRegistration",
    "MaterialPage",
    "NumberBlock",
    "OutboxEntry",
    "Person",
    "Score",
    "Sequence",
    "Setting",
    "SmsMessage",
    "SyncCursor",
    "User",
    "Workstation",
]
