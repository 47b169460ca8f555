from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Response

from ckanext.satudata import startup
from ckanext.satudata.accounts import login, passwords, sessions, tokens


@tk.blanket.config_declarations
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.helpers
@tk.blanket.cli
class SatudataAccountsPlugin(p.SingletonPlugin):
    """Accounts and login: a second factor by e-mailed code, lockout and
    throttling, password rules, API tokens with an expiry cap, the login
    history, staff accounts created on an assignment letter, session
    ends."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigurable)
    p.implements(p.IAuthenticator, inherit=True)
    p.implements(p.IApiToken, inherit=True)
    p.implements(p.INotifier, inherit=True)

    def update_config(self, config_: tk.CKANConfig) -> None:
        tk.add_template_directory(config_, "templates")

    def update_config_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        # the walidata (a sysadmin) caps API tokens on /ckan-admin/config
        return tokens.update_config_schema(schema)

    def configure(self, config_: tk.CKANConfig) -> None:
        # Our templates override core's user pages and extend the
        # catalogue's theme, so they must be found first.
        startup.require_plugins("satudata_accounts", needs=["satudata"],
                                before=["satudata"])
        sessions.connect()

    # IAuthenticator

    def login(self) -> Response | None:
        return login.login()

    def identify(self) -> Response | None:
        return login.identify()

    def logout(self) -> Response | None:
        return login.logout()

    # IApiToken

    def create_api_token_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return tokens.create_schema(schema)

    def postprocess_api_token(self, data: dict[str, Any], jti: str,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
        return tokens.postprocess(data, jti, data_dict)

    # INotifier

    def notify_about_topic(self, notification_sent: bool, topic: str,
                           data: dict[str, Any] | None = None) -> bool:
        return passwords.notify(notification_sent, topic, data)
