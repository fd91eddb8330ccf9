"""Sending the SMS outbox (短信发送): queued SmsMessage rows go out through a pluggable gateway.

"log" (the default) writes each message to <data_dir>/logs/sms.log and marks it sent: a unit without an SMS
contract still has the record of what would have been sent. "http" POSTs each message as JSON to a configured
URL. A failure is counted in the row (attempts, error) and retried on the next run, until `max_attempts`.
Every outcome is audited on the application, so it shows in the application's timeline.

The network call happens outside any transaction: a slow gateway never holds the database's write lock.
Run `send_pending` from one worker at a time (the task runner's database worker).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx
from sqlalchemy import select

from app.domain.errors import DomainError
from app.models import Application, SmsMessage
from app.paths import data_dir as default_data_dir
from app.services.context import Actor, ServiceContext
from app.services.recording import audit

SETTING_KEY = "sms"
QUEUED, SENT, FAILED = "queued", "sent", "failed"
MAX_ATTEMPTS = 5
SYSTEM = "system"


class SmsSendError(Exception):
    """The gateway did not take the message; the text says why, in words the admin can act on."""


@dataclass(frozen=True)
class OutgoingSms:
    id: int
    mobile: str
    text: str
    application_number: str | None


class SmsGateway(Protocol):
    name: str

    def send(self, message: OutgoingSms) -> None:
        """Hand one message over; raise SmsSendError when the gateway refused it or could not be reached."""


class LogGateway:
    """Appends each message to a log file (one JSON object per line) instead of sending it."""

    name = "log"

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, message: OutgoingSms) -> None:
        line = json.dumps(
            {
                "id": message.id,
                "mobile": message.mobile,
                "application": message.application_number,
                "text": message.text,
            },
            ensure_ascii=False,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as exc:
            raise SmsSendError(f"短信日志无法写入：{exc}") from exc


class HttpGateway:
    """POSTs {"id", "mobile", "text"} as JSON; any 2xx answer (without "ok": false in a JSON body) is success."""

    name = "http"

    def __init__(
        self, url: str, *, token: str = "", timeout: float = 10.0, client: httpx.Client | None = None
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise DomainError(
                "SMS_URL_INVALID",
                f"短信网关地址“{url}”无效。",
                field="url",
                fix="请填写以 http:// 或 https:// 开头的短信网关地址。",
            )
        self.url = url
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = client or httpx.Client(timeout=timeout)

    def send(self, message: OutgoingSms) -> None:
        body = {"id": message.id, "mobile": message.mobile, "text": message.text}
        try:
            response = self._client.post(self.url, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            raise SmsSendError(f"短信网关无法连接：{type(exc).__name__}") from exc
        if not response.is_success:
            raise SmsSendError(f"短信网关拒绝：HTTP {response.status_code} {response.text[:120]}")
        try:
            answer = response.json()
        except ValueError:
            return
        if isinstance(answer, dict) and answer.get("ok") is False:
            raise SmsSendError(f"短信网关拒绝：{str(answer.get('error') or '未说明原因')[:120]}")

    def close(self) -> None:
        self._client.close()


def log_path(ctx: ServiceContext) -> Path:
    return (ctx.data_dir or default_data_dir()) / "logs" / "sms.log"


def gateway_from_settings(ctx: ServiceContext) -> SmsGateway:
    """The gateway the admin configured (setting "sms": {"gateway": "log" | "http", "url", "token"})."""
    from app.services import settings

    conf = settings.get(ctx, SETTING_KEY)
    if conf.get("gateway") == "http":
        return HttpGateway(str(conf.get("url") or ""), token=str(conf.get("token") or ""))
    return LogGateway(log_path(ctx))


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    gave_up: int

    def text(self) -> str:
        return f"短信发送：成功 {self.sent} 条，失败待重试 {self.failed} 条，放弃 {self.gave_up} 条。"


def _due(ctx: ServiceContext, limit: int) -> list[OutgoingSms]:
    with ctx.store.read() as s:
        rows = s.execute(
            select(SmsMessage).where(SmsMessage.state == QUEUED).order_by(SmsMessage.id).limit(limit)
        ).scalars()
        return [OutgoingSms(m.id, m.mobile, m.text, m.application_number) for m in rows]


def send_pending(
    ctx: ServiceContext,
    gateway: SmsGateway,
    *,
    actor: Actor | str = SYSTEM,
    limit: int = 100,
    max_attempts: int = MAX_ATTEMPTS,
) -> SendReport:
    """Send queued messages, oldest first; each outcome is written with its audit event in one transaction."""
    sent = failed = gave_up = 0
    for message in _due(ctx, limit):
        error = ""
        try:
            gateway.send(message)
        except SmsSendError as exc:
            error = str(exc)
        now = ctx.now()
        with ctx.store.write() as s:
            row = s.get(SmsMessage, message.id)
            if row is None or row.state != QUEUED:
                continue  # handled meanwhile (e.g. cancelled by the admin)
            row.attempts += 1
            uuid = None
            if row.application_number:
                uuid = s.execute(
                    select(Application.uuid).where(Application.number == row.application_number)
                ).scalar()
            entity, entity_id = ("application", uuid) if uuid else ("sms", str(row.id))
            detail: dict[str, object] = {
                "sms_id": row.id,
                "template": row.template,
                "mobile": row.mobile,
                "gateway": gateway.name,
                "attempt": row.attempts,
            }
            if not error:
                row.state, row.sent_at, row.error = SENT, now, None
                sent += 1
                audit(s, actor, "sms.sent", entity, entity_id, detail, now)
                continue
            row.error = error[:256]
            detail["error"] = row.error
            if row.attempts >= max_attempts:
                row.state = FAILED
                gave_up += 1
                audit(s, actor, "sms.gave_up", entity, entity_id, detail, now)
            else:
                failed += 1
                audit(s, actor, "sms.failed", entity, entity_id, detail, now)
    return SendReport(sent, failed, gave_up)


def retry_failed(ctx: ServiceContext, actor: Actor, ids: list[int] | None = None) -> int:
    """Put given-up messages back in the queue (after the admin fixed the gateway); returns how many."""
    now = ctx.now()
    with ctx.store.write() as s:
        stmt = select(SmsMessage).where(SmsMessage.state == FAILED)
        if ids is not None:
            stmt = stmt.where(SmsMessage.id.in_(ids))
        rows = s.execute(stmt).scalars().all()
        for row in rows:
            row.state, row.attempts = QUEUED, 0
            audit(s, actor, "sms.requeued", "sms", str(row.id), {"previous_error": row.error}, now)
        return len(rows)
