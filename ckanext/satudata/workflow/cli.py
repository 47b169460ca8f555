"""``ckan satudata-workflow`` commands."""

from __future__ import annotations

import click

__all__ = ["satudata_workflow"]


@click.group(name="satudata-workflow", short_help="Verification workflow")
def satudata_workflow() -> None:
    """Verification and publication of indicator values."""


@satudata_workflow.command("remind")
@click.option("--now", "inline", is_flag=True,
              help="Run here and now instead of in a background job.")
def remind(inline: bool) -> None:
    """Send today's reminder of overdue returns and due periods to every
    operator (once a day per user; run it daily from cron)."""
    from ckanext.satudata.workflow import reminder

    if inline:
        done = reminder.job()
        click.echo(f"Reminded {done['reminded']} users, {done['emailed']} e-mails"
                   " sent.")
    else:
        reminder.enqueue()
        click.echo("Reminder queued (queue satudata): a worker sends it.")
