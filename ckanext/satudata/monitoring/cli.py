"""``ckan satudata-monitoring`` commands."""

from __future__ import annotations

import click

__all__ = ["get_commands", "satudata_monitoring"]


@click.group(name="satudata-monitoring", short_help="Monitoring figures")
def satudata_monitoring() -> None:
    """Monitoring and reporting (Pemantauan)."""


@satudata_monitoring.command("refresh")
@click.option("--now", "inline", is_flag=True,
              help="Run here and now instead of in a background job.")
def refresh(inline: bool) -> None:
    """Recompute the monitoring's fact table (periods fall due as days
    pass). Run it daily from cron or the scheduler."""
    from ckanext.satudata.monitoring import jobs

    if inline:
        rows = jobs.refresh_all()
        click.echo(f"Refreshed {rows} period rows.")
    else:
        job_id = jobs.enqueue_refresh()
        click.echo(f"Refresh queued (queue satudata, job {job_id}): a worker runs it.")


def get_commands() -> list[click.Command]:
    return [satudata_monitoring]
