from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.exceptions import CkanConfigurationException


def _commands() -> list:
    from ckanext.satudata.operations import cli

    return cli.get_commands()


@tk.blanket.config_declarations
@tk.blanket.cli(_commands)
class SatudataOperationsPlugin(p.SingletonPlugin):
    """The portal's processes (docs/deployment.md): the background worker
    that loses no job, the scheduler of the daily tasks, and the check
    that a deployment's plugins agree with ``config/portal.ini``."""

    p.implements(p.IConfigurable)
    p.implements(p.IMiddleware, inherit=True)

    def configure(self, config_: CKANConfig) -> None:
        from ckanext.satudata import jobs
        from ckanext.satudata.operations import schedule

        # a bad value stops CKAN with one line, not every request that
        # queues a job with a 500
        try:
            schedule.parse(config_.get("ckanext.satudata.operations.schedule", ""))
            jobs.retry_intervals()
        except ValueError as error:
            raise CkanConfigurationException(str(error)) from error

    def make_middleware(self, app: Any, config: CKANConfig) -> Any:
        from ckanext.satudata.operations import caching

        return caching.install(app)
