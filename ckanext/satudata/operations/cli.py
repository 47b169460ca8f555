"""``ckan satudata-operations`` commands: the processes and checks of a
deployment (``scripts/portal.sh`` starts them)."""

from __future__ import annotations

import datetime as dt

import click

__all__ = ["get_commands", "satudata_operations"]


@click.group(
    name="satudata-operations", short_help="Worker, scheduler, deployment checks"
)
def satudata_operations() -> None:
    """The portal's processes and deployment checks."""


@satudata_operations.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.argument("queues", nargs=-1)
def worker(burst: bool, queues: tuple[str, ...]) -> None:
    """Run the background worker on QUEUES (default: every queue of the
    portal), with quick recovery of abandoned jobs."""
    from ckanext.satudata.operations import worker as runner

    runner.run(list(queues) or None, burst=burst)


@satudata_operations.command("scheduler")
def scheduler() -> None:
    """Run the daily tasks at their times (foreground; Ctrl-C stops)."""
    from ckanext.satudata.operations import scheduler as runner

    runner.run_forever()


@satudata_operations.command("schedule")
def schedule() -> None:
    """List the daily tasks, their time and their last run."""
    from ckanext.satudata.operations import scheduler as runner

    for task in runner.tasks():
        record = runner.last_run(task)
        last = (
            f"last run {record['started']} status {record['status']}"
            if record
            else "not run yet"
        )
        click.echo(f"{task.name:<16} {task.time}  {' '.join(task.command)}  ({last})")


@satudata_operations.command("run")
@click.argument("name")
def run(name: str) -> None:
    """Run the daily task NAME now."""
    from ckanext.satudata.operations import scheduler as runner

    for task in runner.tasks():
        if task.name == name:
            raise SystemExit(runner.run_task(task))
    raise click.ClickException(f"No daily task {name!r}.")


@satudata_operations.command("check")
def check() -> None:
    """Check this site's plugins against config/portal.ini (exit 1 on a
    difference)."""
    import ckan.plugins.toolkit as tk

    from ckanext.satudata import deployment

    plugins = tk.aslist(tk.config["ckan.plugins"])
    problems = [f"{name}: missing" for name in deployment.missing_plugins(plugins)]
    problems += deployment.plugin_order_problems(plugins)
    for problem in problems:
        click.echo(f"ckan.plugins: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo(
        f"ckan.plugins agree with config/portal.ini ({len(plugins)} plugins)"
        f" at {dt.datetime.now().isoformat(timespec='seconds')}"
    )


@satudata_operations.command("queues")
def queues() -> None:
    """Print the queues the portal's worker listens to."""
    from ckanext.satudata.deployment import WORKER_QUEUES

    click.echo(" ".join(WORKER_QUEUES))


@satudata_operations.command("upload-limit")
def upload_limit() -> None:
    """Print the largest request body the portal accepts, in MB (the
    largest upload limit of CKAN and of every satudata plugin, plus room
    for the form around it): nginx's client_max_body_size."""
    from ckanext.satudata.operations import limits

    click.echo(str(limits.request_body_mb()))


@satudata_operations.command("collect-static")
@click.argument("target", type=click.Path(file_okay=False))
@click.option("--copy", is_flag=True, help="Copy the files instead of linking them.")
def collect_static(target: str, copy: bool) -> None:
    """Gather the static files of CKAN and every plugin under
    TARGET/public (for nginx; webassets go to ckan.webassets.path)."""
    from pathlib import Path

    import ckan.plugins.toolkit as tk

    from ckanext.satudata.operations import static

    made = static.collect(tk.config, Path(target), copy=copy)
    click.echo(f"{made} static entries under {target}/public")


def get_commands() -> list[click.Command]:
    return [satudata_operations]
