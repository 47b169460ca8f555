"""Tables of the monitoring plugin.

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p satudata_monitoring``).

- ``satudata_monitoring_period``: the figures' fact table: one row per
  dataset with a structure and period, from its first period to the one
  running at the last refresh, with the dataset's OPD and urusan, the
  period's end and fill deadline, its state, whether a value was filled,
  when it was submitted, verified and published, the working days each
  step took and how late it was published, returns, cell notes, quality
  flags at submission and approved change requests. Rewritten per dataset
  whenever one of its periods moves, and wholly by the daily refresh job;
  the dashboards only aggregate it.
- ``satudata_monitoring_check``: the quality checks' findings at each
  submission (the workflow computes them on the fly; this keeps what they
  were when the period was sent).
- ``satudata_monitoring_report``: the periodic reports (draft, then
  finalised with their PDF and Excel files in CKAN's file storage): the
  figures snapshot they were made from, the two texts the walidata write,
  the issued document of a finalised report and the progress of the
  job building a draft's files (``report/``; migration 0002). At most
  one draft per window.
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

PERIOD = "satudata_monitoring_period"
CHECK = "satudata_monitoring_check"
REPORT = "satudata_monitoring_report"

period_table = sa.Table(
    PERIOD,
    meta.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("period", sa.Text, primary_key=True),
    sa.Column("organization_id", sa.Text, nullable=False),
    sa.Column("urusan", sa.Text, nullable=False),
    sa.Column("granularity", sa.Text, nullable=False),
    sa.Column("period_end", sa.Date, nullable=False),
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("filled", sa.Boolean, nullable=False),
    sa.Column("submitted", sa.DateTime(timezone=True)),
    sa.Column("verified", sa.DateTime(timezone=True)),
    sa.Column("published", sa.DateTime(timezone=True)),
    sa.Column("verify_days", sa.Integer),
    sa.Column("publish_days", sa.Integer),
    sa.Column("late_days", sa.Integer),
    sa.Column("returns", sa.Integer, nullable=False),
    sa.Column("cell_notes", sa.Integer, nullable=False),
    sa.Column("quality_flags", sa.Integer, nullable=False),
    sa.Column("changes_approved", sa.Integer, nullable=False),
    sa.Column("refreshed", sa.DateTime(timezone=True), nullable=False),
    sa.Index("satudata_monitoring_period_end", "period_end", "organization_id"),
    extend_existing=True,
)

check_table = sa.Table(
    CHECK,
    meta.metadata,
    sa.Column("transition_id", sa.Text, primary_key=True),
    sa.Column("submission_id", sa.Text, nullable=False, index=True),
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("period", sa.Text, nullable=False),
    sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
    sa.Column("flags", sa.Integer, nullable=False),
    sa.Column("summary", JSONB, nullable=False),
    extend_existing=True,
)

report_table = sa.Table(
    REPORT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("window", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("target_percent", sa.Numeric, nullable=False),
    sa.Column("rekomendasi", sa.Text, nullable=False, server_default=""),
    sa.Column("rencana", sa.Text, nullable=False, server_default=""),
    sa.Column("figures", JSONB),
    sa.Column("pdf_file_id", sa.Text),
    sa.Column("xlsx_file_id", sa.Text),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finalised", sa.DateTime(timezone=True)),
    sa.Column("finalised_by", sa.Text),
    # migration 0002: the issued document (a finalised report's PDF), when
    # the files were built, and the job building them
    sa.Column("document_id", sa.Text),
    sa.Column("generated", sa.DateTime(timezone=True)),
    sa.Column("job_id", sa.Text),
    sa.Column("job_status", sa.Text),
    sa.Column("job_step", sa.Integer, nullable=False, server_default="0"),
    sa.Column("job_error", sa.Text),
    sa.Index("satudata_monitoring_report_one_draft", "window", unique=True,
             postgresql_where=sa.text("status = 'draft'")),
    sa.Index("satudata_monitoring_report_created", "created"),
    extend_existing=True,
)
