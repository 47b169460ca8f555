"""Typed access to the options the workflow (``satudata_workflow``) reads,
declared in ``workflow/config_declaration.yaml`` (and CKAN's)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def separation_of_duties() -> bool:
    """Whoever entered values of a period may not verify or publish it."""
    return tk.config["ckanext.satudata.separation_of_duties"]


def return_deadline_days() -> int:
    """Days a return gives when the reviewer sets no deadline."""
    return tk.config["ckanext.satudata.return_deadline_days"]


def review_reminder_days() -> int:
    """Days a period waits for its reviewer before the reminder names it."""
    return tk.config["ckanext.satudata.review_reminder_days"]


def quality_jump_percent() -> float:
    """Change from the previous period that the quality checks call a jump
    (never negative)."""
    return max(float(tk.config["ckanext.satudata.quality_jump_percent"]), 0.0)


def notification_emails() -> bool:
    """Whether notifications are e-mailed too."""
    return tk.config["ckanext.satudata.notification_emails"]


def chart_max_bars() -> int:
    """Most bars of the published values' bar chart (0: every row)."""
    return tk.config["ckanext.satudata.chart_max_bars"]


def activity_streams_enabled() -> bool:
    """CKAN's ``ckan.activity_streams_enabled``."""
    return bool(tk.config.get("ckan.activity_streams_enabled"))


def site_title() -> str:
    """CKAN's ``ckan.site_title`` (in e-mails)."""
    return tk.config["ckan.site_title"]


def display_timezone() -> str:
    """CKAN's ``ckan.display_timezone`` (``server``: the server's zone)."""
    return tk.config.get("ckan.display_timezone") or ""
