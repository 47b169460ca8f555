"""The table of the calendar plugin.

Declared on CKAN's metadata (so CKAN's test helpers empty it), created only
by this plugin's migrations (``ckan db upgrade -p satudata_calendar``).

- ``satudata_holiday``: the regional holidays (hari libur daerah, e.g. Hari
  Jadi Kota) the walidata add, one a day. National holidays and cuti
  bersama are not stored: they come from ``lokal`` (the SKB 3 Menteri).
"""

from __future__ import annotations

import sqlalchemy as sa
from ckan.model import meta

HOLIDAY = "satudata_holiday"

holiday_table = sa.Table(
    HOLIDAY,
    meta.metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("day", name="satudata_holiday_day_key"),
    extend_existing=True,
)
