"""Typed access to the options of the metrics plugin
(``satudata_metrics``), declared in ``metrics/config_declaration.yaml``."""

from __future__ import annotations

import ipaddress

import ckan.plugins.toolkit as tk

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Who may read /metrics when neither a token nor networks are set.
LOOPBACK = "127.0.0.1/32 ::1/128"
#: Queues always reported (without the site prefix): CKAN's default and
#: those of the satudata plugins.
KNOWN_QUEUES = ("default", "satudata", "satudata_privacy")


def enabled() -> bool:
    """Whether requests are recorded and /metrics answers."""
    return tk.asbool(tk.config.get("ckanext.satudata.metrics.enabled", True))


def token() -> str:
    """The scraper's secret; empty when none is set."""
    return str(tk.config.get("ckanext.satudata.metrics.token") or "").strip()


def parse_networks(text: str) -> list[Network]:
    """Space (or comma) separated CIDRs; ``ValueError`` naming a wrong one."""
    found: list[Network] = []
    for part in text.replace(",", " ").split():
        try:
            found.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise ValueError(
                f"ckanext.satudata.metrics.allowed_networks: {part!r} is not"
                f" a network (e.g. 10.0.0.0/8)") from error
    return found


def allowed_networks() -> list[Network] | None:
    """The networks whose clients may read /metrics; ``None`` means any
    address (a token is set and no networks are)."""
    text = str(tk.config.get("ckanext.satudata.metrics.allowed_networks") or "")
    if text.strip():
        return parse_networks(text)
    if token():
        return None
    return parse_networks(LOOPBACK)


def queues() -> list[str]:
    """Queues to report: the known ones and those configured."""
    extra = str(tk.config.get("ckanext.satudata.metrics.queues") or "").split()
    return list(dict.fromkeys([*KNOWN_QUEUES, *extra]))


def retention_days() -> int:
    """Days the hourly figures are kept (at least 1)."""
    return max(1, int(tk.config.get("ckanext.satudata.metrics.retention_days", 8)))
