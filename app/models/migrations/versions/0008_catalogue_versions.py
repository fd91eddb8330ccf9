"""catalogue versions received from the central store; applications keep theirs (issue 13)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 11:40:00.000000

catalogue_versions holds the versions of the business catalogue this counter received through the change feed
(stream "catalogue"); the newest is the current catalogue, resources/catalogue.yaml (version 1) until one arrives.
Each application records the version it was taken under (applications.catalogue_version, 1 for those before).
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.String(length=128), nullable=True),
        sa.Column("summary", sa.String(length=256), nullable=True),
        sa.Column("published_by", sa.String(length=32), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_catalogue_versions")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("catalogue_version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("catalogue_version")
    op.drop_table("catalogue_versions")
