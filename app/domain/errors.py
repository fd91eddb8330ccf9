"""Domain errors carry a code for the program and a Chinese message and fix for the clerk."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """A refusal the user can act on: `message` says what is wrong, `fix` what to do about it."""

    def __init__(self, code: str, message: str, *, field: str | None = None, fix: str | None = None) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.field = field
        self.fix = fix

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field, "fix": self.fix}

    def user_text(self) -> str:
        """One line for a message box: what is wrong, then how to fix it."""
        text = self.message
        if self.fix:
            text += f"\n处理办法：{self.fix}"
        return text


class NotFoundError(DomainError):
    """The thing asked for does not exist in the store."""


class PermissionDenied(DomainError):
    """The user's role or identity does not allow the action."""


class ConflictError(DomainError):
    """The record changed since it was read (stale version) or a uniqueness rule holds."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field; validators collect these instead of stopping at the first."""

    field: str
    code: str
    message: str
    fix: str | None = None


@dataclass
class ValidationFailed(Exception):
    """Several field problems at once (一次性告知)."""

    problems: list[FieldProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "；".join(f"{p.field}: {p.message}" for p in self.problems)
