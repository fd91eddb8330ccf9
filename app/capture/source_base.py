"""What every capture source hands out, and the interface the capture screen talks to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from app.domain.errors import DomainError


@dataclass(frozen=True)
class CapturedItem:
    """One captured file (or one page of a PDF): what the clerk sees as its name, and its bytes."""

    name: str
    data: bytes
    origin: str = ""  # the path or device it came from, for the audit trail
    page: int | None = None  # 1-based page of a split PDF


@dataclass(frozen=True)
class CaptureFailure:
    """A file the source refused; the others carry on."""

    name: str
    error: DomainError
    origin: str = ""


@runtime_checkable
class CaptureSource(Protocol):
    name: str

    def available(self) -> tuple[bool, str]:
        """(True, "") or (False, why not, in Chinese)."""
        ...

    def capture(self) -> Iterator[CapturedItem | CaptureFailure]:
        """What is ready now. Call finish() for each item once it is stored or refused."""
        ...

    def finish(self, item: CapturedItem, error: DomainError | None = None) -> None:
        """Tell the source the item was stored (error None) or refused by the pipeline."""
        ...
