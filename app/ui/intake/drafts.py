"""The local draft journal: every change to an intake form is written to <data_dir>/drafts/<uuid>.json at once,
so that a crash or a power cut between two database autosaves still loses nothing the clerk typed.

Plain Python without Qt; the screen writes through the task runner's I/O pool. Writes may finish out of order
on that pool, so each carries a sequence number and an older one never replaces a newer one.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError, NotFoundError
from app.domain.workflow import Status
from app.paths import data_dir as default_data_dir
from app.services import intake
from app.services.context import ServiceContext
from app.ui.intake.search import write_json_atomic

JOURNAL_VERSION = 1
# Statuses whose form the intake screen takes up again: a draft, or an application sent back for correction.
_RESUMABLE = (Status.DRAFT.value, Status.CORRECTION.value)


def drafts_dir(ctx: ServiceContext) -> Path:
    return (ctx.data_dir or default_data_dir()) / "drafts"


@dataclass
class DraftState:
    """Everything on the intake screen that the clerk entered."""

    uuid: str
    username: str
    item_code: str
    form: dict[str, Any] = field(default_factory=dict)
    conditions: list[int] = field(default_factory=list)
    material_states: dict[str, str] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    autofilled: list[str] = field(default_factory=list)
    step: int = 0
    saved_at: str = ""
    # A correction (补正) being taken in: the application was submitted and sent back; what the notice asked and
    # its deadline always come from the store, never from the journal.
    correction: bool = False
    missing_items: list[str] = field(default_factory=list)
    due_on: str = ""
    number: str = ""  # the application number once submitted: the rules do not count it as "another open one"
    catalogue_version: int = (
        0  # the catalogue version the draft was taken under (from the store; 0 = current)
    )

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JOURNAL_VERSION,
            "uuid": self.uuid,
            "username": self.username,
            "item_code": self.item_code,
            "form": self.form,
            "conditions": self.conditions,
            "material_states": self.material_states,
            "pages": self.pages,
            "autofilled": self.autofilled,
            "step": self.step,
            "saved_at": self.saved_at,
            "correction": self.correction,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DraftState:
        return cls(
            uuid=str(data["uuid"]),
            username=str(data.get("username", "")),
            item_code=str(data["item_code"]),
            form={str(k): v for k, v in dict(data.get("form") or {}).items()},
            conditions=[int(c) for c in data.get("conditions") or []],
            material_states={str(k): str(v) for k, v in dict(data.get("material_states") or {}).items()},
            pages={str(k): int(v) for k, v in dict(data.get("pages") or {}).items()},
            autofilled=[str(n) for n in data.get("autofilled") or []],
            step=int(data.get("step", 0)),
            saved_at=str(data.get("saved_at", "")),
            correction=bool(data.get("correction", False)),
        )


class DraftJournal:
    """The journal file of one draft; `write` may be called from any thread."""

    def __init__(self, ctx: ServiceContext, uuid: str) -> None:
        self.path = drafts_dir(ctx) / f"{uuid}.json"
        self._lock = threading.Lock()
        self._written = 0
        self._seq = 0
        self._closed = False

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def write(self, state: DraftState, seq: int) -> bool:
        """Write `state` unless a newer one is already on disk or the journal was removed."""
        with self._lock:
            if self._closed or seq <= self._written:
                return False
            write_json_atomic(self.path, state.to_json())
            self._written = seq
            return True

    def remove(self) -> None:
        """The draft was submitted or discarded: nothing left to recover."""
        with self._lock:
            self._closed = True
            self.path.unlink(missing_ok=True)


def read_journal(ctx: ServiceContext, uuid: str) -> DraftState | None:
    try:
        return DraftState.from_json(
            json.loads((drafts_dir(ctx) / f"{uuid}.json").read_text(encoding="utf-8"))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class RecoverableDraft:
    """A draft the clerk left unfinished; `label` is ready to show."""

    uuid: str
    item_code: str
    item_name: str
    applicant: str
    id_number: str
    saved_at: str
    correction: bool = False

    @property
    def label(self) -> str:
        who = " ".join(p for p in (self.applicant, self.id_number) if p) or "（未填写申请人）"
        mark = "【补正】" if self.correction else ""
        return f"{mark}{self.item_name}　{who}　{self.saved_at[:16].replace('T', ' ')}"


def find_recoverable_drafts(ctx: ServiceContext, username: str) -> list[RecoverableDraft]:
    """Unfinished drafts of this user: journals on disk whose application is still a draft (or never reached
    the database) or a correction being taken in, newest first. Reads the database: call it through the task runner (`run_db`).

    Journals of applications that were submitted or deleted meanwhile are removed.
    """
    folder = drafts_dir(ctx)
    found: list[RecoverableDraft] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        state = read_journal(ctx, path.stem)
        if state is None or state.username != username or state.item_code not in ctx.catalogue.items:
            continue
        try:
            view = intake.get(ctx, state.uuid)
        except NotFoundError:
            view = None
        if view is not None and view.status not in _RESUMABLE:
            path.unlink(missing_ok=True)
            continue
        item = ctx.catalogue.item(state.item_code)
        found.append(
            RecoverableDraft(
                uuid=state.uuid,
                item_code=state.item_code,
                item_name=item.short_name,
                applicant=str(state.form.get("name") or ""),
                id_number=str(state.form.get("id_number") or ""),
                saved_at=state.saved_at,
                correction=view is not None and view.status == Status.CORRECTION.value,
            )
        )
    found.sort(key=lambda d: d.saved_at, reverse=True)
    return found


def load_draft(ctx: ServiceContext, username: str, uuid: str) -> DraftState:
    """The freshest copy of a draft: the journal when it is at least as new as the database row, else the row.
    Reads the database: call it through the task runner."""
    journal = read_journal(ctx, uuid)
    try:
        view = intake.get(ctx, uuid)
    except NotFoundError:
        if journal is None:
            raise
        return journal
    if view.status not in _RESUMABLE:
        raise DomainError(
            "NOT_DRAFT",
            f"办件 {view.number or ''} 已提交，不能再作为草稿继续办理",
            field="status",
            fix="请在办件列表中打开该办件查看或办理。",
        )
    correction = view.status == Status.CORRECTION.value
    missing = list(view.missing_items) if correction else []
    due = view.due_on.isoformat() if correction and view.due_on else ""
    if journal is not None and _when(journal.saved_at) >= view.updated_at:
        return replace(
            journal,
            correction=correction,
            missing_items=missing,
            due_on=due,
            number=view.number or "",
            catalogue_version=view.catalogue_version,
        )
    return DraftState(
        uuid=view.uuid,
        username=username,
        item_code=view.item_code,
        form=dict(view.form),
        conditions=list(view.conditions),
        material_states=dict(view.material_states),
        pages=dict(journal.pages) if journal else {},
        autofilled=list(journal.autofilled) if journal else [],
        step=journal.step if journal else 0,
        saved_at=view.updated_at.isoformat(),
        correction=correction,
        missing_items=missing,
        due_on=due,
        number=view.number or "",
        catalogue_version=view.catalogue_version,
    )


def _when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return datetime.min


def now_text(ctx: ServiceContext) -> str:
    return ctx.now().isoformat(timespec="microseconds")
