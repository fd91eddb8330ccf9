"""What the applicant gives on the applicant's screen, stored with the application: the 好差评 rating and the
signature. Both live in the application's form JSON (`evaluation`, `applicant_signature`), written in one
transaction with the audit event and the outbox row, so they reach the central store like any change of the form."""

from __future__ import annotations

import base64
from typing import Any

from app.domain.evaluation import (
    EVALUATION_KEY,
    SIGNATURE_KEY,
    Evaluation,
    check_evaluation,
    checked_signature_png,
)
from app.domain.workflow import Status
from app.services.application_records import load
from app.services.context import Actor, ServiceContext
from app.services.recording import record
from app.services.views import ApplicationView, snapshot, view_of


def record_evaluation(
    ctx: ServiceContext, actor: Actor, ref: str | int, rating: int, reason: str = ""
) -> ApplicationView:
    rating, reason = check_evaluation(rating, reason)
    evaluation = Evaluation(rating, reason, ctx.now().isoformat(timespec="seconds"))
    detail = {"rating": rating, "label": evaluation.label}
    return _store(ctx, actor, ref, EVALUATION_KEY, evaluation.to_dict(), detail)


def record_signature(ctx: ServiceContext, actor: Actor, ref: str | int, png: bytes) -> ApplicationView:
    """The applicant's signature (a small PNG), kept with the form it confirms."""
    digest = checked_signature_png(png)
    value = {
        "png_base64": base64.b64encode(png).decode("ascii"),
        "sha256": digest,
        "at": ctx.now().isoformat(timespec="seconds"),
    }
    return _store(ctx, actor, ref, SIGNATURE_KEY, value, {"signature": digest})


def _store(
    ctx: ServiceContext, actor: Actor, ref: str | int, key: str, value: dict[str, Any], detail: dict[str, Any]
) -> ApplicationView:
    now = ctx.now()
    with ctx.store.write() as s:
        app = load(s, ref)
        form: dict[str, Any] = dict(app.form or {})
        form[key] = value
        app.form = form
        app.updated_at = now
        if app.status == Status.DRAFT:
            # Drafts stay local (as in intake.save_draft): the central store hears of them on submit.
            record(s, actor, f"application.{key}", "application", app.uuid, detail, now)
        else:
            # Its own change, not an edit of the form: the applicant rates after the receipt, when the form is
            # no longer editable, and the central store takes only this key from it.
            app.version += 1
            record(
                s,
                actor,
                f"application.{key}",
                "application",
                app.uuid,
                {**detail, "fields": [key]},
                now,
                payload={"base_version": app.version - 1, "application": snapshot(app)},
            )
        return view_of(app)
