"""What every Excel export shares: Chinese names looked up once, streaming reads, progress with cancel, saving."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.errors import DomainError
from app.domain.workflow import STATUS_NAMES, Status
from app.excel.table import save
from app.models import User
from app.services.context import ServiceContext

Progress = Callable[[int, int | None], bool]


STREAM_ROWS = 2000
# The statuses in which the counter (not the applicant) owes the next step: what "overdue" is measured on.


class Names:
    """Chinese names of items, families, statuses and users, looked up once per export."""

    def __init__(self, ctx: ServiceContext, s: Session) -> None:
        self.ctx = ctx
        self.users: dict[str, str] = {u: n for u, n in s.execute(select(User.username, User.display_name))}

    def item(self, code: str) -> str:
        item = self.ctx.catalogue.items.get(code)
        return item.name if item else code

    def family(self, code: str) -> str:
        fam = self.ctx.catalogue.families.get(code)
        return fam.name if fam else code

    def status(self, code: str) -> str:
        try:
            return STATUS_NAMES[Status(code)]
        except ValueError:
            return code

    def user(self, username: str | None) -> str | None:
        if not username:
            return None
        return self.users.get(username, username)


def stream(s: Session, query: Any) -> Iterator[Any]:
    yield from s.execute(query.execution_options(yield_per=STREAM_ROWS))


def count(s: Session, query: Any) -> int:
    return int(s.execute(select(func.count()).select_from(query.subquery())).scalar() or 0)


class Ticker:
    def __init__(self, progress: Progress | None, total: int | None, path: Path) -> None:
        self.progress, self.total, self.path, self.done = progress, total, path, 0

    def tick(self) -> None:
        self.done += 1
        if (
            self.progress is not None
            and self.done % 1000 == 0
            and self.progress(self.done, self.total) is False
        ):
            raise DomainError("EXPORT_CANCELLED", f"已取消导出“{self.path.name}”", fix="需要时请重新导出。")

    def end(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.done)


def finish(wb: Any, path: Path, ticker: Ticker) -> Path:
    ticker.end()
    return save(wb, path)


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise DomainError(
            "PERIOD_INVALID",
            f"结束日期{date_to:%Y-%m-%d}早于开始日期{date_from:%Y-%m-%d}",
            field="date_to",
            fix="请把结束日期改为不早于开始日期的日期。",
        )
