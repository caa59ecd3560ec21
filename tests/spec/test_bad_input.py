"""Bad input is reported exactly: each problem with its path, the value given and what is allowed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.spec.helpers import CIDRS_41, SYSTEM, problems


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
                "deletion_protection, gcp, guardrails, kubernetes_version, load_balancer, name, network, node_pools, "
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
                + ", ".join(__import__("components.rule_ids", fromlist=["RULE_IDS"]).RULE_IDS)
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
