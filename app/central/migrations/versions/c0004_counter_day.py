"""counter day: e-certificate identifier uniqueness (issue 10)

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-02 06:40:00.000000

Reserved in the chain for this wave's work; it changes nothing until that work fills it in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0004'
down_revision = 'c0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
