"""The one representation of an application and a certificate as they travel between counter and centre."""

from __future__ import annotations

from typing import Any

from app.models import Application, Certificate, User


def application_snapshot(app: Application | Any) -> dict[str, Any]:
    """The application as an outbox payload carries it and the central feed hands it on."""
    return {
        "uuid": app.uuid,
        "number": app.number,
        "item_code": app.item_code,
        "family": app.family,
        "status": app.status,
        "version": app.version,
        "catalogue_version": getattr(app, "catalogue_version", None) or 1,
        "id_number": app.id_number,
        "applicant_name": app.applicant_name,
        "mobile": app.mobile,
        "company_code": app.company_code,
        "company_name": app.company_name,
        "certificate_number": app.certificate_number,
        "form": app.form,
        "conditions": app.conditions,
        "material_states": app.material_states,
        "reason": app.reason,
        "missing_items": app.missing_items,
        "review_opinion": getattr(app, "review_opinion", None),
        "unit_code": app.unit_code,
        "counter_no": app.counter_no,
        "created_by": app.created_by,
        "received_by": app.received_by,
        "received_at": app.received_at.isoformat() if app.received_at else None,
        "accepted_by": app.accepted_by,
        "decided_by": app.decided_by,
        "due_on": app.due_on.isoformat() if app.due_on else None,
    }


def certificate_snapshot(c: Certificate) -> dict[str, Any]:
    return {
        "number": c.number,
        "family": c.family,
        "category": c.category,
        "grade": c.grade,
        "holder_id_number": c.holder_id_number,
        "holder_name": c.holder_name,
        "holder_sex": c.holder_sex,
        "holder_birth_date": c.holder_birth_date.isoformat() if c.holder_birth_date else None,
        "company_code": c.company_code,
        "company_name": c.company_name,
        "position": c.position,
        "training_body": c.training_body,
        "status": c.status,
        "first_issued_on": c.first_issued_on.isoformat(),
        "valid_from": c.valid_from.isoformat(),
        "valid_to": c.valid_to.isoformat() if c.valid_to else None,
        "issued_on": c.issued_on.isoformat(),
        "version": c.version,
        "ecert_id": c.ecert_id,
        "photo_sha256": c.photo_sha256,
        "origin": c.origin,
    }


def account_snapshot(user: User) -> dict[str, object]:
    """The account as it travels between counters and the central store, both ways: the Argon2id hash and the
    sealed author key travel, the password never does."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit_code": user.unit_code,
        "active": user.active,
        "password_hash": user.password_hash,
        "must_change_password": user.must_change_password,
        "sign_public_keys": list(user.sign_public_keys or []),
        "sign_private": user.sign_private,
    }
