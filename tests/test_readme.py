"""The README's generated parts stay equal to their sources."""

from __future__ import annotations

from pathlib import Path

from components.facts import support_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_version_table_is_the_fact_tables() -> None:
    assert support_table() in README.read_text(), (
        'regenerate: python -c "from components.facts import support_table; print(support_table())"')


def test_the_default_version_is_in_standard_support_where_the_readme_says() -> None:
    from datetime import date

    from components.facts import minor_table

    ends = {cloud: minor_table(cloud)["1.36"].end_of_standard for cloud in ("aws", "azure", "gcp")}
    assert min(ends.values()) == date(2027, 6, 30)  # AKS ends first, as the README says
    assert "in standard support on all three clouds until 2027-06-30 (AKS, the first to end)" in README.read_text()
