"""Every resource's URN (its type token, name and parents) is pinned, per stack and layer.

A changed type token or name makes Pulumi replace the resource (or, for durable data, try to delete it): a
restructuring of the code must leave these lists unchanged, or add an alias and say so. Regenerate after a
deliberate change with `python -m tests.test_resource_urns --write` and review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from components.stackfiles import list_stacks
from tests.conftest import CLOUDS, SPEC_VARIANTS, cached_spec_plan, cached_stack_plan

PINNED = Path(__file__).parent / "fixtures" / "urns"
CASES = [*list_stacks(), *(f"{cloud}-{variant}" for cloud in CLOUDS for variant in SPEC_VARIANTS)]


def urns(case: str) -> str:
    cloud, _, variant = case.partition("-")
    plan = cached_spec_plan(cloud, variant) if variant in SPEC_VARIANTS else cached_stack_plan(case)
    return "".join(f"{resource.layer} {resource.urn}\n" for resource in plan.resources)


@pytest.mark.parametrize("case", CASES)
def test_urns_are_unchanged(case: str) -> None:
    assert urns(case) == (PINNED / f"{case}.txt").read_text(encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    for name in CASES:
        (PINNED / f"{name}.txt").write_text(urns(name), encoding="utf-8")
