"""scale: feed sequenced after commit (no shared counter row), stream/unit index (issue 15)

Revision ID: c0006
Revises: c0005
Create Date: 2026-12-02 06:40:00.000000

- `central_changes_pending` and `central_audit_pending`: where a PostgreSQL writer puts its feed changes and
  audit events; the sequencer (app.central.sequencer) numbers and chains them after the writer's commit.
- `central_feed_counter` goes: its row lock serialised every push from its numbering to its commit. The feed's
  head is now the highest seq in `central_changes` (compaction always keeps each entity's last change, so the
  highest seq is never compacted away) or a compaction floor.
- The feed index becomes (stream, unit_code, seq): a unit's pull reads only its own rows and the shared ones.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c0006'
down_revision = 'c0005'
branch_labels = None
depends_on = None


def _pending_columns() -> list[sa.Column]:
    return [sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False)]


def upgrade() -> None:
    op.create_table('central_changes_pending',
    *_pending_columns(),
    sa.Column('stream', sa.String(length=16), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=96), nullable=False),
    sa.Column('op', sa.String(length=48), nullable=False),
    sa.Column('unit_code', sa.String(length=12), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_central_changes_pending'))
    )
    op.create_table('central_audit_pending',
    *_pending_columns(),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=48), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_central_audit_pending'))
    )
    with op.batch_alter_table('central_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_central_changes_stream_seq')
        batch_op.create_index('ix_central_changes_stream_unit_seq', ['stream', 'unit_code', 'seq'], unique=False)
    op.drop_table('central_feed_counter')


def downgrade() -> None:
    op.create_table('central_feed_counter',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_central_feed_counter'))
    )
    op.execute(
        "INSERT INTO central_feed_counter (id, last_seq) "
        "SELECT 1, COALESCE((SELECT MAX(seq) FROM central_changes), 0)"
    )
    with op.batch_alter_table('central_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_central_changes_stream_unit_seq')
        batch_op.create_index('ix_central_changes_stream_seq', ['stream', 'seq'], unique=False)
    # Changes and events still pending (written, never sequenced) are lost with these tables: run the central
    # store once (any push or pull sequences them) before downgrading.
    op.drop_table('central_audit_pending')
    op.drop_table('central_changes_pending')
