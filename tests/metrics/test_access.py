"""Who may read /metrics: tokens, networks and forwarded addresses (pure)."""

from __future__ import annotations

import pytest

from ckanext.satudata.metrics import access
from ckanext.satudata.metrics.config import LOOPBACK, parse_networks

LOCAL = parse_networks(LOOPBACK)
OFFICE = parse_networks("10.0.0.0/8 2001:db8::/32")


def test_the_token_comes_from_the_bearer_header_or_the_query():
    assert access.presented_token("Bearer s3cret", None) == "s3cret"
    assert access.presented_token("bearer  s3cret ", "other") == "s3cret"
    assert access.presented_token(None, "s3cret") == "s3cret"
    assert access.presented_token("Basic abc", None) == ""
    assert access.presented_token("", "") == ""


def test_tokens_match_only_exactly_and_never_empty():
    assert access.token_ok("s3cret", "s3cret")
    assert not access.token_ok("s3cret", "s3cret2")
    assert not access.token_ok("s3cret", "")
    assert not access.token_ok("", "")


@pytest.mark.parametrize(("address", "networks", "expected"), [
    ("127.0.0.1", LOCAL, True),
    ("::1", LOCAL, True),
    ("::ffff:127.0.0.1", LOCAL, True),
    ("127.0.0.2", LOCAL, False),
    ("10.1.2.3", LOCAL, False),
    ("10.1.2.3", OFFICE, True),
    ("10.1.2.3:5123", OFFICE, True),
    ("[2001:db8::5]:80", OFFICE, True),
    ("192.168.1.1", OFFICE, False),
    ("not an address", OFFICE, False),
    ("", LOCAL, False),
    (None, LOCAL, False),
])
def test_an_address_is_allowed_in_its_networks(address, networks, expected):
    assert access.address_allowed(address, networks) is expected


def test_wrong_networks_are_named():
    with pytest.raises(ValueError, match="10.0.0.300/8"):
        parse_networks("127.0.0.1/32 10.0.0.300/8")
    assert [str(n) for n in parse_networks("10.0.0.5/8, ::1")] == ["10.0.0.0/8",
                                                                   "::1/128"]


def _allowed(remote: str, forwarded: list[str] | None = None,
             networks: list | None = LOCAL, expected: str = "",
             presented: str = "") -> bool:
    return access.allowed(remote_addr=remote, forwarded=forwarded or [],
                          networks=networks, expected_token=expected,
                          presented=presented)


def test_without_a_token_only_the_networks_decide():
    assert _allowed("127.0.0.1")
    assert not _allowed("10.1.2.3")
    assert _allowed("10.1.2.3", networks=OFFICE)


def test_forwarded_addresses_never_let_a_client_in():
    # a proxy on the machine itself: the client it serves must be allowed too
    assert not _allowed("127.0.0.1", ["203.0.113.9"])
    assert not _allowed("127.0.0.1", ["127.0.0.1", "203.0.113.9"])
    assert _allowed("127.0.0.1", ["127.0.0.1"])
    # nor does naming an allowed address from outside
    assert not _allowed("203.0.113.9", ["127.0.0.1"])
    assert access.forwarded_addresses({"X-Forwarded-For": "1.2.3.4, 10.0.0.1",
                                       "X-Real-IP": "5.6.7.8"}) == [
        "1.2.3.4", " 10.0.0.1", "5.6.7.8"]


def test_a_token_is_required_when_set_and_networks_still_apply_when_set():
    # token set, no networks: any address with the token
    assert _allowed("203.0.113.9", networks=None, expected="t", presented="t")
    assert not _allowed("203.0.113.9", networks=None, expected="t", presented="x")
    assert not _allowed("127.0.0.1", networks=None, expected="t", presented="")
    # token and networks: both
    assert _allowed("10.1.2.3", networks=OFFICE, expected="t", presented="t")
    assert not _allowed("203.0.113.9", networks=OFFICE, expected="t", presented="t")
    assert not _allowed("10.1.2.3", networks=OFFICE, expected="t", presented="")
    # no token set and no networks: nobody
    assert not _allowed("127.0.0.1", networks=None)
