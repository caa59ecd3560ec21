"""The records cloud facts are written in are values: immutable and hashable (components/fact_types.py).

Cloud tables use a Source as a dataclass field's default (components/azure/rbac.py, gcp/service_facts.py), which
Python allows only for a hashable value.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from components.fact_types import Source


def test_a_source_is_an_immutable_hashable_value() -> None:
    source = Source("https://example.test/doc", date(2026, 12, 2))
    assert hash(source) == hash(Source("https://example.test/doc", date(2026, 12, 2)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.url = "https://example.test/other"  # type: ignore[misc]


DOC = Source("https://example.test/doc", date(2026, 12, 2))


def test_a_source_can_be_a_fields_default() -> None:
    @dataclasses.dataclass(frozen=True)
    class Fact:
        value: str
        source: Source = DOC

    assert Fact("x").source.checked == date(2026, 12, 2)
