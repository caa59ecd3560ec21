"""The script that builds the shipped price tables (tools/prices.py), on a stand-in pricing module: what it asks
for, what it merges, what it reports missing, and its exit status when a price list cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import tools.prices as script
from components.cost import Price, PriceSourceError, read_prices, write_prices

OLD = date(2026, 1, 5)


@dataclass
class StandIn:
    """A pricing module answering two SKUs per region, from a recorded list."""

    PRICES: Path
    answers: dict[tuple[str, str], float]
    fail: bool = False
    asked: list[list[tuple[str, str]]] = field(default_factory=list)

    def catalog(self, region: str) -> list[str]:
        return ["cp", "vm"]

    def refresh(self, wanted: list[tuple[str, str]], today: date) -> list[Price]:
        self.asked.append(list(wanted))
        if self.fail:
            raise PriceSourceError("the price list cannot be reached", "check the network")
        return [
            Price(s, r, "hour", self.answers[s, r], "https://list.test", today)
            for s, r in wanted
            if (s, r) in self.answers
        ]


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    shipped = tmp_path / "prices.json"
    write_prices(shipped, [Price("cp", "r1", "hour", 0.10, "https://old.test", OLD)])
    module = StandIn(shipped, {("cp", "r1"): 0.11, ("vm", "r2"): 0.2})
    record = SimpleNamespace(
        pricing=SimpleNamespace(load=lambda: module), location=SimpleNamespace(regions={"r2": (), "r1": ()})
    )

    def fake_cloud(name: str) -> Any:
        return record

    monkeypatch.setattr(script, "cloud", fake_cloud)
    monkeypatch.setattr(script, "CLOUDS", ("aws",))
    return module


def test_build_reads_every_catalog_sku_of_every_region_and_merges_what_it_read(stand_in: StandIn) -> None:
    assert script.main(["aws"]) == 0
    assert stand_in.asked == [[("cp", "r1"), ("vm", "r1"), ("cp", "r2"), ("vm", "r2")]]
    prices = {(p.sku, p.region): (p.usd, p.source) for p in read_prices(stand_in.PRICES)}
    assert prices == {("cp", "r1"): (0.11, "https://list.test"), ("vm", "r2"): (0.2, "https://list.test")}


def test_check_lists_what_the_shipped_table_lacks_and_reads_nothing(
    stand_in: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert script.main(["--check"]) == 0
    assert stand_in.asked == []
    assert capsys.readouterr().out.splitlines() == [
        "aws: 0/2 regions fully priced, 3 prices missing",
        "  r1 vm",
        "  r2 cp",
        "  r2 vm",
    ]


def test_an_unreadable_price_list_keeps_the_shipped_table_and_exits_4(
    stand_in: StandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    stand_in.fail = True
    assert script.main(["aws", "--region", "r1"]) == 4
    assert [(p.sku, p.usd) for p in read_prices(stand_in.PRICES)] == [("cp", 0.10)]
    assert capsys.readouterr().err == "aws: the price list cannot be reached (check the network)\n"


def test_an_unknown_cloud_is_refused(stand_in: StandIn, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        script.main(["oci"])
    assert exit_.value.code == 2
    assert "unknown cloud 'oci': kumo provisions aws" in capsys.readouterr().err


def test_every_shipped_price_table_is_package_data() -> None:
    """A wheel (a non-editable install) carries each cloud's price table: pyproject.toml names it."""
    import fnmatch
    import tomllib

    from components.clouds import CLOUDS, cloud

    root = Path(__file__).resolve().parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    for name in CLOUDS:
        shipped = cloud(name).pricing.load().PRICES
        assert shipped.is_file() and shipped.is_relative_to(root / "components"), name
        assert any(fnmatch.fnmatch(shipped.name, p) for p in patterns), (name, patterns)
