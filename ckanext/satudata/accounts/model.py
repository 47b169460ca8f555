"""Tables of the accounts plugin.

Declared on CKAN's metadata (so CKAN's test helpers empty them), created
only by this plugin's migrations (``ckan db upgrade -p satudata_accounts``).

- ``satudata_login_event``: the login history ("Aktivitas Pengguna"): every
  login, failed login, code sent, lockout, logout, password change, token
  created (time, IP, user agent, outcome), kept
  ``ckanext.satudata.login_history_days`` days.
- ``satudata_trusted_device``: devices remembered after a second factor
  ("ingat perangkat ini"); the signed cookie names a row, revoking the row
  ends the trust.
- ``satudata_account``: per user, the moment before which every session
  is ended (``sessions_after``) and whether they chose the second factor
  themselves (``otp_opt_in``).
- ``satudata_staff_assignment``: the assignment letter on which the
  walidata created a staff account or gave it a role (the file is in CKAN's
  file storage).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta
from sqlalchemy.dialects.postgresql import JSONB

LOGIN_EVENT = "satudata_login_event"
TRUSTED_DEVICE = "satudata_trusted_device"
ACCOUNT = "satudata_account"
STAFF_ASSIGNMENT = "satudata_staff_assignment"


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


login_event_table = sa.Table(
    LOGIN_EVENT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text),
    sa.Column("login", sa.Text, nullable=False, server_default=""),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("ip", sa.Text, nullable=False, server_default=""),
    sa.Column("user_agent", sa.Text, nullable=False, server_default=""),
    sa.Column("detail", JSONB, nullable=False, server_default="{}"),
    _when("created"),
    extend_existing=True,
)

trusted_device_table = sa.Table(
    TRUSTED_DEVICE,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    _when("created"),
    _when("expires"),
    _when("last_used", nullable=True),
    sa.Column("ip", sa.Text, nullable=False, server_default=""),
    sa.Column("user_agent", sa.Text, nullable=False, server_default=""),
    _when("revoked", nullable=True),
    extend_existing=True,
)

account_table = sa.Table(
    ACCOUNT,
    meta.metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    _when("sessions_after", nullable=True),
    sa.Column("otp_opt_in", sa.Boolean, nullable=False, server_default=sa.false()),
    extend_existing=True,
)

staff_assignment_table = sa.Table(
    STAFF_ASSIGNMENT,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("organization_id", sa.Text, nullable=False),
    sa.Column("member_id", sa.Text),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("capacity", sa.Text, nullable=False),
    sa.Column("letter_number", sa.Text, nullable=False),
    sa.Column("letter_date", sa.Date),
    sa.Column("file_id", sa.Text),
    sa.Column("created_by", sa.Text, nullable=False),
    _when("created"),
    extend_existing=True,
)
