"""The application state machine (办件状态) and who may make each move."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import DomainError, PermissionDenied


class Status(StrEnum):
    DRAFT = "draft"
    RECEIVED = "received"  # 收件
    ACCEPTED = "accepted"  # 受理
    UNDER_REVIEW = "under_review"  # 审核
    APPROVED = "approved"  # 办结（准予）
    RETURNED = "returned"  # 退件
    CORRECTION = "correction_requested"  # 补正
    REFUSED = "refused"  # 不予受理
    WITHDRAWN = "withdrawn"  # 撤回


STATUS_NAMES: dict[Status, str] = {
    Status.DRAFT: "草稿",
    Status.RECEIVED: "收件",
    Status.ACCEPTED: "受理",
    Status.UNDER_REVIEW: "审核中",
    Status.APPROVED: "办结（准予）",
    Status.RETURNED: "退件",
    Status.CORRECTION: "待补正",
    Status.REFUSED: "不予受理",
    Status.WITHDRAWN: "已撤回",
}

# An application in one of these blocks a new one for the same ID number (seed 001 FAQ 8).
OPEN_STATUSES: frozenset[Status] = frozenset(
    {Status.RECEIVED, Status.ACCEPTED, Status.UNDER_REVIEW, Status.CORRECTION}
)
FINAL_STATUSES: frozenset[Status] = frozenset(
    {Status.APPROVED, Status.RETURNED, Status.REFUSED, Status.WITHDRAWN}
)


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_NAMES: dict[Role, str] = {Role.CLERK: "窗口受理员", Role.SUPERVISOR: "审核人", Role.ADMIN: "管理员"}


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    ACCEPT = "accept"
    REFUSE = "refuse"
    REQUEST_CORRECTION = "request_correction"
    RESUBMIT = "resubmit"
    LAPSE = "lapse"  # the correction deadline passed: treated as withdrawn (补正告知书)
    START_REVIEW = "start_review"
    APPROVE = "approve"
    RETURN = "return"


ACTION_NAMES: dict[Action, str] = {
    Action.SUBMIT: "提交收件",
    Action.WITHDRAW: "撤回",
    Action.ACCEPT: "受理",
    Action.REFUSE: "不予受理",
    Action.REQUEST_CORRECTION: "一次性告知补正",
    Action.RESUBMIT: "补正后重新提交",
    Action.LAPSE: "逾期未补正（视为撤回）",
    Action.START_REVIEW: "开始审核",
    Action.APPROVE: "审核通过（办结）",
    Action.RETURN: "退件",
}


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    needs_reason: bool = False
    by_hand: bool = True  # offered as a button; False for what a deadline does (the daily check makes it)


_COUNTER = frozenset({Role.CLERK, Role.ADMIN})
_BACK_OFFICE = frozenset({Role.SUPERVISOR, Role.ADMIN})
_ANYONE = frozenset(Role)

TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.RECEIVED, _COUNTER),
        Transition(
            Action.WITHDRAW, frozenset({Status.RECEIVED}), Status.WITHDRAWN, _COUNTER, needs_reason=True
        ),
        Transition(Action.ACCEPT, frozenset({Status.RECEIVED}), Status.ACCEPTED, _COUNTER),
        Transition(Action.REFUSE, frozenset({Status.RECEIVED}), Status.REFUSED, _COUNTER, needs_reason=True),
        Transition(
            Action.REQUEST_CORRECTION,
            frozenset({Status.RECEIVED}),
            Status.CORRECTION,
            _COUNTER,
            needs_reason=True,
        ),
        Transition(Action.RESUBMIT, frozenset({Status.CORRECTION}), Status.RECEIVED, _COUNTER),
        # Whoever is logged in when the check runs records it; nobody decides it.
        Transition(Action.LAPSE, frozenset({Status.CORRECTION}), Status.WITHDRAWN, _ANYONE, by_hand=False),
        Transition(Action.START_REVIEW, frozenset({Status.ACCEPTED}), Status.UNDER_REVIEW, _BACK_OFFICE),
        Transition(
            Action.APPROVE, frozenset({Status.ACCEPTED, Status.UNDER_REVIEW}), Status.APPROVED, _BACK_OFFICE
        ),
        Transition(
            Action.RETURN,
            frozenset({Status.ACCEPTED, Status.UNDER_REVIEW}),
            Status.RETURNED,
            _BACK_OFFICE,
            needs_reason=True,
        ),
    )
}


def allowed_actions(status: Status | str, role: Role | str) -> list[Action]:
    """The moves this role may make from this status, in the order a screen should offer them."""
    st, rl = Status(status), Role(role)
    return [a for a, t in TRANSITIONS.items() if st in t.sources and rl in t.roles and t.by_hand]


def check_transition(
    action: Action | str,
    status: Status | str,
    role: Role | str,
    *,
    actor: str,
    received_by: str | None = None,
    reason: str | None = None,
    missing_items: list[str] | None = None,
) -> Status:
    """Validate one move and return the new status; raise a DomainError that says why not."""
    act = Action(action)
    t = TRANSITIONS[act]
    st, rl = Status(status), Role(role)
    if rl not in t.roles:
        raise PermissionDenied(
            "ROLE_FORBIDDEN",
            f"{ROLE_NAMES[rl]}不能执行“{ACTION_NAMES[act]}”",
            fix="请由有权限的人员办理。",
        )
    if st not in t.sources:
        if act is Action.WITHDRAW:
            raise DomainError(
                "WITHDRAW_NOT_RECEIVED",
                f"办件当前状态为“{STATUS_NAMES[st]}”，只有“收件”状态的办件才能撤回",
                field="status",
                fix="已受理的办件不能主动撤回；如需终止，请等待审核结果或联系审核人员。",
            )
        raise DomainError(
            "TRANSITION_INVALID",
            f"办件当前状态为“{STATUS_NAMES[st]}”，不能执行“{ACTION_NAMES[act]}”",
            field="status",
            fix="请刷新办件后按当前状态办理。",
        )
    if t.needs_reason and not (reason and reason.strip()):
        raise DomainError(
            "REASON_REQUIRED",
            f"“{ACTION_NAMES[act]}”必须填写原因",
            field="reason",
            fix="原因将以短信发送给申请人，请写清楚并告知如何处理。",
        )
    if act is Action.REQUEST_CORRECTION and not [m for m in (missing_items or []) if m.strip()]:
        raise DomainError(
            "MISSING_ITEMS_REQUIRED",
            "一次性告知补正必须列出全部需要补正的材料或内容",
            field="missing_items",
            fix="请逐项勾选或填写需要补正的内容。",
        )
    if act is Action.APPROVE and received_by is not None and received_by == actor:
        raise PermissionDenied(
            "MAKER_CHECKER",
            "收件人不能审核自己收件的办件",
            field="decided_by",
            fix="请由另一位审核人员审核此办件。",
        )
    return t.target
