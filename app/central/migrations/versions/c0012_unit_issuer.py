"""the issuing unit's code held centrally (central_units)

Revision ID: c0012
Revises: c0009
Create Date: 2026-12-02 12:30:00.000000

The unified social credit code of each unit's issuing authority, which the central store writes into the
e-certificate identifiers it derives; before this it came with the approving counter's entry.
"""
import sqlalchemy as sa
from alembic import op


revision = 'c0012'
down_revision = 'c0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_units",
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("issuer_uscc", sa.String(length=18), nullable=False),
        sa.Column("issuer_name", sa.String(length=64), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code"),
    )


def downgrade() -> None:
    op.drop_table("central_units")
