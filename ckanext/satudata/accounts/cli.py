"""``ckan satudata-accounts`` commands."""

from __future__ import annotations

import click

__all__ = ["satudata_accounts"]


@click.group(name="satudata-accounts", short_help="Accounts and login")
def satudata_accounts() -> None:
    """Accounts, login history and locks."""


@satudata_accounts.command("prune-history")
@click.option("--if-due", is_flag=True,
              help="Only when the last pruning is more than 24 hours old.")
def prune_history(if_due: bool) -> None:
    """Delete login-history events older than
    ckanext.satudata.login_history_days (run it daily from cron, or let
    the history pages do it once a day)."""
    from ckanext.satudata.accounts import config, history

    deleted = history.prune_if_due(force=not if_due)
    if deleted is None:
        click.echo("Not due: the history was pruned less than 24 hours ago.")
    else:
        click.secho(f"Deleted {deleted} login-history events older than "
                    f"{config.login_history_days()} days.", fg="green")
