"""The state machine: who may make each move, reasons, withdrawal, maker-checker."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError, PermissionDenied
from app.domain.workflow import Action, Role, Status, allowed_actions, check_transition


def test_clerk_actions_on_received():
    assert allowed_actions(Status.RECEIVED, Role.CLERK) == [
        Action.WITHDRAW,
        Action.ACCEPT,
        Action.REFUSE,
        Action.REQUEST_CORRECTION,
    ]
    assert allowed_actions(Status.ACCEPTED, Role.CLERK) == []
    assert allowed_actions(Status.ACCEPTED, Role.SUPERVISOR) == [
        Action.START_REVIEW,
        Action.APPROVE,
        Action.RETURN,
    ]


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.RECEIVED])
def test_withdraw_only_from_received(status):
    with pytest.raises(DomainError) as err:
        check_transition(Action.WITHDRAW, status, Role.CLERK, actor="c", reason="本人要求")
    assert err.value.code in ("WITHDRAW_NOT_RECEIVED",)


@pytest.mark.parametrize("action", [Action.REFUSE, Action.REQUEST_CORRECTION, Action.WITHDRAW])
def test_reason_required(action):
    with pytest.raises(DomainError) as err:
        check_transition(
            action, Status.RECEIVED, Role.CLERK, actor="c", reason="  ", missing_items=["身份证"]
        )
    assert err.value.code == "REASON_REQUIRED" and err.value.field == "reason"


def test_correction_lists_every_missing_item():
    with pytest.raises(DomainError) as err:
        check_transition(
            Action.REQUEST_CORRECTION,
            Status.RECEIVED,
            Role.CLERK,
            actor="c",
            reason="补正",
            missing_items=[" "],
        )
    assert err.value.code == "MISSING_ITEMS_REQUIRED"
    assert (
        check_transition(
            Action.REQUEST_CORRECTION,
            Status.RECEIVED,
            Role.CLERK,
            actor="c",
            reason="补正",
            missing_items=["身份证（国徽面）"],
        )
        is Status.CORRECTION
    )


def test_maker_checker():
    with pytest.raises(PermissionDenied) as err:
        check_transition(Action.APPROVE, Status.ACCEPTED, Role.SUPERVISOR, actor="sup01", received_by="sup01")
    assert err.value.code == "MAKER_CHECKER"
    assert (
        check_transition(
            Action.APPROVE, Status.ACCEPTED, Role.SUPERVISOR, actor="sup01", received_by="clerk01"
        )
        is Status.APPROVED
    )


def test_clerk_cannot_approve():
    with pytest.raises(PermissionDenied) as err:
        check_transition(Action.APPROVE, Status.ACCEPTED, Role.CLERK, actor="clerk01", received_by="clerk02")
    assert err.value.code == "ROLE_FORBIDDEN" and "窗口受理员" in err.value.message


def test_lapse_is_a_deadline_not_a_button():
    """逾期未补正 moves 待补正 to 已撤回 for whoever runs the check, and no screen offers it as a move."""
    for role in Role:
        assert Action.LAPSE not in allowed_actions(Status.CORRECTION, role)
        assert check_transition(Action.LAPSE, Status.CORRECTION, role, actor="x") is Status.WITHDRAWN
    with pytest.raises(DomainError):
        check_transition(Action.LAPSE, Status.RECEIVED, Role.CLERK, actor="x")
