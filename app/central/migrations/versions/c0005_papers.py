"""papers: verification (issue 12)

Revision ID: c0005
Revises: c0004
Create Date: 2026-12-02 06:40:00.000000

Reserved in the chain for this wave's work; it changes nothing until that work fills it in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0005'
down_revision = 'c0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
