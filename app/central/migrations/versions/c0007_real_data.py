"""real data: certificate register, calendar, catalogue (issue 13)

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-02 06:40:00.000000

Reserved in the chain for this wave's work; it changes nothing until that work fills it in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0007'
down_revision = 'c0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
