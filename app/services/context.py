"""What every service call needs: the store, the catalogue, the calendar, the clock and this workstation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.calendar import Calendar, default_calendar
from app.domain.catalogue import Catalogue, default_catalogue
from app.models.db import Store

if TYPE_CHECKING:
    from app.core.authorship import Signer


@dataclass(frozen=True)
class Actor:
    """Who is acting: carried into every audit event and checked against the workflow's roles."""

    username: str
    role: str
    display_name: str = ""
    unit_code: str = "410000"
    # The author key unlocked at login: every outbox entry this person writes is signed with it.
    signer: Signer | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Workstation:
    unit_code: str = "410000"
    unit_name: str = "河南省住房和城乡建设厅政务服务窗口"
    counter_no: str = "01"
    code: str = "WS-01"
    city_letter: str = "A"  # 发证地市代码 used in special-operations numbers (A = 郑州)
    issuer_uscc: str = ""  # 发证机关统一社会信用代码, in e-certificate identifiers; set by the administrator


@dataclass
class ServiceContext:
    store: Store
    catalogue: Catalogue = field(default_factory=default_catalogue)
    calendar: Calendar = field(default_factory=default_calendar)
    workstation: Workstation = field(default_factory=Workstation)
    data_dir: Path | None = None
    clock: Callable[[], datetime] = datetime.now
    # Standalone (no central store): this workstation may grant itself certificate-number blocks.
    local_number_authority: bool = True

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
