"""The local side of pull: apply one page of a stream and its new cursor in one local transaction."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import records
from app.models import Application, Certificate, CertificateVersion, SyncCursor
from app.models.applications import OPEN_STATUS_SQL
from app.models.db import Store
from app.sync import catalogue_rows, page_rows, registry_extra, user_rows
from app.sync.outbox import has_pending, write_application

log = logging.getLogger(__name__)
# The catalogue first: an application pulled after it finds the catalogue version it was taken under.
STREAMS = ("catalogue", "registry", "applications", "certificates", "materials", "users")
_OPEN = tuple(s.strip(" '") for s in OPEN_STATUS_SQL.split("(")[1].rstrip(")").split(","))
_CERT_DATES = ("holder_birth_date", "first_issued_on", "valid_from", "valid_to", "issued_on")
_CERT_FIELDS = (
    "family",
    "category",
    "grade",
    "holder_id_number",
    "holder_name",
    "holder_sex",
    "company_code",
    "company_name",
    "position",
    "training_body",
    "status",
    "version",
    "ecert_id",
    "photo_sha256",
    "origin",
)


def cursor_of(store: Store, stream: str) -> int:
    with store.read() as s:
        return s.execute(select(SyncCursor.cursor).where(SyncCursor.stream == stream)).scalar() or 0


def _set_cursor(s: Session, stream: str, cursor: int, now: datetime) -> None:
    row = s.get(SyncCursor, stream)
    if row is None:
        s.add(SyncCursor(stream=stream, cursor=cursor, updated_at=now))
    else:
        row.cursor, row.updated_at = cursor, now


def reset_cursor(store: Store, stream: str, now: datetime) -> None:
    """Refetch: read the stream again from the start. Pending outbox entries are left alone."""
    with store.write() as s:
        _set_cursor(s, stream, 0, now)


def _demote_conflicts(s: Session, id_number: str, uuid: str) -> int:
    """A local open application for the same ID that the central store has not taken goes back to draft."""
    rows = s.execute(
        select(Application).where(
            Application.id_number == id_number,
            Application.uuid != uuid,
            Application.status.in_(_OPEN),
            Application.sync_state != "synced",
        )
    ).scalars()
    n = 0
    for app in rows:
        app.status = "draft"
        app.sync_state = "rejected"
        app.sync_message = (
            "您尚有未办结的申请事项，请等待办结后再进行申报\n"
            "处理办法：该身份证号在其他窗口已有未办结的申请，本办件已退回草稿。"
        )
        n += 1
    s.flush()
    return n


def _apply_application(s: Session, change: dict[str, Any]) -> None:
    data = change["data"]
    uid = change["entity_id"]
    app = s.execute(select(Application).where(Application.uuid == uid)).scalar_one_or_none()
    if app is not None and (has_pending(s, "application", uid) or app.version > int(data.get("version", 0))):
        return  # the local copy is ahead; its own push settles it
    if app is None:
        app = Application(uuid=uid, sync_state="synced", provisional=False)
        write_application(app, data)
        try:
            with s.begin_nested():
                s.add(app)
                s.flush()
        except IntegrityError:
            if not _demote_conflicts(s, data.get("id_number", ""), uid):
                log.warning("skipped application %s from the feed: it conflicts with a local record", uid)
                return
            app = Application(uuid=uid, sync_state="synced", provisional=False)
            write_application(app, data)
            with s.begin_nested():
                s.add(app)
                s.flush()
        return
    write_application(app, data)
    app.sync_state, app.sync_message = "synced", None


def _apply_certificate(s: Session, change: dict[str, Any], now: datetime) -> None:
    data = change["data"]
    number = change["entity_id"]
    cert = s.execute(select(Certificate).where(Certificate.number == number)).scalar_one_or_none()
    values: dict[str, Any] = {k: data.get(k) for k in _CERT_FIELDS if k in data}
    for k in _CERT_DATES:
        if k in data:
            values[k] = date.fromisoformat(data[k]) if data[k] else None
    if cert is not None and cert.version > int(values.get("version", 0)):
        return
    if cert is None:
        cert = Certificate(number=number, updated_at=now, **values)
        s.add(cert)
    else:
        for k, v in values.items():
            setattr(cert, k, v)
        cert.updated_at = now
    s.flush()
    known = s.execute(
        select(CertificateVersion.id).where(
            CertificateVersion.certificate_id == cert.id, CertificateVersion.version == cert.version
        )
    ).first()
    if known is None:
        s.add(
            CertificateVersion(
                certificate_id=cert.id,
                version=cert.version,
                operation_type=str(data.get("operation_type") or "01"),
                application_number=data.get("application_number"),
                snapshot=data,
                created_at=now,
                created_by="central",
            )
        )


def apply_change(s: Session, stream: str, change: dict[str, Any], now: datetime) -> None:
    if stream == "applications":
        _apply_application(s, change)
    elif stream == "certificates":
        _apply_certificate(s, change, now)
    elif stream == "materials":
        page_rows.apply_material_change(s, change, now)
    elif stream == "users":
        user_rows.apply_user_change(s, change, now)
    elif stream == "catalogue":
        catalogue_rows.apply(s, change)
    elif change["entity"] in registry_extra.KINDS:
        registry_extra.apply(s, change, now)
    elif change["op"] == "delete":
        records.remove(s, change["entity"], change["entity_id"])
    else:
        records.upsert(s, change["entity"], change["data"], now)
    s.flush()


def apply_page(
    store: Store, stream: str, changes: list[dict[str, Any]], next_cursor: int, now: datetime
) -> None:
    """One page and its cursor in one transaction: after a crash the page is either all there or re-read."""
    with store.write() as s:
        if stream == "materials":
            changes = page_rows.newest_only(changes)
        for change in changes:
            apply_change(s, stream, change, now)
        if stream in ("applications", "materials"):
            # Pages held back until their application arrived, or until local material changes were pushed.
            page_rows.resolve_parked(s, now)
        _set_cursor(s, stream, next_cursor, now)
