"""The mutation run's tables still point at real code and real tests (tools/mutants.py, tools/automutants.py).

A mutant whose text no longer occurs in its file, or whose tests were moved, would be reported as an error
at the next mutation run instead of as a verdict: a restructuring must carry the tables along.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.automutants import AUTO, EQUIVALENT, generate
from tools.mutants import MUTANTS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_each_named_mutant_applies_once_and_names_existing_tests(mutant: object) -> None:
    source = (ROOT / mutant.path).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert source.count(mutant.old) == 1, f"{mutant.path} holds {mutant.old!r} {source.count(mutant.old)} times"  # type: ignore[attr-defined]
    assert mutant.old != mutant.new  # type: ignore[attr-defined]
    assert [t for t in mutant.tests if not (ROOT / t).exists()] == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", sorted(AUTO))
def test_each_generated_module_and_its_tests_exist(module: str) -> None:
    assert (ROOT / module).is_file()
    assert [t for t in AUTO[module] if not (ROOT / t).exists()] == []


def test_each_equivalent_mutant_is_still_generated() -> None:
    """EQUIVALENT is keyed by `module:line:column change`: a moved line must carry its key (and its reason)."""
    generated = {g.key for module in AUTO for g in generate(ROOT, module)}
    assert sorted(set(EQUIVALENT) - generated) == []
