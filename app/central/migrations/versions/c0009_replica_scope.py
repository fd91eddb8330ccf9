"""replica scope: each registry change's city, indexed, so a city-scoped counter's pull stays an index scan

Revision ID: c0009
Revises: c0008
Create Date: 2026-12-02 11:50:00.000000

`central_changes.region` is computed by the database from the change's data (app.central.models.REGION_SQL):
stored on PostgreSQL, virtual on SQLite (ALTER TABLE cannot add a stored generated column there); every writer,
the bulk register import included, gets it without knowing it exists.
"""
from alembic import op

# As app.central.models.REGION_SQL was when this revision was written (a migration does not follow later edits).
REGION_SQL = (
    "CASE WHEN stream = 'registry' AND op <> 'delete' THEN substr(coalesce(data ->> 'holder_id_number', "
    "data ->> 'id_number', data ->> 'region', substr(data ->> 'uscc', 3, 4)), 1, 4) END"
)

revision = 'c0009'
down_revision = 'c0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    kind = "STORED" if op.get_bind().dialect.name == "postgresql" else "VIRTUAL"
    op.execute(
        f"ALTER TABLE central_changes ADD COLUMN region VARCHAR(4) GENERATED ALWAYS AS ({REGION_SQL}) {kind}"
    )
    op.create_index(
        "ix_central_changes_stream_unit_region_seq",
        "central_changes",
        ["stream", "unit_code", "region", "seq"],
    )


def downgrade() -> None:
    op.drop_index("ix_central_changes_stream_unit_region_seq", table_name="central_changes")
    op.drop_column("central_changes", "region")
