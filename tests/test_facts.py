"""The neutral checks over each cloud's fact tables (components/facts.py): messages exact, dates pinned.

The tables themselves are tested per cloud (tests/<cloud>/test_facts.py) against what the program plans;
here a small table stands in for a cloud's so that the logic is checked on literal dates.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from components import facts
from components.clouds import cloud
from components.fact_types import KubernetesMinor, LocationFacts, LocationKey, Source

SRC = Source("https://example.test/calendar", date(2026, 12, 1))
TABLE = SimpleNamespace(
    KUBERNETES=(
        KubernetesMinor("1.33", date(2025, 5, 29), date(2026, 7, 29), date(2027, 7, 29), SRC),
        KubernetesMinor("1.34", date(2025, 10, 2), date(2026, 12, 2), date(2027, 12, 2), SRC),
        KubernetesMinor("1.35", date(2026, 1, 27), date(2027, 3, 27), None, SRC),
        KubernetesMinor("1.36", date(2027, 1, 10), date(2028, 3, 10), None, SRC),
    ),
    LOCATION=LocationFacts(
        required=(LocationKey("x:project", "X project"), LocationKey("x:region", "X region")),
        region_key="x:region",
        regions={"us-east-1": ("us-east-1a", "us-east-1b"), "eu-west-1": ("eu-west-1a",)},
        source=SRC,
        formats={"x:project": r"[a-z][a-z0-9-]{4,28}[a-z0-9]"},
    ),
    spec_problems=lambda spec: [],
)


@pytest.fixture(autouse=True)
def stub_cloud(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "facts", lambda cloud: TABLE)


TODAY = date(2026, 12, 1)


def test_supported_minors_on_a_day() -> None:
    assert facts.supported_minors("x", TODAY) == ["1.34", "1.35"]
    assert facts.supported_minors("x", date(2026, 7, 29)) == ["1.33", "1.34", "1.35"]
    assert facts.supported_minors("x", date(2026, 7, 30)) == ["1.34", "1.35"]


@pytest.mark.parametrize(
    ("minor", "message"),
    [
        (
            "1.33",
            "left standard support on x on 2026-07-29; after it x offers it only under extended or long-term "
            "support, until 2027-07-29: x supports 1.34 to 1.35 on 2026-12-01 (https://example.test/calendar)",
        ),
        ("1.99", "is not a Kubernetes minor x offers: x supports 1.34 to 1.35 on 2026-12-01"),
        ("1.36", "is not released on x yet (from 2027-01-10): x supports 1.34 to 1.35 on 2026-12-01"),
    ],
)
def test_versions_the_cloud_refuses(minor: str, message: str) -> None:
    problems, warnings = facts.version_problems("x", minor, TODAY)
    assert [(p.path, p.value, p.message) for p in problems] == [
        (("kumo:cluster", "kubernetes_version"), minor, message)
    ]
    assert warnings == []


def test_a_version_near_its_end_is_valid_with_a_warning() -> None:
    assert facts.version_problems("x", "1.34", TODAY) == (
        [],
        [
            "kubernetes_version 1.34 leaves standard support on x on 2026-12-02 (1 days): plan the upgrade (x supports "
            "1.34 to 1.35 on 2026-12-01)"
        ],
    )
    assert facts.version_problems("x", "1.35", TODAY) == ([], [])  # 116 days left
    assert facts.version_problems("x", "1.35", date(2026, 12, 27))[1] != []  # 90 days left: warned
    assert facts.version_problems("x", "1.35", date(2026, 12, 26))[1] == []  # 91 days left


def test_no_version_is_the_clouds_default() -> None:
    assert facts.version_problems("x", None, TODAY) == ([], [])


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"x:project": "my-project-1", "x:region": "us-east-1"}, []),
        ({"x:region": "us-east-1"}, [(("x:project",), None, "is required: the X project this stack goes to")]),
        (
            {"x:project": " ", "x:region": "us-east-1"},
            [(("x:project",), " ", "is required: the X project this stack goes to")],
        ),
        (
            {"x:project": "My_Project", "x:region": "us-east-1"},
            [(("x:project",), "My_Project", "is not a valid X project (must match [a-z][a-z0-9-]{4,28}[a-z0-9])")],
        ),
        (
            {"x:project": "my-project-1", "x:region": "us-esat-1"},
            [
                (
                    ("x:region",),
                    "us-esat-1",
                    "is an unknown X region: did you mean 'us-east-1'? (https://example.test/calendar, "
                    "checked 2026-12-01)",
                )
            ],
        ),
        (
            {"x:project": "my-project-1", "x:region": "mars-1"},
            [
                (
                    ("x:region",),
                    "mars-1",
                    "is an unknown X region: one of 2 regions, e.g. eu-west-1, us-east-1 "
                    "(https://example.test/calendar, checked 2026-12-01)",
                )
            ],
        ),
        ({"x:project": "my-project-1", "x:region": 7}, [(("x:region",), 7, "must be a string naming the X region")]),
        (
            {"x:project": "my-project-1", "x:region": "US-East-1"},
            [
                (
                    ("x:region",),
                    "US-East-1",
                    "is an unknown X region: did you mean 'us-east-1'? (https://example.test/calendar, "
                    "checked 2026-12-01)",
                )
            ],
        ),
        (
            {"x:project": "my-project-1", "x:region": "eu-wset-1"},
            [
                (
                    ("x:region",),
                    "eu-wset-1",
                    "is an unknown X region: did you mean 'eu-west-1'? (https://example.test/calendar, "
                    "checked 2026-12-01)",
                )
            ],
        ),
    ],
)
def test_location_keys(config: dict, expected: list) -> None:
    assert [(p.path, p.value, p.message) for p in facts.location_problems("x", config)] == expected


def test_a_stack_reports_location_spec_and_version_problems_at_once() -> None:
    from components.spec import SpecError

    with pytest.raises(SpecError) as caught:
        facts.check_stack(
            "x", {"x:region": "us-esat-1"}, {"kubernetes_version": "1.33", "nodes": 3}, "xy", "Pulumi.xy.yaml", TODAY
        )
    assert str(caught.value).splitlines() == [
        "invalid cluster spec (3 problems):",
        "  Pulumi.xy.yaml: x:project = None: is required: the X project this stack goes to",
        "  Pulumi.xy.yaml: x:region = 'us-esat-1': is an unknown X region: did you mean 'us-east-1'? "
        "(https://example.test/calendar, checked 2026-12-01)",
        "  Pulumi.xy.yaml: kumo:cluster.nodes = 3: unknown key; did you mean 'node_pools'? allowed: api, app, aws, "
        "azure, deletion_protection, gcp, guardrails, kubernetes_version, load_balancer, name, network, node_pools, storage, "
        "tags, waivers",
    ]


def test_a_region_with_too_few_zones() -> None:
    from components.spec import SpecError

    with pytest.raises(SpecError) as caught:
        facts.check_stack(
            "x",
            {"x:project": "my-project-1", "x:region": "eu-west-1"},
            {"kubernetes_version": "1.35", "network": {"zones": 2}},
            "xy",
            "Pulumi.xy.yaml",
            TODAY,
        )
    assert [p.render(caught.value.root) for p in caught.value.problems] == [
        "Pulumi.xy.yaml: kumo:cluster.network.zones = 2: eu-west-1 has 1 zone(s): lower network.zones or choose a "
        "region with 2, such as us-east-1"
    ]


def test_a_valid_stack_returns_its_spec_and_warnings() -> None:
    spec, warnings = facts.check_stack(
        "x",
        {"x:project": "my-project-1", "x:region": "us-east-1"},
        {"kubernetes_version": "1.34", "network": {"zones": 2}},
        "xy",
        "Pulumi.xy.yaml",
        TODAY,
    )
    assert spec.kubernetes_version == "1.34" and spec.name == "xy"
    assert warnings == [
        "kubernetes_version 1.34 leaves standard support on x on 2026-12-02 (1 days): plan the "
        "upgrade (x supports 1.34 to 1.35 on 2026-12-01)"
    ]


def test_the_last_day_of_standard_support_is_still_supported() -> None:
    day = date(2026, 7, 29)  # 1.33's end of standard support in the table
    problems, warnings = facts.version_problems("x", "1.33", day)
    assert problems == []
    assert warnings == [
        "kubernetes_version 1.33 leaves standard support on x on 2026-07-29 (0 days): plan the "
        "upgrade (x supports 1.33 to 1.35 on 2026-07-29)"
    ]
    assert [p.message for p in facts.version_problems("x", "1.33", date(2026, 7, 30))[0]] == [
        "left standard support on x on 2026-07-29; after it x offers it only under extended or long-term support, "
        "until 2027-07-29: x supports 1.34 to 1.35 on 2026-07-30 (https://example.test/calendar)"
    ]


def test_release_day_is_supported_and_the_day_before_is_not_yet() -> None:
    assert facts.supported_minors("x", date(2026, 1, 27)) == ["1.33", "1.34", "1.35"]  # 1.35's release day
    assert facts.supported_minors("x", date(2026, 1, 26)) == ["1.33", "1.34"]
    assert facts.version_problems("x", "1.36", date(2027, 1, 10)) == ([], [])  # 1.36's release day
    assert [p.message for p in facts.version_problems("x", "1.36", date(2027, 1, 9))[0]] == [
        "is not released on x yet (from 2027-01-10): x supports 1.35 to 1.35 on 2027-01-09"
    ]


def test_today_is_the_system_date(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pinned(date):
        @classmethod
        def today(cls) -> Pinned:
            return cls(2026, 12, 2)

    monkeypatch.setattr(facts, "date", Pinned)
    assert facts.today() == date(2026, 12, 2)


WIDE = SimpleNamespace(
    KUBERNETES=TABLE.KUBERNETES,
    LOCATION=LocationFacts(
        required=(LocationKey("x:region", "X region"),),
        region_key="x:region",
        source=SRC,
        regions={
            "us-west-2": ("a", "b"),
            "ap-south-1": ("a", "b"),
            "solo-1": ("a",),
            "eu-west-1": ("a", "b"),
            "ca-central-1": ("a", "b", "c"),
            "eu-north-1": ("a", "b"),
        },
    ),
    spec_problems=lambda spec: [],
)


def test_an_unknown_region_lists_four_of_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(facts, "facts", lambda cloud: WIDE)
    assert [p.message for p in facts.location_problems("x", {"x:region": "moon-9"})] == [
        "is an unknown X region: one of 6 regions, e.g. ap-south-1, ca-central-1, eu-north-1, eu-west-1 "
        "(https://example.test/calendar, checked 2026-12-01)"
    ]


def test_too_few_zones_suggests_four_of_many_regions(monkeypatch: pytest.MonkeyPatch) -> None:
    from components.spec import SpecError

    monkeypatch.setattr(facts, "facts", lambda cloud: WIDE)
    with pytest.raises(SpecError) as caught:
        facts.check_stack(
            "x",
            {"x:region": "solo-1"},
            {"kubernetes_version": "1.35", "network": {"zones": 2}},
            "xy",
            "Pulumi.xy.yaml",
            TODAY,
        )
    assert [p.render(caught.value.root) for p in caught.value.problems] == [
        "Pulumi.xy.yaml: kumo:cluster.network.zones = 2: solo-1 has 1 zone(s): lower network.zones or choose a "
        "region with 2, such as ap-south-1, ca-central-1, eu-north-1, eu-west-1"
    ]


def test_support_table_rows_sorted_by_minor(monkeypatch: pytest.MonkeyPatch) -> None:
    table = SimpleNamespace(KUBERNETES=tuple(reversed(TABLE.KUBERNETES)))
    records = [replace(cloud(name), facts=table) for name in ("gcp", "azure")]
    link = "[example.test](https://example.test/calendar) (2026-12-01)"
    assert facts.support_table(records).splitlines() == [
        "| cloud | minor | available | standard support ends | then, until | source (checked) |",
        "|---|---|---|---|---|---|",
        f"| GKE | 1.33 | 2025-05-29 | 2026-07-29 | extended channel: 2027-07-29 | {link} |",
        f"| GKE | 1.34 | 2025-10-02 | 2026-12-02 | extended channel: 2027-12-02 | {link} |",
        f"| GKE | 1.35 | 2026-01-27 | 2027-03-27 | - | {link} |",
        f"| GKE | 1.36 | 2027-01-10 | 2028-03-10 | - | {link} |",
        f"| AKS | 1.33 | 2025-05-29 | 2026-07-29 | long-term support (Premium): 2027-07-29 | {link} |",
        f"| AKS | 1.34 | 2025-10-02 | 2026-12-02 | long-term support (Premium): 2027-12-02 | {link} |",
        f"| AKS | 1.35 | 2026-01-27 | 2027-03-27 | - | {link} |",
        f"| AKS | 1.36 | 2027-01-10 | 2028-03-10 | - | {link} |",
    ]
