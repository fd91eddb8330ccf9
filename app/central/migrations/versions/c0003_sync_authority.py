"""sync authority: workstation credentials, author keys, rejection marks (issues 10, 11)

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-02 06:40:00.000000

Workstation credentials (a workstation pushes everyone's work), the accounts' author keys, and the conflict
rule's marks: which record of which counter had an entry rejected (docs/DESIGN.md).
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = 'c0003'
down_revision = 'c0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_public_keys', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('sign_private', sa.String(length=256), nullable=True))
    op.create_table(
        'central_workstation_credentials',
        sa.Column('workstation_code', sa.String(length=32), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('unit_code', sa.String(length=12), nullable=False),
        sa.Column('enrolled_by', sa.String(length=32), nullable=False),
        sa.Column('enrolled_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by', sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint('workstation_code', name=op.f('pk_central_workstation_credentials')),
    )
    op.create_table(
        'central_rejection_marks',
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=96), nullable=False),
        sa.Column('key', sa.String(length=36), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('source', 'entity_id', name=op.f('pk_central_rejection_marks')),
    )


def downgrade() -> None:
    op.drop_table('central_workstation_credentials')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('sign_private')
        batch_op.drop_column('sign_public_keys')
    op.drop_table('central_rejection_marks')
