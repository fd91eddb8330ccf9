"""catalogue versions: the business catalogue published by the centre; applications keep theirs (issue 13)

Revision ID: c0008
Revises: c0007
Create Date: 2026-12-02 11:40:00.000000

catalogue_versions holds every published version of the business catalogue (the whole document as canonical
JSON, its SHA-256, who, when, the notice); version 1 is resources/catalogue.yaml, seeded here. Each application
records the version it was taken under (applications.catalogue_version, 1 for those taken before).
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision = 'c0008'
down_revision = 'c0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from app.domain.catalogue_versions import document_text, shipped_document, text_sha256, validate

    versions = op.create_table(
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
    document = shipped_document()
    validate(document, 1)
    text = document_text({**document, "version": 1})
    op.bulk_insert(
        versions,
        [
            {
                "version": 1,
                "document": text,
                "sha256": text_sha256(text),
                "note": "程序随附目录（resources/catalogue.yaml）",
                "summary": "初始版本",
                "published_by": "system",
                "published_at": datetime.now(UTC).replace(tzinfo=None),
            }
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("catalogue_version")
    op.drop_table("catalogue_versions")
