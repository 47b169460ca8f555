"""Indicator entry (satudata_indicators): data structures per dataset, due
periods, the entry grid, Excel/CSV imports, survey links and the history of
every change."""
