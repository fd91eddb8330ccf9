"""SMS notifications (短信通知): queued in the same transaction as the decision, sent later by a gateway."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from app.models import Application, SmsMessage
from app.paths import load_yaml, resource_path
from app.services.context import Actor, ServiceContext
from app.services.recording import audit


@lru_cache(maxsize=1)
def templates() -> dict[str, str]:
    return dict(load_yaml(resource_path("sms.yaml").read_text(encoding="utf-8")))


def render(template: str, **values: Any) -> str:
    return templates()[template].format(**values)


def queue(
    s: Session, ctx: ServiceContext, actor: Actor, app: Application, template: str, *, reason: str = ""
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
    item = ctx.catalogue.item(app.item_code)
    text = render(
        template,
        name=app.applicant_name,
        number=app.number or "",
        item=item.short_name,
        reason=reason,
        unit=ctx.workstation.unit_name,
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
