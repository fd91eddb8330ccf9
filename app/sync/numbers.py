"""Keeping a supervisor workstation stocked with certificate-number blocks leased from the central store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.numbering import serial_key
from app.models import NumberBlock
from app.services.context import ServiceContext
from app.services.numbers import grant_block, unused_ranges
from app.sync.client import SyncClient


@dataclass(frozen=True)
class StockPolicy:
    low_water: int = 20  # lease another block when fewer serials than this are left for a key
    block_size: int = 100


def serial_keys(ctx: ServiceContext) -> list[tuple[str, str]]:
    """Every (family, serial key) this workstation may issue in: each category, in this workstation's city."""
    keys: set[tuple[str, str]] = set()
    for code, fam in ctx.catalogue.families.items():
        for category in fam.categories:
            keys.add((code, serial_key(code, category, ctx.workstation.city_letter)))
    return sorted(keys)


def remaining(ctx: ServiceContext, family: str, key: str, year: int) -> int:
    with ctx.store.read() as s:
        left = s.execute(
            select(func.coalesce(func.sum(NumberBlock.last - NumberBlock.next + 1), 0)).where(
                NumberBlock.family == family,
                NumberBlock.key == key,
                NumberBlock.year == year,
                NumberBlock.returned.is_(False),
                NumberBlock.next <= NumberBlock.last,
            )
        ).scalar()
    return int(left or 0)


def restock(ctx: ServiceContext, client: SyncClient, year: int, policy: StockPolicy = StockPolicy()) -> int:
    """Lease blocks where stock runs low; returns how many blocks were leased.

    The block id is made here and sent with the lease, so a lost reply repeated returns the same block; a crash
    between the lease and the local grant leaves that block unused centrally, never issued twice.
    """
    leased = 0
    for family, key in serial_keys(ctx):
        if remaining(ctx, family, key, year) >= policy.low_water:
            continue
        block_id = str(uuid.uuid4())
        got = client.lease(block_id, family, key, year, policy.block_size)
        with ctx.store.write() as s:
            exists = s.execute(select(NumberBlock.id).where(NumberBlock.block_id == got["block_id"])).first()
            if exists is None:
                grant_block(s, family, key, year, int(got["first"]), int(got["last"]), got["block_id"])
        leased += 1
    return leased


def report(ctx: ServiceContext, client: SyncClient) -> int:
    """Tell the central store what is left of each block (unused numbers are accounted for, never reused)."""
    ranges = unused_ranges(ctx)
    return client.report_unused(ranges) if ranges else 0
