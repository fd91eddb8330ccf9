"""Writing reference records (基础库) locally; the code lives in app/core/registry.py, shared with the centre."""

from app.core.registry import (
    add_blacklist,
    add_certificate,
    add_constructor,
    add_score,
    upsert_company,
    upsert_person,
)

__all__ = [
    "add_blacklist",
    "add_certificate",
    "add_constructor",
    "add_score",
    "upsert_company",
    "upsert_person",
]
