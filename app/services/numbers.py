"""Certificate numbers (证书编号): serials come from blocks leased from the central store, so issuance works offline."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.catalogue import Family
from app.domain.errors import DomainError
from app.domain.numbering import NumberFormat, serial_key
from app.models import Certificate, NumberBlock
from app.services.context import ServiceContext

LOCAL_BLOCK_SIZE = 500


def grant_block(
    s: Session, family: str, key: str, year: int, first: int, last: int, block_id: str | None = None
) -> NumberBlock:
    block = NumberBlock(
        block_id=block_id or str(uuid.uuid4()),
        family=family,
        key=key,
        year=year,
        first=first,
        last=last,
        next=first,
        leased_at=func.now(),
    )
    s.add(block)
    s.flush()
    return block


def _grant_locally(s: Session, family: str, key: str, year: int) -> NumberBlock:
    # Standalone: continue after the highest serial handed out on this machine, so a reset never repeats a number.
    top = s.execute(
        select(func.max(NumberBlock.last)).where(
            NumberBlock.family == family, NumberBlock.key == key, NumberBlock.year == year
        )
    ).scalar()
    first = (top or 0) + 1
    return grant_block(s, family, key, year, first, first + LOCAL_BLOCK_SIZE - 1)


def next_serial(s: Session, ctx: ServiceContext, family: str, key: str, year: int) -> int:
    block = s.execute(
        select(NumberBlock)
        .where(
            NumberBlock.family == family,
            NumberBlock.key == key,
            NumberBlock.year == year,
            NumberBlock.returned.is_(False),
            NumberBlock.next <= NumberBlock.last,
        )
        .order_by(NumberBlock.first)
        .limit(1)
    ).scalar_one_or_none()
    if block is None:
        if not ctx.local_number_authority:
            raise DomainError(
                "NO_NUMBER_BLOCK",
                "本工作站没有可用的证书编号段，暂不能发证",
                field="certificate_number",
                fix="请联网后点击“立即同步”领取编号段；编号段由省级中心统一分配，不会重号。",
            )
        block = _grant_locally(s, family, key, year)
    serial = block.next
    block.next += 1
    return serial


def certificate_number(fam: Family, category: str, city: str, year: int, serial: int) -> str:
    """A number in the family's configured format; the category is the 安管 category or the trade code."""
    return NumberFormat(fam.number_format).format(
        category=category, trade=category, city=city, year=year, serial=serial
    )


def allocate_number(
    s: Session, ctx: ServiceContext, family: str, category: str, city: str | None = None
) -> str:
    fam = ctx.catalogue.family(family)
    year = ctx.today().year
    city = city or ctx.workstation.city_letter
    key = serial_key(family, category, city)
    while True:
        number = certificate_number(fam, category, city, year, next_serial(s, ctx, family, key, year))
        # Demo or imported data may already hold a number inside a fresh block; never hand it out twice.
        if s.execute(select(Certificate.id).where(Certificate.number == number)).first() is None:
            return number


def unused_ranges(ctx: ServiceContext) -> list[dict[str, object]]:
    """What is left of each leased block, to report back to the central store."""
    with ctx.store.read() as s:
        rows = s.execute(
            select(NumberBlock).where(NumberBlock.returned.is_(False), NumberBlock.next <= NumberBlock.last)
        ).scalars()
        return [
            {
                "block_id": b.block_id,
                "family": b.family,
                "key": b.key,
                "year": b.year,
                "first_unused": b.next,
                "last": b.last,
            }
            for b in rows
        ]
