"""One batch of the certificate register import on PostgreSQL, set-based: COPY into a staging table, then a few
statements that do per batch what app/central/register_import.write_batch does per row on SQLite.

Python only checks each record and hands it to COPY as text; PostgreSQL types the values (a date that is no date,
a name longer than its column or a missing required value is refused here, naming the record and the column),
and builds the version snapshot and the feed payload with `json_build_object`, so no JSON is made in Python. The
rules are the same as on SQLite: the last record of a holder in the batch gives the holder's values, its last
photo serves the holder, a value the record leaves empty keeps the stored one; a certificate at a later version
than the record is kept, one equal to it is neither written nor fed unless its holder changed, a new one gets its
imported version row (printed by the old system). Feed changes go to the pending table like every other
writer's, and the sequencer numbers them after the commit.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.central.feed import sequence_after_commit
from app.domain.errors import DomainError
from app.models.register_rows import DATES, FIELDS, IMPORT_OPERATION, IMPORTED_BY

# The record's columns as staged: text in the certificate's column types, so COPY checks lengths and dates.
_STAGE_TYPES = {
    "number": "varchar(40) NOT NULL",
    "family": "varchar(4) NOT NULL",
    "category": "varchar(8) NOT NULL",
    "grade": "varchar(16)",
    "holder_id_number": "varchar(18) NOT NULL",
    "holder_name": "varchar(64) NOT NULL",
    "holder_sex": "varchar(2)",
    "company_code": "varchar(18)",
    "company_name": "varchar(128)",
    "position": "varchar(32)",
    "training_body": "varchar(128)",
    "status": "varchar(2) NOT NULL",
    "version": "integer NOT NULL",
    "ecert_id": "varchar(96)",
    "photo_sha256": "varchar(64)",
    "origin": "varchar(64)",
    "issuer": "varchar(64)",
    "holder_birth_date": "date",
    "first_issued_on": "date NOT NULL",
    "valid_from": "date NOT NULL",
    "valid_to": "date",
    "issued_on": "date NOT NULL",
    "old_id_number": "varchar(18)",
}
STAGE_COLUMNS = ("ord", *_STAGE_TYPES)
assert set(FIELDS) <= set(_STAGE_TYPES), "every certificate field is staged"
_LABELS = {
    "number": "证书编号",
    "family": "证书种类",
    "category": "类别",
    "grade": "等级",
    "holder_id_number": "身份证号",
    "holder_name": "姓名",
    "holder_sex": "性别",
    "company_code": "统一社会信用代码",
    "company_name": "工作单位",
    "position": "职务",
    "training_body": "培训机构",
    "status": "证书状态",
    "version": "版本",
    "ecert_id": "电子证照标识",
    "photo_sha256": "照片",
    "origin": "原证书编号",
    "issuer": "发证机关",
    "holder_birth_date": "出生日期",
    "first_issued_on": "初次发证日期",
    "valid_from": "有效期起",
    "valid_to": "有效期至",
    "issued_on": "核发日期",
    "old_id_number": "旧身份证号",
}

_CREATE_STAGE = (
    "CREATE TEMP TABLE IF NOT EXISTS register_stage (ord integer NOT NULL, "
    + ", ".join(f"{c} {t}" for c, t in _STAGE_TYPES.items())
    + ", kind varchar(9) NOT NULL DEFAULT 'new', cert_id integer) ON COMMIT DELETE ROWS"
)
_CREATE_TOUCHED = "CREATE TEMP TABLE IF NOT EXISTS register_touched (id_number varchar(18) PRIMARY KEY) ON COMMIT DELETE ROWS"
_DATE_SET = frozenset(DATES)


def _json_of(alias: str, names: tuple[str, ...]) -> str:
    return "json_build_object(" + ", ".join(f"'{n}', {alias}.{n}" for n in names) + ")"


# The payload of app.models.register_rows.payload: the number and every field, dates as ISO text.
_PAYLOAD = _json_of("s", ("number", *FIELDS))
_HOLDER = (
    "json_strip_nulls("
    + _json_of("p", ("id_number", "name", "sex", "birth_date", "old_id_number", "photo_sha256"))
    + ")"
)
_FEED_PAYLOAD = _PAYLOAD[:-1] + f", 'holder', {_HOLDER})"
_SAME = " AND ".join(f"c.{f} IS NOT DISTINCT FROM s.{f}" for f in FIELDS)

_DROP_UNKNOWN_PHOTOS = """
UPDATE register_stage s SET photo_sha256 = NULL
WHERE s.photo_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM central_blobs b WHERE b.sha256 = s.photo_sha256)
"""
# Holders: the batch's last record of each, with the last photo any of its records gave; a value the record
# leaves empty keeps the stored one. Inserted and changed holders are remembered for the feed.
_WRITE_PERSONS = """
WITH wanted AS (
    SELECT DISTINCT ON (holder_id_number) holder_id_number AS id_number, holder_name AS name, holder_sex AS sex,
           holder_birth_date AS birth_date, old_id_number,
           first_value(photo_sha256) OVER (
               PARTITION BY holder_id_number ORDER BY photo_sha256 IS NULL, ord DESC
           ) AS photo_sha256
    FROM register_stage ORDER BY holder_id_number, ord DESC
), added AS (
    INSERT INTO persons (id_number, name, sex, birth_date, old_id_number, photo_sha256, updated_at)
    SELECT w.id_number, w.name, w.sex, w.birth_date, w.old_id_number, w.photo_sha256, :now
    FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id_number = w.id_number)
    RETURNING id_number
), changed AS (
    UPDATE persons p SET name = COALESCE(w.name, p.name), sex = COALESCE(w.sex, p.sex),
           birth_date = COALESCE(w.birth_date, p.birth_date),
           old_id_number = COALESCE(w.old_id_number, p.old_id_number),
           photo_sha256 = COALESCE(w.photo_sha256, p.photo_sha256), updated_at = :now
    FROM wanted w
    WHERE p.id_number = w.id_number
      AND (COALESCE(w.name, p.name), COALESCE(w.sex, p.sex), COALESCE(w.birth_date, p.birth_date),
           COALESCE(w.old_id_number, p.old_id_number), COALESCE(w.photo_sha256, p.photo_sha256))
          IS DISTINCT FROM (p.name, p.sex, p.birth_date, p.old_id_number, p.photo_sha256)
    RETURNING p.id_number
)
INSERT INTO register_touched (id_number) SELECT id_number FROM added UNION ALL SELECT id_number FROM changed
"""
_CLASSIFY = f"""
UPDATE register_stage s SET cert_id = c.id,
       kind = CASE WHEN c.version > s.version THEN 'kept' WHEN {_SAME} THEN 'unchanged' ELSE 'changed' END
FROM certificates c WHERE c.number = s.number
"""
_INSERT_NEW = f"""
INSERT INTO certificates (number, {", ".join(FIELDS)}, updated_at)
SELECT number, {", ".join(FIELDS)}, :now FROM register_stage WHERE kind = 'new' ORDER BY ord
"""
_INSERT_NEW_VERSIONS = f"""
INSERT INTO certificate_versions (certificate_id, version, operation_type, application_number, snapshot,
                                  created_at, created_by, printed_at, voided)
SELECT c.id, s.version, '{IMPORT_OPERATION}', NULL, {_PAYLOAD}, :now, '{IMPORTED_BY}',
       COALESCE(s.issued_on, CAST(:now AS date))::timestamp, false
FROM register_stage s JOIN certificates c ON c.number = s.number WHERE s.kind = 'new'
"""
_UPDATE_CHANGED = f"""
UPDATE certificates c SET {", ".join(f"{f} = s.{f}" for f in FIELDS)}, updated_at = :now
FROM register_stage s WHERE s.kind = 'changed' AND c.id = s.cert_id
"""
_UPDATE_CHANGED_SNAPSHOTS = f"""
UPDATE certificate_versions v SET snapshot = {_PAYLOAD}
FROM register_stage s WHERE s.kind = 'changed' AND v.certificate_id = s.cert_id AND v.version = s.version
"""
# New and changed certificates, and unchanged ones whose holder changed, each with its holder as stored now.
_FEED = f"""
INSERT INTO central_changes_pending (stream, entity, entity_id, op, unit_code, data, at)
SELECT 'registry', 'certificate', s.number, 'upsert', NULL, {_FEED_PAYLOAD}, :now
FROM register_stage s JOIN persons p ON p.id_number = s.holder_id_number
WHERE s.kind IN ('new', 'changed')
   OR (s.kind = 'unchanged' AND EXISTS (SELECT 1 FROM register_touched t WHERE t.id_number = s.holder_id_number))
"""
_COUNTS = "SELECT kind, count(*) FROM register_stage GROUP BY kind"
_CONTEXT = re.compile(r"line (\d+)(?:, column (\w+))?")


def stage_row(i: int, r: dict[str, Any]) -> tuple[Any, ...]:
    """A checked record as the staging table's row: an empty date is no date, a missing version is 1."""
    get = r.get
    return (
        i,
        *(
            (get(c) or None) if c in _DATE_SET else int(get(c) or 1) if c == "version" else get(c)
            for c in _STAGE_TYPES
        ),
    )


def write_batch(s: Session, rows: list[dict[str, Any]], now: datetime) -> dict[str, int]:
    """Persons, certificates, their version rows and feed changes of one checked batch, in `s`'s transaction."""
    conn = s.connection()
    conn.exec_driver_sql(_CREATE_STAGE)
    conn.exec_driver_sql(_CREATE_TOUCHED)
    raw: Any = conn.connection.driver_connection
    copy_sql = f"COPY register_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN"
    try:
        with raw.cursor() as cur, cur.copy(copy_sql) as copy:
            for i, r in enumerate(rows):
                copy.write_row(stage_row(i, r))
    except (psycopg.errors.DataError, psycopg.errors.IntegrityError) as err:
        raise _refusal(err, rows) from None
    # Every join below is the batch against a unique index of a large table. The statistics of a table being
    # filled lag far behind (autovacuum analyses it now and then), so the planner, thinking `persons` or
    # `certificates` small, would hash all of it for each batch: quadratic over an import. Nested loops over
    # the batch, probing the indexes, cost the same at the first batch and the last.
    conn.exec_driver_sql("SET LOCAL enable_hashjoin = off")
    conn.exec_driver_sql("SET LOCAL enable_mergejoin = off")
    params = {"now": now}
    photo_missing = conn.execute(text(_DROP_UNKNOWN_PHOTOS)).rowcount or 0
    conn.execute(text(_WRITE_PERSONS), params)
    conn.execute(text(_CLASSIFY))
    conn.execute(text(_INSERT_NEW), params)
    conn.execute(text(_INSERT_NEW_VERSIONS), params)
    conn.execute(text(_UPDATE_CHANGED), params)
    conn.execute(text(_UPDATE_CHANGED_SNAPSHOTS))
    conn.execute(text(_FEED), params)
    sequence_after_commit(s)
    counts = {"new": 0, "changed": 0, "unchanged": 0, "kept": 0, "photo_missing": int(photo_missing)}
    counts.update({str(kind): int(n) for kind, n in conn.execute(text(_COUNTS))})
    return counts


def _refusal(err: psycopg.Error, rows: list[dict[str, Any]]) -> DomainError:
    """A value PostgreSQL would not take, as a refusal naming the record and the column."""
    context = err.diag.context or ""
    found = _CONTEXT.search(context)
    column = err.diag.column_name or (found.group(2) if found and found.group(2) else "")
    line = int(found.group(1)) if found else 0
    record = rows[line - 1] if 0 < line <= len(rows) else {}
    label = _LABELS.get(column, column or "某一列")
    value = record.get(column) if column else None
    what = "未填写" if value in (None, "") else f"“{value}”不正确（长度或格式不符）"
    number = record.get("number") or "?"
    return DomainError(
        "REGISTER_VALUE",
        f"第{line}条记录（证书{number}）的{label}{what}",
        field=column or None,
        fix="请在导出文件中改正后重新导入。",
    )
