"""material files encrypted at rest: central_blobs.enc records how each row's data is kept, width/height the
pixel size read at upload (the materials feed can no longer read it from the stored bytes)

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-23 21:30:00.000000

Rows stored before this revision are plaintext and get enc = '' (still readable, and their size is still read
from their header); the service encrypts every new row ('aesgcm-v1', see app.central.blobs). A constant server
default and nullable columns make this a metadata-only change on PostgreSQL and plain ALTER TABLE ADD COLUMN on
SQLite, so a large blob table is not rewritten.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c0002'
down_revision = 'c0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('central_blobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('enc', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('height', sa.Integer(), nullable=True))


def downgrade() -> None:
    # Encrypted rows would be unreadable to the older service; refuse rather than strip the marker silently.
    bind = op.get_bind()
    encrypted = bind.execute(sa.text("SELECT COUNT(*) FROM central_blobs WHERE enc <> ''")).scalar()
    if encrypted:
        raise RuntimeError(
            f"{encrypted} material files in central_blobs are encrypted; the revision before c0002 cannot read them"
        )
    with op.batch_alter_table('central_blobs', schema=None) as batch_op:
        batch_op.drop_column('height')
        batch_op.drop_column('width')
        batch_op.drop_column('enc')
