"""sync authority: author keys on accounts, entry signatures, provisional certificates (issue 11/10)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:40:00.000000

Reserved in the chain for this wave's work; it changes nothing until that work fills it in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
