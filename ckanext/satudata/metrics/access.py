"""Who may read /metrics: a scraper with the token
(``ckanext.satudata.metrics.token``) and/or a client in the allowed
networks (``ckanext.satudata.metrics.allowed_networks``; the machine
itself by default).

The client's address is ``request.remote_addr`` (a reverse proxy's own
address unless werkzeug's ``ProxyFix`` is configured). Forwarding headers
(``X-Forwarded-For``, ``X-Real-IP``) never let a client in: when present,
every address they name must be allowed as well, so that a proxy on the
same machine does not open /metrics to everybody it serves."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable, Mapping, Sequence

from ckanext.satudata.metrics.config import Network

FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP")


def presented_token(authorization: str | None, query_token: str | None) -> str:
    """The token a scraper sent: ``Authorization: Bearer <token>`` or the
    ``token`` query parameter."""
    header = (authorization or "").strip()
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return (query_token or "").strip()


def token_ok(expected: str, presented: str) -> bool:
    """Constant-time comparison; an empty token never matches."""
    if not expected or not presented:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:8080
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 10.0.0.1:8080
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_allowed(text: str | None, networks: Sequence[Network]) -> bool:
    address = _address(text or "")
    return address is not None and any(
        address.version == network.version and address in network
        for network in networks)


def forwarded_addresses(headers: Mapping[str, str]) -> list[str]:
    """Every address the forwarding headers name."""
    found: list[str] = []
    for name in FORWARDING_HEADERS:
        value = headers.get(name)
        if value:
            found.extend(part for part in value.split(",") if part.strip())
    return found


def allowed(*, remote_addr: str | None, forwarded: Iterable[str],
            networks: Sequence[Network] | None, expected_token: str,
            presented: str) -> bool:
    """Whether a request may read the figures: the right token when one is
    set, and (when networks are set) its address and every forwarded one
    in them."""
    if expected_token and not token_ok(expected_token, presented):
        return False
    if networks is None:
        return bool(expected_token)
    return address_allowed(remote_addr, networks) and all(
        address_allowed(address, networks) for address in forwarded)
