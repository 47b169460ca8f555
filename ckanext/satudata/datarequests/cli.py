"""``ckan satudata-datarequests`` commands."""

from __future__ import annotations

import click

__all__ = ["get_commands", "satudata_datarequests"]


@click.group(name="satudata-datarequests", short_help="Data requests")
def satudata_datarequests() -> None:
    """Data requests (Permohonan Data)."""


@satudata_datarequests.command("remind")
@click.option("--now", "inline", is_flag=True,
              help="Run here and now instead of in a background job.")
def remind(inline: bool) -> None:
    """Remind requesters of their data balikan (before its due date, on it,
    then weekly while overdue; each reminder once). Run it daily from
    cron."""
    from ckanext.satudata.datarequests import reminders

    if inline:
        done = reminders.job()
        click.echo(f"Reminded {done['reminded']} requesters of their data balikan"
                   " (e-mails queued, queue satudata).")
    else:
        reminders.enqueue()
        click.echo("Reminder queued (queue satudata): a worker sends it.")


def get_commands() -> list[click.Command]:
    return [satudata_datarequests]
