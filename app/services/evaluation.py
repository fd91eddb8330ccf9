"""Storing the applicant's 好差评 with the application: in its form JSON (`evaluation`), in one transaction with
the audit event and the outbox row, so that it reaches the central store like any other change of the form."""

from __future__ import annotations

from typing import Any

from app.domain.evaluation import EVALUATION_KEY, Evaluation, check_evaluation
from app.domain.workflow import Status
from app.services.context import Actor, ServiceContext
from app.services.intake import load
from app.services.recording import record
from app.services.views import ApplicationView, snapshot, view_of


def record_evaluation(
    ctx: ServiceContext, actor: Actor, ref: str | int, rating: int, reason: str = ""
) -> ApplicationView:
    rating, reason = check_evaluation(rating, reason)
    now = ctx.now()
    evaluation = Evaluation(rating, reason, now.isoformat(timespec="seconds"))
    with ctx.store.write() as s:
        app = load(s, ref)
        form: dict[str, Any] = dict(app.form or {})
        form[EVALUATION_KEY] = evaluation.to_dict()
        app.form = form
        app.updated_at = now
        detail = {"rating": rating, "label": evaluation.label}
        if app.status == Status.DRAFT:
            record(s, actor, "application.evaluate", "application", app.uuid, detail, now)
        else:
            app.version += 1
            record(
                s,
                actor,
                "application.update",
                "application",
                app.uuid,
                {**detail, "fields": [EVALUATION_KEY]},
                now,
                payload={"base_version": app.version - 1, "application": snapshot(app)},
            )
        return view_of(app)
