"""Plumbing the benchmarks share: scratch PostgreSQL databases, the rounds a run makes, and a run of valid ID
numbers to fill stores with."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

import psycopg
from psycopg import sql

from app.domain.identifiers import resident_id_check_char

PG_ADMIN = os.environ.get("COUNTERDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# What the benchmarks' certificates hold alike, in the order of the certificate's fields: one company, valid from
# 2024-03-01 to 2027-02-28, first issued in 2019.
CERTIFICATE_TERMS: dict[str, Any] = {
    "company_code": None,
    "company_name": "河南测试建设有限公司",
    "position": None,
    "training_body": None,
    "status": "01",
    "first_issued_on": "2019-03-01",
    "valid_from": "2024-03-01",
    "valid_to": "2027-02-28",
    "issued_on": "2024-03-01",
}


def create_database(name: str) -> str:
    """A new empty database on the benchmark's server; its URL (psycopg's form)."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop_database(name: str) -> None:
    """Drop a database `create_database` made, closing whatever is still connected to it."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def sqlalchemy_url(url: str) -> str:
    """A psycopg URL as SQLAlchemy (the central store) takes it."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def rounds(variable: str, n: int) -> int:
    """The rounds from `variable`; by default three at 1,000,000 rows (a round there takes minutes), five below."""
    return int(os.environ.get(variable, "3" if n >= 1_000_000 else "5"))


def resident_id(n: int) -> str:
    """The n-th of a run of distinct valid ID numbers (900 a day of birth from 1950 on)."""
    birth = date(1950, 1, 1) + timedelta(days=n // 900)
    first17 = f"410105{birth:%Y%m%d}{n % 900 + 100:03d}"
    return first17 + resident_id_check_char(first17)


__all__ = [
    "CERTIFICATE_TERMS",
    "PG_ADMIN",
    "create_database",
    "drop_database",
    "resident_id",
    "rounds",
    "sqlalchemy_url",
]
