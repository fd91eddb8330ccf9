"""Transactions are all-or-nothing; the audit chain finds tampering; start-up backs up and migrates."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.bootstrap import db_path, open_context
from app.cli import main as cli_main
from app.domain.errors import ConflictError
from app.models import Application, AuditEvent, OutboxEntry
from app.models.migrate import HEAD_REVISION, head_revision, migrate_sqlite
from app.services import intake, notifications
from app.services.audit_log import verify_chain
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock


def _counts(ctx):
    with ctx.store.read() as s:
        return (
            s.execute(select(func.count()).select_from(AuditEvent)).scalar(),
            s.execute(select(func.count()).select_from(OutboxEntry)).scalar(),
        )


def test_failure_inside_transaction_leaves_store_as_before(ctx, clerk, monkeypatch):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("TZ-CANCEL")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    received = intake.submit(ctx, clerk, d.uuid)
    before = _counts(ctx)

    def broken_queue(*args, **kwargs):
        raise RuntimeError(
            "SMS outbox disk full"
        )  # after the status change, audit event and outbox row were written

    monkeypatch.setattr(notifications, "queue", broken_queue)
    with pytest.raises(RuntimeError):
        intake.refuse(ctx, clerk, received.uuid, "材料不全")
    assert _counts(ctx) == before
    after = intake.get(ctx, received.uuid)
    assert (after.status, after.version, after.reason) == ("received", received.version, None)
    assert verify_chain(ctx).ok


def test_stale_version_is_rejected(ctx, clerk):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("TZ-CANCEL")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    received = intake.submit(ctx, clerk, d.uuid)
    intake.save_draft(
        ctx, clerk, received.uuid, {**sc.form, "mobile": "13912345678"}, expected_version=received.version
    )
    with pytest.raises(ConflictError) as err:
        intake.accept(ctx, clerk, received.uuid, expected_version=received.version)
    assert err.value.code == "STALE_VERSION" and "已被他人修改" in err.value.message


def test_open_application_unique_index_holds_in_the_database(ctx, clerk):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("TZ-CANCEL")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    intake.submit(ctx, clerk, d.uuid)
    with ctx.store.read() as s:
        original = s.get(Application, d.id)
        values = {c.name: getattr(original, c.name) for c in Application.__table__.columns if c.name != "id"}
    twin = Application(**{**values, "uuid": "x" * 36, "number": "dup"})
    with pytest.raises(IntegrityError, match="uq_applications_open_id_number|UNIQUE"), ctx.store.write() as s:  # noqa: PT012
        s.add(twin)


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_audit_verify_names_first_broken_event(ctx, clerk, tamper, capsys):
    fixed_clock(ctx)
    sc = Builder(ctx).scenario("TZ-CANCEL")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    intake.accept(ctx, clerk, intake.submit(ctx, clerk, d.uuid).uuid)
    assert verify_chain(ctx).ok
    conn = sqlite3.connect(db_path(ctx.data_dir))
    ids = [r[0] for r in conn.execute("SELECT id FROM audit_events ORDER BY id")]
    victim = ids[1]
    if tamper == "edit":
        conn.execute("UPDATE audit_events SET actor='someone_else' WHERE id=?", (victim,))
    else:
        conn.execute("DELETE FROM audit_events WHERE id=?", (victim,))
    conn.commit()
    conn.close()
    report = verify_chain(ctx)
    assert not report.ok
    assert report.first_broken_id == (victim if tamper == "edit" else ids[2])
    assert cli_main(["--data-dir", str(ctx.data_dir), "audit", "verify"]) == 1
    assert f"第一条异常记录编号 {report.first_broken_id}" in capsys.readouterr().out


def test_sqlite_pragmas(ctx):
    with ctx.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_startup_backs_up_and_migrates_an_older_file(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    # An older file: a store from before the first migration that already holds a user's table of notes.
    conn = sqlite3.connect(data / "counterdesk.sqlite3")
    conn.execute("CREATE TABLE legacy_notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO legacy_notes (body) VALUES ('旧数据')")
    conn.commit()
    conn.close()
    ctx = open_context(data)
    backups = list((data / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT body FROM legacy_notes").fetchone() == ("旧数据",)
    with ctx.store.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert c.exec_driver_sql("SELECT body FROM legacy_notes").scalar() == "旧数据"
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    ctx.store.dispose()
    assert migrate_sqlite(db_path(data), data / "backups") is False  # already current: no second backup
    assert len(list((data / "backups").glob("*.sqlite3"))) == 1


def test_head_revision_constant_matches_the_migrations():
    assert head_revision() == HEAD_REVISION
