"""Create the document tables: issued documents and their numbering.

Revision ID: 0001_documents
Revises:
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_documents"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_document",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("kind_label", sa.Text, nullable=False, server_default=""),
        sa.Column("number", sa.Text, nullable=False),
        sa.Column("owner_type", sa.Text, nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("organization_id", sa.Text),
        sa.Column("subject", sa.Text, nullable=False, server_default=""),
        sa.Column("certified_sha256", sa.Text, nullable=False),
        sa.Column("pdf_sha256", sa.Text, nullable=False),
        sa.Column("file_id", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="issued"),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text, nullable=False, server_default=""),
        sa.Column("status_changed", sa.DateTime(timezone=True)),
    )
    op.create_index("satudata_document_owner", "satudata_document",
                    ["owner_type", "owner_id"])
    op.create_table(
        "satudata_document_sequence",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("organization_id", sa.Text, primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("satudata_document_sequence")
    op.drop_table("satudata_document")
