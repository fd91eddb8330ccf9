"""Captured files into the material store: prepare (image work) on the io pool, attach (one transaction) on the
database worker, in capture order. Each item succeeds or fails on its own, so one corrupt file never costs the
pages captured before or after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.capture.source_base import CapturedItem, CaptureFailure
from app.services import materials
from app.services.context import Actor, ServiceContext
from app.ui.capture.common import MaterialTarget, alive
from app.ui.tasks import TaskRunner


@dataclass
class _Slot:
    item: CapturedItem | CaptureFailure
    target: MaterialTarget
    source: str
    pages: list[Any] | None = None
    error: BaseException | None = None
    done: bool = False


class IngestQueue(QObject):
    """Prepares captured items in parallel and attaches them strictly in the order they were captured."""

    stored = Signal(str, object)  # material code, [PageView] just attached
    failed = Signal(str, object)  # item name, the exception (a DomainError carries message and fix)
    idle = Signal()

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        ref: str | int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.actor, self.runner, self.ref = ctx, actor, runner, ref
        self._queue: list[_Slot] = []  # waiting to be attached, in capture order
        self._attaching = 0

    @property
    def pending(self) -> int:
        """Items captured but not yet stored or refused."""
        return len(self._queue) + self._attaching

    def submit(
        self, items: Iterable[CapturedItem | CaptureFailure], target: MaterialTarget, source: str
    ) -> int:
        slots = [_Slot(item, target, source) for item in items]
        self._queue.extend(slots)
        for slot in slots:
            if isinstance(slot.item, CaptureFailure):
                slot.error, slot.done = slot.item.error, True
                continue
            item, kind = slot.item, target.kind
            self.runner.run_io(
                lambda item=item, kind=kind: materials.prepare(kind, item.name, item.data),
                alive(self, lambda pages, slot=slot: self._prepared(slot, pages, None)),
                alive(self, lambda exc, slot=slot: self._prepared(slot, None, exc)),
            )
        self._flush()
        return len(slots)

    def _prepared(self, slot: _Slot, pages: list[Any] | None, error: BaseException | None) -> None:
        slot.pages, slot.error, slot.done = pages, error, True
        self._flush()

    def _flush(self) -> None:
        # The database worker runs jobs in submission order, so submitting the ready prefix keeps page order.
        while self._queue and self._queue[0].done:
            slot = self._queue.pop(0)
            if slot.error is not None:
                self.failed.emit(slot.item.name, slot.error)
                continue
            self._attaching += 1
            pages, target = slot.pages or [], slot.target
            self.runner.run_db(
                lambda pages=pages, target=target, source=slot.source: materials.attach(
                    self.ctx, self.actor, self.ref, target.code, pages, source=source
                ),
                alive(self, lambda views, target=target: self._attached(target.code, views, None, "")),
                alive(self, lambda exc, name=slot.item.name: self._attached("", None, exc, name)),
            )
        self._maybe_idle()

    def _attached(self, code: str, views: list[Any] | None, error: BaseException | None, name: str) -> None:
        self._attaching -= 1
        if error is not None:
            self.failed.emit(name, error)
        else:
            self.stored.emit(code, views or [])
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if self.pending == 0:
            self.idle.emit()
