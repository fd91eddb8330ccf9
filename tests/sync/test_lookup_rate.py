"""提取 at the centre is rate-limited per workstation: a clerk never meets the limit, a script walking the register
does, and is told in Chinese how long to wait; the window slides."""

from __future__ import annotations

import pytest

from app.central.registry_lookup import LookupRate, TooManyLookups


def test_lookups_per_minute_per_workstation() -> None:
    now = [1000.0]
    rate = LookupRate(limit=3, clock=lambda: now[0])
    for _ in range(3):
        rate.check("WS-02")
    rate.check("WS-03")  # another workstation has its own allowance
    now[0] += 20
    with pytest.raises(TooManyLookups) as info:
        rate.check("WS-02")
    assert info.value.status == 429
    assert info.value.message == "向中心查询过于频繁（每分钟最多 3 次）"
    assert info.value.fix is not None and info.value.fix.startswith("请 41 秒后再提取")
    now[0] += 40  # a minute after the first lookups
    rate.check("WS-02")
