"""scale: feed ordering by transaction watermark, stream/unit index (issue 15)

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-02 06:40:00.000000

Reserved in the chain for this wave's work; it changes nothing until that work fills it in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0006'
down_revision = 'c0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
