from __future__ import annotations

import click

__all__ = ["satudata"]


@click.group(short_help="Portal Satu Data commands")
def satudata() -> None:
    """Portal Satu Data commands."""


@satudata.group()
def demo() -> None:
    """Demo content."""


@demo.command("load")
def demo_load() -> None:
    """Create (or refresh) the demo city portal: OPDs, accounts, datasets."""
    from ckanext.satudata.demo import loader

    loader.load(echo=click.echo)
