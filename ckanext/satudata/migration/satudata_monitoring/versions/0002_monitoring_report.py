"""The periodic report's issued document, generation job and one draft per
period (satudata_monitoring).

Revision ID: 0002_monitoring_report
Revises: 0001_monitoring
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_monitoring_report"
down_revision = "0001_monitoring"
branch_labels = None
depends_on = None

TABLE = "satudata_monitoring_report"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("document_id", sa.Text))
    op.add_column(TABLE, sa.Column("generated", sa.DateTime(timezone=True)))
    op.add_column(TABLE, sa.Column("job_id", sa.Text))
    op.add_column(TABLE, sa.Column("job_status", sa.Text))
    op.add_column(TABLE, sa.Column("job_step", sa.Integer, nullable=False,
                                   server_default="0"))
    op.add_column(TABLE, sa.Column("job_error", sa.Text))
    op.create_index("satudata_monitoring_report_one_draft", TABLE, ["window"],
                    unique=True, postgresql_where=sa.text("status = 'draft'"))
    op.create_index("satudata_monitoring_report_created", TABLE, ["created"])


def downgrade() -> None:
    op.drop_index("satudata_monitoring_report_created", TABLE)
    op.drop_index("satudata_monitoring_report_one_draft", TABLE)
    for column in ("job_error", "job_step", "job_status", "job_id", "generated",
                   "document_id"):
        op.drop_column(TABLE, column)
