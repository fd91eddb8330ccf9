"""Certificate-number blocks (证书编号段): the central store is the only source of serials, so none repeats."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.central.auth import Principal, utcnow
from app.central.feed import Journal
from app.central.models import LeasedBlock, NumberCounter
from app.central.schemas import LeaseAnswer, LeaseRequest, UnusedRange
from app.domain.errors import DomainError
from app.models.db import Store


def _answer(b: LeasedBlock) -> LeaseAnswer:
    return LeaseAnswer(
        block_id=b.block_id, family=b.family, key=b.key, year=b.year, first=b.first, last=b.last
    )


def lease(store: Store, p: Principal, req: LeaseRequest) -> LeaseAnswer:
    """Lease a block; the client's block_id makes a repeated request (lost reply) return the same block."""
    block_id = str(req.block_id)
    for _ in range(3):
        try:
            with store.write() as s:
                existing = s.get(LeasedBlock, block_id)
                if existing is not None:
                    if existing.workstation_code != (p.workstation or "") or existing.family != req.family:
                        raise DomainError(
                            "BLOCK_ID_TAKEN", "编号段标识已被使用", field="block_id", fix="请重新领取编号段。"
                        )
                    return _answer(existing)
                counter = s.execute(
                    select(NumberCounter)
                    .where(
                        NumberCounter.family == req.family,
                        NumberCounter.key == req.key,
                        NumberCounter.year == req.year,
                    )
                    .with_for_update()
                ).scalar_one_or_none()
                if counter is None:
                    counter = NumberCounter(family=req.family, key=req.key, year=req.year, next_serial=1)
                    s.add(counter)
                    s.flush()
                first = counter.next_serial
                last = first + req.size - 1
                counter.next_serial = last + 1
                block = LeasedBlock(
                    block_id=block_id,
                    family=req.family,
                    key=req.key,
                    year=req.year,
                    first=first,
                    last=last,
                    workstation_code=p.workstation or "",
                    username=p.username,
                    leased_at=utcnow(),
                )
                s.add(block)
                journal = Journal()
                journal.audit(
                    p.username,
                    "central.number_lease",
                    "number_block",
                    block_id,
                    {"family": req.family, "key": req.key, "year": req.year, "first": first, "last": last},
                )
                s.flush()
                journal.flush(s, utcnow())
                return _answer(block)
        except IntegrityError:
            continue  # two first leases of a new counter raced; the loser reads the winner's row
    raise DomainError("LEASE_BUSY", "编号段分配繁忙", fix="请稍后重试。")


def report(store: Store, p: Principal, ranges: list[UnusedRange]) -> int:
    """Record what is left of each block this workstation holds; returns how many blocks were updated."""
    now = utcnow()
    count = 0
    with store.write() as s:
        for r in ranges:
            block = s.get(LeasedBlock, str(r.block_id))
            if block is None or block.workstation_code != (p.workstation or ""):
                continue
            # Usage only grows: an older report arriving late must not give numbers back.
            block.first_unused = max(block.first_unused or block.first, min(r.first_unused, block.last + 1))
            block.reported_at = now
            count += 1
    return count
