"""``ckan satudata-accounts`` commands."""

from __future__ import annotations

import click

__all__ = ["satudata_accounts"]


@click.group(name="satudata-accounts", short_help="Accounts and login")
def satudata_accounts() -> None:
    """Accounts, login history and locks."""
