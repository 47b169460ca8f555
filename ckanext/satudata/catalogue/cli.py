from __future__ import annotations

import click

from ckanext.satudata.catalogue import config

__all__ = ["satudata"]


@click.group(short_help="Portal Satu Data commands")
def satudata() -> None:
    """Portal Satu Data commands."""


@satudata.group()
def demo() -> None:
    """Demo content."""


@demo.command("load")
def demo_load() -> None:
    """Create (or refresh) the demo city portal: OPDs, accounts, datasets.

    Runs only on a demo site (``ckanext.satudata.demo.site = true``): it
    resets the passwords of the demo accounts, ``walidata`` (a sysadmin)
    among them, to the published demo password."""
    if not config.demo_site():
        raise click.ClickException(
            "Refused: `ckan satudata demo load` resets the passwords of the demo"
            " accounts (walidata is a sysadmin) to the published demo password."
            " It runs only on a demo site: set ckanext.satudata.demo.site = true"
            " in the configuration of a portal made for the demo."
        )
    from ckanext.satudata.demo import loader

    loader.load(echo=click.echo)
