"""Typed access to the options of the access requests
(``accessrequests/config_declaration.yaml``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

PREFIX = "ckanext.satudata.accessrequests."
ROLES = ("walidata", "verifikator", "produsen")


def _positive(name: str) -> int:
    return max(int(tk.config[PREFIX + name]), 1)


def limit_days() -> int:
    return _positive("limit_days")


def attachment_max_bytes() -> int:
    return _positive("attachment_max_bytes")


def bast_max_bytes() -> int:
    return _positive("bast_max_bytes")


def token_days() -> int:
    return _positive("token_days")


def token_downloads() -> int:
    return _positive("token_downloads")


def policy() -> str:
    return str(tk.config.get(PREFIX + "policy") or "")


def faq() -> str:
    return str(tk.config.get(PREFIX + "faq") or "")


def parse_movers(text: str, stages: tuple[str, ...]) -> dict[str, str]:
    """``"verifikasi_substansi:verifikator"`` → ``{stage: role}``.

    :raises ValueError: a part that is not ``stage:role``, an unknown stage
        or role
    """
    movers: dict[str, str] = {}
    for part in text.split():
        stage, _, role = part.replace("=", ":").partition(":")
        if stage not in stages or role not in ROLES:
            raise ValueError(
                f"{PREFIX}movers: {part!r} is not stage:role (stages: "
                f"{', '.join(stages)}; roles: {', '.join(ROLES)})")
        movers[stage] = role
    return movers


def movers(stages: tuple[str, ...]) -> dict[str, str]:
    """Who moves each stage (stages not named: ``walidata``)."""
    named = parse_movers(str(tk.config.get(PREFIX + "movers") or ""), stages)
    return {stage: named.get(stage, "walidata") for stage in stages}
