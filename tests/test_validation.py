"""Shared schema pieces (``ckanext/satudata/validation.py``), through CKAN's
own navl ``validate`` as the actions use it."""

from __future__ import annotations

from typing import Any

import pytest
from ckan.lib.navl.dictization_functions import validate

from ckanext.satudata.validation import ignore_empty, whole_number


def _limit(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return validate(data, {"limit": [ignore_empty, whole_number(1, 10)]}, {})


@pytest.mark.parametrize("empty", ["", None, 0])
def test_an_empty_value_is_left_out(empty: Any) -> None:
    assert _limit({"limit": empty}) == ({}, {})
    assert _limit({}) == ({}, {})


@pytest.mark.parametrize("many", [[], [5], {}, {"a": 1}])
def test_a_list_or_object_is_an_error_naming_the_field(many: Any) -> None:
    """CKAN's ``ignore_empty`` left ``[]`` in the validated data (navl puts
    empty lists back): the action then failed on it."""
    data, errors = _limit({"limit": many})
    assert list(errors) == ["limit"]


def test_a_single_value_goes_on_to_the_next_validators() -> None:
    assert _limit({"limit": "5"})[0] == {"limit": 5}
    assert list(_limit({"limit": "50"})[1]) == ["limit"]
