"""What every service call needs: the store, the catalogue, the calendar, the clock and this workstation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.calendar import Calendar, default_calendar
from app.domain.catalogue import Catalogue, default_catalogue
from app.models.db import Store

if TYPE_CHECKING:
    from app.core.authorship import Signer
    from app.services.catalogue import Catalogues


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
    # resources/catalogue.yaml: the catalogue until a version published by the central store arrives.
    shipped_catalogue: Catalogue = field(default_factory=default_catalogue)
    calendar: Calendar = field(default_factory=default_calendar)
    workstation: Workstation = field(default_factory=Workstation)
    data_dir: Path | None = None
    clock: Callable[[], datetime] = datetime.now
    # Standalone (no central store): this workstation may grant itself certificate-number blocks.
    local_number_authority: bool = True
    _catalogues: Catalogues | None = field(default=None, init=False, repr=False)

    @property
    def catalogues(self) -> Catalogues:
        if self._catalogues is None:
            from app.services.catalogue import Catalogues

            self._catalogues = Catalogues(self.store, self.shipped_catalogue)
        return self._catalogues

    @property
    def catalogue(self) -> Catalogue:
        """The current catalogue, for new applications: the newest version received from the central store."""
        return self.catalogues.current()

    @catalogue.setter
    def catalogue(self, value: Catalogue) -> None:
        self.shipped_catalogue, self._catalogues = value, None

    def catalogue_for(self, app: Any) -> Catalogue:
        """The catalogue an application (or its view) was taken under: its conditions and materials are those."""
        return self.catalogues.version(getattr(app, "catalogue_version", None))

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()
