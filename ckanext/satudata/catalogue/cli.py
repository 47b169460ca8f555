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


@satudata.group()
def report() -> None:
    """Periodic monitoring reports (the satudata_monitoring plugin)."""


@report.command("generate")
@click.option("--period", required=True,
              help="The period: 2026, 2026-S2, 2026-Q3 or 2026-07.")
@click.option("--finalise", is_flag=True,
              help="Finalise the report (needs --rekomendasi and --rencana, or"
                   " the texts written on the report's page).")
@click.option("--rekomendasi", default=None, help="The Rekomendasi text.")
@click.option("--rencana", default=None, help="The Rencana Tindak Lanjut text.")
def report_generate(period: str, finalise: bool, rekomendasi: str | None,
                    rencana: str | None) -> None:
    """Create (or take the draft of) the periodic report of a period and
    generate its PDF and Excel files here and now, as the "Buat laporan"
    button does; prints the report id and its files."""
    # the monitoring plugin's module, imported only when the command runs
    # (the catalogue depends on no other plugin otherwise)
    from ckanext.satudata.monitoring.report import cli

    def fail(text: str) -> None:
        raise click.ClickException(text)

    cli.run(period, finalise, rekomendasi, rencana, click.echo, fail)


class _BackupCommands(click.Group):
    """``ckan satudata backup …``: the satudata_backup plugin's commands,
    imported only when one of them runs (like the report generator)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from ckanext.satudata.backup import cli

        return cli.backup.list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        from ckanext.satudata.backup import cli

        return cli.backup.get_command(ctx, name)


satudata.add_command(_BackupCommands(
    "backup", short_help="Backups: create, list, verify, restore",
    help="Backups of the databases and the stored files (the satudata_backup"
         " plugin, docs/backup.md)."))
