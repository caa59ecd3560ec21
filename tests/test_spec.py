"""The cloud-neutral spec: valid specs, portable limits, and exact error messages for bad input."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.spec import (
    SPOT_LABELS,
    SPOT_TAINTS,
    ClusterSpec,
    NodePoolSpec,
    SpecError,
    node_labels,
    node_taints,
    parse_spec,
)

SYSTEM = {"name": "system", "system": True, "min_nodes": 2, "max_nodes": 4}
# 41 CIDRs as an error line shows them: the first 80 characters of the list, then its size (bounded echo)
CIDRS_41 = "['10.0.0.0/16', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.… (41 entries)"


def problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(raw, default_name="t1")
    return [p.render("") for p in caught.value.problems]


def test_defaults_are_a_valid_secure_cluster() -> None:
    spec = parse_spec(None, default_name="aws-dev")
    assert spec.name == "aws-dev"
    assert spec.kubernetes_version is None
    assert spec.api.public is False
    assert spec.network.zones == 3 and spec.network.nat == "per_zone"
    assert [(p.name, p.size, p.min_nodes, p.max_nodes, p.system) for p in spec.node_pools] == [
        ("system", "medium", 3, 6, True)
    ]
    assert spec.load_balancer.scheme == "internal"
    assert spec.storage.shared is None and spec.app.enabled is False
    assert spec.deletion_protection is True


def test_spec_is_frozen() -> None:
    spec = parse_spec({}, default_name="t1")
    with pytest.raises(pydantic.ValidationError, match="frozen_instance"):
        spec.name = "other"  # type: ignore[misc]


def test_every_field_documents_what_leaving_it_out_does() -> None:
    import components.spec as package

    models = [getattr(package, name) for name in package.__all__]
    models = [
        m for m in models if isinstance(m, type) and issubclass(m, package.SpecModel) and m is not package.SpecModel
    ]
    assert len(models) == 15
    for model in models:
        for field_name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{field_name} has no docstring"
            if not info.is_required():
                assert "Left out" in info.description, f"{model.__name__}.{field_name}: say what a default does"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"name": "Prod"},
            [
                "name = 'Prod': must be lowercase letters, digits and '-', start with a letter and end "
                "with a letter or digit (GKE's rule)"
            ],
        ),
        ({"name": "a" * 41}, [f"name = {'a' * 41!r}: must be 2 to 40 characters (GKE's limit)"]),
        ({"name": "x"}, ["name = 'x': must be 2 to 40 characters (GKE's limit)"]),
        (
            {"name": "ab-"},
            [
                "name = 'ab-': must be lowercase letters, digits and '-', start with a letter and end with "
                "a letter or digit (GKE's rule)"
            ],
        ),
        (
            {"kubernetes_version": "1.3"},
            [
                "kubernetes_version = '1.3': must be a minor version \"1.NN\" such as "
                '"1.33" (patch versions are the cloud\'s to choose)'
            ],
        ),
        (
            {"kubernetes_version": "1.33.2"},
            [
                "kubernetes_version = '1.33.2': must be a minor version \"1.NN\" such as "
                '"1.33" (patch versions are the cloud\'s to choose)'
            ],
        ),
        (
            {"kubernetes_version": "1.27"},
            [
                "kubernetes_version = '1.27': must be 1.30 or newer: older versions are out "
                "of standard support on EKS, AKS and GKE"
            ],
        ),
        ({"kubernetes_version": 1.33}, ['kubernetes_version = 1.33: must be a string (quote numbers such as "1.33")']),
        (
            {"nodepools": []},
            [
                "nodepools = []: unknown key; did you mean 'node_pools'? allowed: api, app, aws, azure, "
                "deletion_protection, gcp, kubernetes_version, load_balancer, name, network, node_pools, "
                "storage, tags, waivers"
            ],
        ),
        (
            {"node_pools": [SYSTEM, {"name": "batch", "min_nodes": 5, "max_nodes": 2}]},
            ["node_pools[1].min_nodes = 5: must not exceed max_nodes (2)"],
        ),
        (
            {"node_pools": [{**SYSTEM, "name": "workers-1"}]},
            [
                "node_pools[0].name = 'workers-1': must be lowercase letters and digits, starting with a letter (AKS agent "
                "pool rule)"
            ],
        ),
        (
            {"node_pools": [{**SYSTEM, "name": "abcdefghijklm"}]},
            ["node_pools[0].name = 'abcdefghijklm': must be 1 to 12 characters (AKS agent pool limit)"],
        ),
        (
            {"node_pools": [{**SYSTEM, "size": "huge"}]},
            ["node_pools[0].size = 'huge': must be one of 'small', 'medium', 'large' or 'xlarge'"],
        ),
        (
            {"node_pools": [{**SYSTEM, "spot": True}]},
            ["node_pools[0].spot = True: the system pool cannot be spot: evictions would take down cluster add-ons"],
        ),
        (
            {"node_pools": [{**SYSTEM, "min_nodes": 0}]},
            ["node_pools[0].min_nodes = 0: the system pool needs at least 1 node"],
        ),
        ({"node_pools": [{**SYSTEM, "max_nodes": 451}]}, ["node_pools[0].max_nodes = 451: must be at most 450"]),
        ({"node_pools": [{**SYSTEM, "min_nodes": -1}]}, ["node_pools[0].min_nodes = -1: must be at least 0"]),
        ({"node_pools": [{**SYSTEM, "disk_size_gb": 20}]}, ["node_pools[0].disk_size_gb = 20: must be at least 30"]),
        (
            {"network": {"zones": 2}, "node_pools": [{**SYSTEM, "min_nodes": 1, "max_nodes": 1}]},
            [
                "node_pools[0].max_nodes = 1: must allow an equal number of nodes in each of the 2 zones: raise max_nodes "
                "to at least 2 or lower min_nodes"
            ],
        ),
        (
            {"node_pools": [{"name": "a"}, {"name": "b"}]},
            ["node_pools = ['a', 'b']: must have exactly one pool with system: true (found 0)"],
        ),
        (
            {"node_pools": [SYSTEM, {**SYSTEM}]},
            [
                "node_pools[1].name = 'system': is already used by another pool",
                "node_pools = ['system', 'system']: must have exactly one pool with system: true (found 2)",
            ],
        ),
        (
            {"node_pools": [{**SYSTEM, "labels": {"kubernetes.io/role": "x"}}]},
            [
                "node_pools[0].labels = {'kubernetes.io/role': 'x'}: label key 'kubernetes.io/role': the prefix "
                "'kubernetes.io' is reserved for the cloud or Kubernetes itself"
            ],
        ),
        (
            {"node_pools": [{**SYSTEM, "labels": {"team": "a b"}}]},
            [
                "node_pools[0].labels = {'team': 'a b'}: label 'team' value 'a b' must be at most 63 characters of A-Z, a-z, "
                "0-9, '-', '_' or '.', starting and ending with a letter or digit"
            ],
        ),
        (
            {"node_pools": [{**SYSTEM, "taints": [{"key": "k", "effect": "NoRun"}]}]},
            [
                "node_pools[0].taints[0].effect = 'NoRun': must be one of 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'"
            ],
        ),
        (
            {"network": {"cidr": "10.0.0.0/8"}},
            [
                "network.cidr = '10.0.0.0/8': must have a prefix between /16 and /20 "
                "(room for a public and a private subnet per zone)"
            ],
        ),
        (
            {"network": {"cidr": "10.0.0.1/16"}},
            [
                "network.cidr = '10.0.0.1/16': must be an IPv4 CIDR such as "
                "10.0.0.0/16 with no host bits set (10.0.0.1/16 has host bits set)"
            ],
        ),
        (
            {"network": {"cidr": "8.8.0.0/16"}},
            [
                "network.cidr = '8.8.0.0/16': must lie in an RFC 1918 private range "
                "(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"
            ],
        ),
        (
            {"network": {"cidr": "10.64.0.0/16"}},
            [
                "network.pod_cidr = '10.64.0.0/14': overlaps cidr 10.64.0.0/16; the "
                "node, pod and service ranges must be disjoint"
            ],
        ),
        (
            {"network": {"service_cidr": "172.30.0.0/16"}},
            ["network.service_cidr = '172.30.0.0/16': overlaps 172.30.0.0/16, which AKS and GKE reserve"],
        ),
        ({"network": {"zones": 1}}, ["network.zones = 1: must be at least 2"]),
        ({"network": {"nat": "none"}}, ["network.nat = 'none': must be one of 'single' or 'per_zone'"]),
        (
            {"api": {"authorized_cidrs": ["203.0.113.0/24"]}},
            [
                "api.authorized_cidrs = ['203.0.113.0/24']: applies only to a public endpoint: set public: true, or remove "
                "the list"
            ],
        ),
        (
            {"api": {"public": True}},
            [
                "api.authorized_cidrs = []: a public endpoint needs at least one authorized CIDR "
                "(write 0.0.0.0/0 explicitly to open it to everyone)"
            ],
        ),
        (
            {"api": {"public": True, "authorized_cidrs": [f"10.{i}.0.0/16" for i in range(41)]}},
            ["api.authorized_cidrs = " + CIDRS_41 + ": must have at most 40 entries"],
        ),
        (
            {"api": {"public": True, "authorized_cidrs": ["2001:db8::/32"]}},
            [
                "api.authorized_cidrs[0] = '2001:db8::/32': must be an IPv4 CIDR: IPv6 is not portable across EKS, AKS and "
                "GKE clusters"
            ],
        ),
        (
            {"api": {"public": True, "authorized_cidrs": ["203.0.113.0/24"], "private_access_cidrs": ["10.99.0.0/16"]}},
            [
                "api.private_access_cidrs = ['10.99.0.0/16']: applies only to a private endpoint (public: false); a public "
                "endpoint takes authorized_cidrs"
            ],
        ),
        (
            {"api": {"private_access_cidrs": ["10.99.0.0/16", "198.51.100.0/24"]}},
            [
                "api.private_access_cidrs = ['198.51.100.0/24']: must lie in RFC 1918 private ranges (10.0.0.0/8, "
                "172.16.0.0/12, 192.168.0.0/16): a private endpoint is reached over VPN or peering"
            ],
        ),
        (
            {"api": {"private_access_cidrs": ["10.99.0.0/16", "10.99.0.0/16"]}},
            ["api.private_access_cidrs = ['10.99.0.0/16', '10.99.0.0/16']: lists the same CIDR twice"],
        ),
        (
            {"api": {"private_access_cidrs": [f"10.{i}.0.0/16" for i in range(41)]}},
            ["api.private_access_cidrs = " + CIDRS_41 + ": must have at most 40 entries"],
        ),
        ({"storage": {"shared": {"size_gb": 100}}}, ["storage.shared.size_gb = 100: must be at least 1024"]),
        (
            {"storage": {"shared": {"size_gb": 1100}}},
            [
                "storage.shared.size_gb = 1100: must be a multiple of 256 GiB (Filestore grows in 0.25 TiB steps); the "
                "nearest are 1024 and 1280"
            ],
        ),
        (
            {"storage": {"block": {"tier": "gold"}}},
            ["storage.block.tier = 'gold': must be one of 'ssd' or 'performance'"],
        ),
        ({"storage": {"shared": {"size_gb": -5}}}, ["storage.shared.size_gb = -5: must be at least 1024"]),
        (
            {"load_balancer": {"static_ip": True}},
            ["load_balancer.static_ip = True: a static public IP needs scheme: public"],
        ),
        (
            {"load_balancer": {"ports": [0, 70000]}},
            ["load_balancer.ports[0] = 0: must be at least 1", "load_balancer.ports[1] = 70000: must be at most 65535"],
        ),
        (
            {"load_balancer": {"scheme": "public", "source_cidrs": ["not-a-cidr"]}},
            [
                "load_balancer.source_cidrs[0] = 'not-a-cidr': must be an IPv4 CIDR such as 10.0.0.0/16 with no host bits "
                "set ('not-a-cidr' does not appear to be an IPv4 or IPv6 network)"
            ],
        ),
        (
            {"app": {"enabled": True, "replicas": 0}, "storage": {"shared": {}}},
            ["app.replicas = 0: must be at least 1"],
        ),
        (
            {"app": {"enabled": True}},
            [
                "app.enabled = True: the reference app serves files from the shared volume: set "
                "storage.shared (for example {size_gb: 1024})"
            ],
        ),
        (
            {"tags": {"Team": "x"}},
            [
                "tags = {'Team': 'x'}: tag key 'Team' must start with a lowercase letter and use "
                "only a-z, 0-9, _ and - (GCP label rules)"
            ],
        ),
        (
            {"waivers": [{"rule": "NET-1", "reason": "a good reason"}]},
            [
                "waivers[0].rule = 'NET-1': is not a kumo rule id; did you mean NET-01? (known: "
                + ", ".join(__import__("components.policy.catalog", fromlist=["RULE_IDS"]).RULE_IDS)
                + ")"
            ],
        ),
        (
            {"waivers": [{"rule": "NET-01", "reason": "meh"}]},
            ["waivers[0].reason = 'meh': must be at least 10 characters"],
        ),
        (
            {"aws": {"admin_role_arns": ["arn:aws:iam::1:role/x"]}},
            [
                "aws.admin_role_arns = ['arn:aws:iam::1:role/x']: 'arn:aws:iam::1:role/x' is not an IAM role ARN "
                "(arn:aws:iam::123456789012:role/NAME)"
            ],
        ),
    ],
)
def test_bad_input_is_reported_exactly(raw: dict[str, Any], expected: list[str]) -> None:
    assert problems(raw) == expected


def test_every_problem_is_reported_at_once() -> None:
    raw = {
        "name": "Bad_Name",
        "kubernetes_version": "latest",
        "node_pools": [
            {"name": "System", "system": True, "spot": True, "min_nodes": 1, "max_nodes": 1},
            {"name": "b", "system": True},
        ],
        "network": {"cidr": "10.0.0.0/24"},
        "app": {"enabled": True},
        "colour": "blue",
    }
    assert [p.split(" = ")[0] for p in problems(raw)] == [
        "name",
        "kubernetes_version",
        "network.cidr",
        "node_pools[0].name",
        "colour",
        "node_pools",
        "app.enabled",
    ]


def test_error_names_the_stack_file_root() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({"name": "UPPER"}, default_name="x1", root="Pulumi.aws-dev.yaml: kumo:cluster")
    assert str(caught.value).splitlines() == [
        "invalid cluster spec (1 problem):",
        "  Pulumi.aws-dev.yaml: kumo:cluster.name = 'UPPER': must be lowercase letters, digits and '-', start with "
        "a letter and end with a letter or digit (GKE's rule)",
    ]


def test_non_mapping_spec() -> None:
    assert problems(["a"]) == ["(spec) = ['a']: must be a mapping of spec keys"]  # type: ignore[arg-type]


# No deadline (a loaded CI machine must not fail a correct validator) and a fixed example sequence: the suite
# gives the same verdict on every run.
DETERMINISTIC = settings(deadline=None, derandomize=True, max_examples=300)


@DETERMINISTIC
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_A.", min_size=0, max_size=45))
def test_cluster_name_validator_matches_the_portable_rule(name: str) -> None:
    """The validator accepts exactly the names GKE, AKS and EKS all accept (GKE's rule is the strictest)."""
    import re

    gke = re.fullmatch(r"[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?", name) is not None
    aks = re.fullmatch(r"[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]", name) is not None
    eks = re.fullmatch(r"[0-9A-Za-z][A-Za-z0-9_-]*", name) is not None and len(name) <= 100
    portable = gke and aks and eks and len(name) >= 2
    from pydantic import ValidationError

    try:
        ClusterSpec.model_validate({"name": name})
        accepted = True
    except ValidationError as error:
        assert [e["loc"] for e in error.errors()] == [("name",)]  # rejected for its name, nothing else
        accepted = False
    assert accepted == portable


@DETERMINISTIC
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-A", min_size=0, max_size=14))
def test_pool_name_validator_matches_aks(name: str) -> None:
    import re

    from pydantic import ValidationError

    aks = re.fullmatch(r"[a-z][a-z0-9]{0,11}", name) is not None  # the AKS agent pool rule, from its API
    try:
        NodePoolSpec.model_validate({"name": name})
        accepted = True
    except ValidationError as error:
        assert [e["loc"] for e in error.errors()] == [("name",)]
        accepted = False
    assert accepted == aks


# What every kumo node carries, the single definition all three clouds use (components/spec/nodes.py).
SPOT_LABEL = {"kubernetes.azure.com/scalesetpriority": "spot"}
SPOT_TAINT = {"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NoSchedule"}


@pytest.mark.parametrize(
    ("pool", "labels", "taints"),
    [
        ({"name": "web"}, {"kumo.io/pool": "web"}, []),
        (
            {"name": "web", "labels": {"team": "a", "tier": "front"}},
            {"kumo.io/pool": "web", "team": "a", "tier": "front"},
            [],
        ),
        # kumo.io/pool always names the pool, even if the spec's labels say otherwise.
        ({"name": "web", "labels": {"kumo.io/pool": "other", "team": "a"}}, {"kumo.io/pool": "web", "team": "a"}, []),
        (
            {
                "name": "sys",
                "system": True,
                "taints": [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}],
            },
            {"kumo.io/pool": "sys"},
            [{"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}],
        ),
        # Spot pools: AKS's spot label and taint, after the pool's own, in order.
        ({"name": "batch", "spot": True}, {"kumo.io/pool": "batch", **SPOT_LABEL}, [SPOT_TAINT]),
        (
            {
                "name": "batch",
                "spot": True,
                "labels": {"kumo.io/workload": "batch"},
                "taints": [
                    {"key": "kumo.io/workload", "value": "batch", "effect": "NoSchedule"},
                    {"key": "gpu", "effect": "NoExecute"},
                ],
            },
            {"kumo.io/pool": "batch", "kumo.io/workload": "batch", **SPOT_LABEL},
            [
                {"key": "kumo.io/workload", "value": "batch", "effect": "NoSchedule"},
                {"key": "gpu", "value": "", "effect": "NoExecute"},
                SPOT_TAINT,
            ],
        ),
    ],
)
def test_node_labels_and_taints(pool: dict[str, Any], labels: dict[str, str], taints: list[dict[str, str]]) -> None:
    spec = NodePoolSpec.model_validate(pool)
    assert node_labels(spec) == labels
    assert list(node_labels(spec)) == list(labels)  # kumo.io/pool first, the spot label last
    assert [t.model_dump() for t in node_taints(spec)] == taints


def test_spot_spelling_is_reserved_in_user_specs() -> None:
    """Users cannot write the spot label or taint themselves (the prefix is Azure's): kumo adds it."""
    with pytest.raises(SpecError):
        parse_spec(
            {"node_pools": [{"name": "a", "system": True}, {"name": "b", "labels": SPOT_LABEL}]}, default_name="t"
        )
    with pytest.raises(SpecError):
        parse_spec(
            {"node_pools": [{"name": "a", "system": True}, {"name": "b", "taints": [SPOT_TAINT]}]}, default_name="t"
        )
    assert SPOT_LABELS == SPOT_LABEL and [t.model_dump() for t in SPOT_TAINTS] == [SPOT_TAINT]


@pytest.mark.parametrize(
    ("field", "cidr", "error"),
    [
        ("service_cidr", "10.96.0.0/15", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("service_cidr", "10.96.0.0/16", None),
        ("service_cidr", "10.96.0.0/24", None),
        ("service_cidr", "10.96.0.0/25", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("service_cidr", "10.96.0.0/12", "must have a prefix between /16 and /24 (EKS accepts /12-/24, GKE /16-/27)"),
        ("pod_cidr", "10.64.0.0/11", "must have a prefix between /12 and /16 (enough pod addresses for the pools)"),
        ("pod_cidr", "10.64.0.0/12", None),
        ("pod_cidr", "10.64.0.0/16", None),
        ("pod_cidr", "10.64.0.0/17", "must have a prefix between /12 and /16 (enough pod addresses for the pools)"),
    ],
)
def test_pod_and_service_range_boundaries(field: str, cidr: str, error: str | None) -> None:
    """The portable prefix ranges at their edges (a /12 service range passes EKS but GKE refuses it)."""
    raw = {"network": {field: cidr}}
    if error is None:
        assert getattr(parse_spec(raw, default_name="t1").network, field) == cidr
    else:
        assert problems(raw) == [f"network.{field} = {cidr!r}: {error}"]
