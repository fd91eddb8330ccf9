"""counter day: e-certificate identifier uniqueness (issue 10)

Revision ID: c0004
Revises: c0003
Create Date: 2026-12-02 06:40:00.000000

E-certificate identifiers become unique: certificates that shared one (the old digit-only serial) get their own
(app.models.ecert_dedupe), then a unique index forbids it from now on.
"""
from alembic import op

from app.models.ecert_dedupe import rewrite_duplicate_ecert_ids


revision = 'c0004'
down_revision = 'c0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    rewrite_duplicate_ecert_ids(op.get_bind())
    op.create_index('ix_certificates_ecert_id', 'certificates', ['ecert_id'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_certificates_ecert_id', table_name='certificates')
