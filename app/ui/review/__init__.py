"""The supervisor's review (审核): queue, form beside materials, rules, approve/return, batch approval."""

from app.ui.review.screen import ReviewScreen

__all__ = ["ReviewScreen"]
