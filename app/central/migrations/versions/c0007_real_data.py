"""real data: score parts, certificate issuer, the working calendar by year (issue 13)

Revision ID: c0007
Revises: c0006
Create Date: 2026-12-02 06:40:00.000000

Scores keep 理论成绩 and 实操成绩 beside the total (sheets send them separately); certificates of the legacy
register keep their issuing unit (issuer); calendar_years holds the
holidays and make-up working days an administrator enters per year at the centre, fed to every counter.
"""
import sqlalchemy as sa
from alembic import op


revision = 'c0007'
down_revision = 'c0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.add_column(sa.Column("theory_score", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("practice_score", sa.Double(), nullable=True))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer", sa.String(length=64), nullable=True))
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("notice", sa.String(length=128), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")),
    )


def downgrade() -> None:
    op.drop_table("calendar_years")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("issuer")
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_column("practice_score")
        batch_op.drop_column("theory_score")
