"""Used by the migrations that make e-certificate identifiers unique (local 0003, central c0004).

Stores written before then may hold two certificates with one identifier: the serial was the certificate
number's digits only, so 豫建安A（2026）0000001 and 豫建安B（2026）0000001 (or 特种作业 numbers of two cities)
collided. The first certificate (lowest id) keeps its identifier, as printed; every later one gets the identifier
the current rule derives from its own number, same type code, issuer and version (those can never collide with
the old digit-only ones: the new serial carries the category or city letter)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from app.domain.numbering import ecert_identifier, ecert_serial, parse_ecert_identifier


def rewrite_duplicate_ecert_ids(conn: Connection) -> int:
    """Give every certificate but the first of each shared identifier its own; returns how many changed."""
    rows = conn.execute(
        text(
            "SELECT id, number, ecert_id FROM certificates WHERE ecert_id IN ("
            " SELECT ecert_id FROM certificates WHERE ecert_id IS NOT NULL"
            " GROUP BY ecert_id HAVING COUNT(*) > 1) ORDER BY ecert_id, id"
        )
    ).all()
    seen: set[str] = set()
    changed = 0
    for cert_id, number, ecert_id in rows:
        if ecert_id not in seen:
            seen.add(ecert_id)
            continue
        old = parse_ecert_identifier(ecert_id)
        new = ecert_identifier(
            str(old["type_code"]), str(old["issuer_uscc"]), ecert_serial(number), int(old["version"])
        )
        conn.execute(text("UPDATE certificates SET ecert_id = :e WHERE id = :i"), {"e": new, "i": cert_id})
        changed += 1
    return changed
