"""Azure's traits and pure helpers, table-driven."""

from __future__ import annotations

import subprocess
import sys
import typing
from typing import Any

import pytest
import yaml

from components.azure import facts, traits
from components.azure.keys import global_name
from components.azure.kubeconfig import exec_kubeconfig
from components.azure.network import api_server_range, dns_service_ip, subnet_ranges
from components.azure.node_pools import imposed_labels, imposed_taints, node_labels, node_taints, taint_string
from components.clouds import cloud
from components.sizes import SIZES, machine_type
from components.spec import (
    SPOT_LABELS,
    SPOT_TAINTS,
    BlockStorageSpec,
    LoadBalancerSpec,
    MachineTypes,
    NodePoolSpec,
    Taint,
)
from components.spec import node_labels as kumo_node_labels
from components.spec import node_taints as kumo_node_taints

# vCPU and GiB of each Azure VM size, from Microsoft's Dsv5 size table (learn.microsoft.com,
# "Dsv5-series"): independent of traits.py, so a wrong mapping fails here.
AZURE_VM_SHAPES = {
    "Standard_D2s_v5": (2, 8),
    "Standard_D4s_v5": (4, 16),
    "Standard_D8s_v5": (8, 32),
    "Standard_D16s_v5": (16, 64),
}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_size_maps_to_a_vm_with_exactly_its_shape(size: str) -> None:
    vm = traits.MACHINE_TYPES[size]
    assert AZURE_VM_SHAPES[vm] == (SIZES[size].vcpu, SIZES[size].memory_gib)


def test_machine_table_has_exactly_the_neutral_sizes() -> None:
    assert set(traits.MACHINE_TYPES) == set(SIZES)


def test_pool_override_wins_over_the_size_table() -> None:
    pool = NodePoolSpec(name="gpu", size="small", machine_types=MachineTypes(azure="Standard_D2as_v5"))
    assert machine_type("azure", pool) == "Standard_D2as_v5"
    assert machine_type("azure", NodePoolSpec(name="web", size="large")) == "Standard_D8s_v5"


def test_the_region_key_is_the_registrys() -> None:
    assert cloud("azure").region_key == "azure-native:location"
    assert cloud("azure").location is facts.LOCATION


def test_every_taint_effect_is_spelt() -> None:
    effects = typing.get_args(Taint.model_fields["effect"].annotation)
    assert {e: e for e in effects} == traits.TAINT_EFFECTS


def test_every_block_tier_has_parameters() -> None:
    tiers = typing.get_args(BlockStorageSpec.model_fields["tier"].annotation)
    assert set(traits.BLOCK_PARAMETERS) == set(tiers)
    assert traits.BLOCK_PARAMETERS["ssd"]["skuName"] == "Premium_ZRS"
    assert traits.BLOCK_PARAMETERS["performance"] == {
        "skuName": "PremiumV2_LRS",
        "cachingMode": "None",
        "networkAccessPolicy": "DenyAll",
    }


def test_every_scheme_has_annotations() -> None:
    schemes = typing.get_args(LoadBalancerSpec.model_fields["scheme"].annotation)
    assert traits.LB_ANNOTATIONS == {
        "internal": {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"},
        "public": {},
    }
    assert set(traits.LB_ANNOTATIONS) == set(schemes)


@pytest.mark.parametrize(
    "module",
    [
        "components.azure.traits",
        "components.azure.mocks",
        "components.azure.facts",
        "components.azure.rbac",
        "components.azure.versions",
        "components.azure.zones",
    ],
)
def test_pure_modules_import_no_pulumi(module: str) -> None:
    code = (
        f"import sys, {module}; bad = [m for m in sys.modules if m.split('.')[0].startswith('pulumi')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("cidr", "nodes", "endpoints"),
    [
        ("10.0.0.0/16", "10.0.0.0/17", "10.0.128.0/24"),
        ("10.20.0.0/16", "10.20.0.0/17", "10.20.128.0/24"),
        ("172.16.0.0/18", "172.16.0.0/19", "172.16.32.0/24"),
        ("192.168.16.0/20", "192.168.16.0/21", "192.168.24.0/24"),
    ],
)
def test_subnet_ranges(cidr: str, nodes: str, endpoints: str) -> None:
    assert subnet_ranges(cidr) == (nodes, endpoints)


@pytest.mark.parametrize(
    ("cidr", "api_server"),
    [  # the spec's widest and narrowest VNets (/16 to /20)
        ("10.0.0.0/16", "10.0.129.0/27"),
        ("10.20.0.0/16", "10.20.129.0/27"),
        ("172.16.0.0/18", "172.16.33.0/27"),
        ("192.168.16.0/20", "192.168.25.0/27"),
    ],
)
def test_api_server_subnet_follows_the_endpoint_subnet(cidr: str, api_server: str) -> None:
    import ipaddress

    nodes, endpoints = subnet_ranges(cidr)
    assert api_server_range(cidr) == api_server
    net = ipaddress.ip_network(api_server)
    assert net.subnet_of(ipaddress.ip_network(cidr))  # type: ignore[arg-type]
    assert not net.overlaps(ipaddress.ip_network(nodes)) and not net.overlaps(ipaddress.ip_network(endpoints))
    assert net.prefixlen <= 28  # AKS's documented minimum API server subnet


@pytest.mark.parametrize(("service_cidr", "ip"), [("10.96.0.0/16", "10.96.0.10"), ("172.20.4.0/24", "172.20.4.10")])
def test_dns_service_ip(service_cidr: str, ip: str) -> None:
    assert dns_service_ip(service_cidr) == ip


@pytest.mark.parametrize(
    ("taint", "spelt"),
    [
        ({"key": "CriticalAddonsOnly", "value": "true", "effect": "NoSchedule"}, "CriticalAddonsOnly=true:NoSchedule"),
        ({"key": "kumo.io/workload", "value": "batch", "effect": "NoExecute"}, "kumo.io/workload=batch:NoExecute"),
        ({"key": "dedicated", "effect": "PreferNoSchedule"}, "dedicated:PreferNoSchedule"),
    ],
)
def test_taint_strings_are_kubernetes_syntax(taint: dict[str, str], spelt: str) -> None:
    assert taint_string(Taint(**taint)) == spelt  # type: ignore[arg-type]


def test_critical_addons_taint_matches_the_spec_spelling() -> None:
    pool = NodePoolSpec(
        name="system", system=True, taints=[Taint(key="CriticalAddonsOnly", value="true", effect="NoSchedule")]
    )
    assert node_taints(pool) == [traits.CRITICAL_ADDONS_TAINT]


@pytest.mark.parametrize(
    ("pool", "declared_labels", "declared_taints", "imposed_l", "imposed_t"),
    [
        # Spot: kumo's nodes carry AKS's spot label and taint (spec.node_labels/node_taints); AKS adds them itself,
        # so they are not declared.
        (
            {"name": "batch", "spot": True, "labels": {"team": "a"}, "taints": [{"key": "k", "effect": "NoExecute"}]},
            {"kumo.io/pool": "batch", "team": "a"},
            ["k:NoExecute"],
            {"kubernetes.azure.com/scalesetpriority": "spot"},
            ("kubernetes.azure.com/scalesetpriority=spot:NoSchedule",),
        ),
        (
            {"name": "web", "labels": {"team": "a"}, "taints": [{"key": "k", "effect": "NoExecute"}]},
            {"kumo.io/pool": "web", "team": "a"},
            ["k:NoExecute"],
            {},
            (),
        ),
    ],
)
def test_declared_plus_imposed_is_what_every_kumo_node_carries(
    pool: dict[str, Any],
    declared_labels: dict[str, str],
    declared_taints: list[str],
    imposed_l: dict[str, str],
    imposed_t: tuple[str, ...],
) -> None:
    spec = NodePoolSpec.model_validate(pool)
    assert (node_labels(spec), node_taints(spec)) == (declared_labels, declared_taints)
    assert (imposed_labels(spec), imposed_taints(spec)) == (imposed_l, imposed_t)
    assert {**node_labels(spec), **imposed_labels(spec)} == kumo_node_labels(spec)
    assert [*node_taints(spec), *imposed_taints(spec)] == [taint_string(t) for t in kumo_node_taints(spec)]


def test_aks_spot_spelling_is_kumos() -> None:
    assert tuple(taint_string(t) for t in SPOT_TAINTS) == traits.SPOT_NODE_TAINTS
    assert traits.SPOT_NODE_LABELS == SPOT_LABELS


def test_pool_label_always_names_the_pool() -> None:
    pool = NodePoolSpec(name="web", labels={"team": "a", "kumo.io/pool": "other"})
    assert node_labels(pool) == {"kumo.io/pool": "web", "team": "a"}


@pytest.mark.parametrize(
    ("cluster", "kind", "length"),
    [("prod1", "kv", 24), ("a-very-long-cluster-name-that-is-long", "nfs", 24), ("x1", "kv", 24)],
)
def test_global_names_are_short_lowercase_and_seeded(cluster: str, kind: str, length: int) -> None:
    one = global_name(cluster, kind, "seed-1", length)
    assert len(one) == length and one.isalnum() and one.islower() and one[0].isalpha()
    assert kind in one
    assert one == global_name(cluster, kind, "seed-1", length)
    assert one != global_name(cluster, kind, "seed-2", length)


def test_kubeconfig_switches_kubelogin_to_azure_cli_and_drops_static_credentials(tmp_path: typing.Any) -> None:
    from components.azure import mocks

    answer = mocks.call(
        "azure-native:containerservice:listManagedClusterUserCredentials",
        {"resourceName": "c1", "resourceGroupName": "rg1"},
        type("Ctx", (), {"config": {}, "stack": "s"})(),
    )
    assert answer is not None
    encoded = answer["kubeconfigs"][0]["value"]
    config = yaml.safe_load(exec_kubeconfig(encoded))
    assert config["clusters"][0]["cluster"]["server"].startswith("https://c1-")
    [user] = config["users"]
    assert user["user"] == {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "kubelogin",
            "args": ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
            "env": None,
            "installHint": user["user"]["exec"]["installHint"],
            "interactiveMode": "Never",
            "provideClusterInfo": False,
        }
    }
    path = tmp_path / "kubeconfig"
    path.write_text(exec_kubeconfig(encoded))
    subprocess.run(["kubectl", "config", "view", "--kubeconfig", str(path)], check=True, capture_output=True)
