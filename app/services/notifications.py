"""SMS notifications (短信通知): queued in the same transaction as the decision, sent later by a gateway."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, Certificate, SmsMessage
from app.paths import load_yaml, resource_path
from app.services.context import Actor, ServiceContext
from app.services.recording import audit


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return dict(load_yaml(resource_path("sms.yaml").read_text(encoding="utf-8")))


class _Blank(dict[str, Any]):
    """Placeholders a message has no value for are left empty rather than failing the decision that sends it."""

    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, **values: Any) -> str:
    return templates()[template].format_map(_Blank(values))


# What the applicant is told when an item is approved, by the item's certificate effect (catalogue `effect`):
# only the effects that produce a certificate to collect say so.
APPROVAL_TEMPLATES: dict[str, str] = {
    "new": "issued",
    "transfer_in": "transferred_in",
    "renew": "renewed",
    "change": "changed",
    "reissue": "reissued",
    "cancel": "cancelled",
    "transfer_out": "transferred_out",
}


def approval_template(ctx: ServiceContext, item_code: str) -> str:
    return APPROVAL_TEMPLATES[ctx.catalogue.item(item_code).effect]


def queue_approval(s: Session, ctx: ServiceContext, actor: Actor, app: Application) -> SmsMessage | None:
    """The approval message (办结短信), its text chosen by what the approval did to the certificate.

    One call with the application: callers decide only *when* (today right after the approval; later, once the
    central store has confirmed it), never which text."""
    cert = None
    if app.certificate_number:
        cert = s.execute(
            select(Certificate).where(Certificate.number == app.certificate_number)
        ).scalar_one_or_none()
    return queue(
        s,
        ctx,
        actor,
        app,
        approval_template(ctx, app.item_code),
        certificate=app.certificate_number or "",
        valid_to=f"{cert.valid_to:%Y年%m月%d日}" if cert is not None and cert.valid_to else "长期",
        destination=str(app.form.get("destination_province") or "转入省份"),
    )


def queue(
    s: Session,
    ctx: ServiceContext,
    actor: Actor,
    app: Application,
    template: str,
    *,
    reason: str = "",
    **values: str,
) -> SmsMessage | None:
    """Queue one message to the applicant's phone and put it on the application's timeline."""
    if not app.mobile:
        audit(
            s,
            actor,
            "sms.skipped",
            "application",
            app.uuid,
            {"template": template, "why": "未登记手机号码"},
            ctx.now(),
        )
        return None
    item = ctx.catalogue_for(app).item(app.item_code)
    text = render(
        template,
        name=app.applicant_name,
        number=app.number or "",
        item=item.short_name,
        reason=reason,
        unit=ctx.workstation.unit_name,
        **values,
    )
    msg = SmsMessage(
        application_number=app.number,
        mobile=app.mobile,
        template=template,
        text=text[:500],
        state="queued",
        created_at=ctx.now(),
    )
    s.add(msg)
    s.flush()
    audit(
        s,
        actor,
        "sms.queued",
        "application",
        app.uuid,
        {"template": template, "mobile": app.mobile, "text": msg.text},
        ctx.now(),
    )
    return msg
