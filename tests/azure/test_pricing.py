"""What an AKS stack's resources charge (components/azure/pricing.py), priced from the shipped table, against
hand-computed monthly amounts (a month is 730 hours). Each plan here is a few hand-made resources with the
inputs kumo's builders give them, so the arithmetic is read off the test; the default stacks are in
test_pricing_table.py."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from components.azure import pricing
from components.cost import Charge, Item, Price, PriceTable, Span, read_prices
from components.records import Plan, Resource
from components.spec import parse_spec

SPEC = parse_spec({"name": "priced"}, default_name="priced")
TODAY = date(2026, 12, 2)
SHIPPED = PriceTable().add(read_prices(pricing.PRICES))
CLUSTER = "azure-native:containerservice:ManagedCluster"
POOL = "azure-native:containerservice:AgentPool"


def resource(type_: str, name: str, layer: str, **inputs: Any) -> Resource:
    return Resource(
        f"urn:pulumi:t::kumo::{type_}::{name}", None, type_, name, None, True, None, inputs, [], {}, {}, layer
    )


def charges(*resources: Resource, region: str = "eastus", today: date = TODAY) -> list[Charge]:
    return pricing.charges(Plan("t", "azure", {}, list(resources)), SPEC, region, today)


def monthly(item: Item) -> tuple[float, float]:
    assert item.monthly is not None, item.missing
    return round(item.monthly.min, 2), round(item.monthly.max, 2)


def cluster(tier: str = "Standard", **inputs: Any) -> Resource:
    base = {"sku": {"name": "Base", "tier": tier}, "kubernetesVersion": "1.36", "supportPlan": "KubernetesOfficial"}
    return resource(CLUSTER, "c-aks", "cluster", **{**base, **inputs})


def test_the_standard_tier_in_community_support_is_a_tenth_of_a_dollar_an_hour() -> None:
    [charge] = charges(cluster())
    assert charge == Charge(
        "cluster",
        "AKS control plane c-aks: Standard tier, community support",
        "aks:standard",
        "eastus",
        "hour",
        Span(730, 730),
    )
    assert monthly(SHIPPED.price(charge)) == (73.00, 73.00)  # 0.10 x 730


def test_a_minor_past_community_support_is_priced_as_premium_long_term_support() -> None:
    # 1.36 leaves AKS community support on 2027-06-30 (components/azure/facts.py).
    [charge] = charges(cluster(), today=date(2027, 7, 1))
    assert (charge.sku, charge.resource) == ("aks:premium", "AKS control plane c-aks: Premium tier, long-term support")
    assert charge.note == (
        "Kubernetes 1.36 is out of AKS community support on 2027-07-01: AKS offers it only under long-term support, "
        "on the Premium tier (the plan asks for Standard)"
    )
    assert charges(cluster(), today=date(2027, 6, 30))[0].sku == "aks:standard"
    test_price = Price("aks:premium", "eastus", "hour", 0.60, "https://example.test", TODAY)
    assert monthly(PriceTable().add([test_price]).price(charge)) == (438.00, 438.00)  # 0.60 x 730
    assert SHIPPED.price(charge).missing == "no price for aks:premium in eastus in kumo's price table"


def test_a_premium_cluster_on_long_term_support_says_nothing_more() -> None:
    [charge] = charges(cluster("Premium", supportPlan="AKSLongTermSupport"))
    assert (charge.sku, charge.note) == ("aks:premium", "")


def test_the_free_tier_has_no_management_fee() -> None:
    [charge] = charges(cluster("Free"))
    assert charge.sku == "aks:free"
    assert monthly(SHIPPED.price(charge)) == (0.00, 0.00)


def pool(name: str, size: str, low: int, high: int, **extra: Any) -> Resource:
    base = {
        "agentPoolName": name,
        "vmSize": size,
        "enableAutoScaling": True,
        "minCount": low,
        "maxCount": high,
        "count": low,
        "osDiskType": "Managed",
        "osDiskSizeGB": 100,
    }
    return resource(POOL, f"c-{name}", "cluster", **{**base, **extra})


def test_an_autoscaled_pool_costs_its_min_to_its_max_nodes_and_their_os_disks() -> None:
    nodes, disks = charges(pool("general", "Standard_D8s_v5", 3, 12))
    assert nodes == Charge(
        "cluster",
        "pool general: 3-12 x Standard_D8s_v5",
        "vm:Standard_D8s_v5:ondemand",
        "eastus",
        "hour",
        Span(2190, 8760),
    )
    assert monthly(SHIPPED.price(nodes)) == (840.96, 3363.84)  # 3 x 730 x 0.384, 12 x 730 x 0.384
    # 100 GiB is billed as a P10 (128 GiB) Premium SSD, LRS.
    assert disks == Charge(
        "cluster",
        "pool general OS disks: 3-12 x 100 GiB Premium SSD (P10 LRS)",
        "disk:P10:LRS",
        "eastus",
        "month",
        Span(3, 12),
    )
    assert monthly(SHIPPED.price(disks)) == (59.13, 236.52)  # 3 x 19.71, 12 x 19.71


def test_a_fixed_pool_costs_its_count_and_an_ephemeral_os_disk_nothing() -> None:
    fixed = pool("fixed", "Standard_D2s_v5", 0, 0, enableAutoScaling=False, count=2, osDiskType="Ephemeral")
    [nodes] = charges(fixed)
    assert (nodes.resource, nodes.quantity) == ("pool fixed: 2 x Standard_D2s_v5", Span(1460, 1460))
    assert monthly(SHIPPED.price(nodes)) == (140.16, 140.16)  # 2 x 730 x 0.096


@pytest.mark.parametrize(
    ("gib", "tier"), [(30, "P4"), (32, "P4"), (33, "P6"), (128, "P10"), (200, "P15"), (2048, "P40")]
)
def test_an_os_disk_is_billed_as_the_smallest_tier_that_holds_it(gib: int, tier: str) -> None:
    assert charges(pool("p", "Standard_D2s_v5", 1, 1, osDiskSizeGB=gib))[1].sku == f"disk:{tier}:LRS"


def test_a_spot_pool_is_priced_at_azures_spot_meter() -> None:
    nodes = charges(pool("batch", "Standard_D16s_v5", 0, 10, scaleSetPriority="Spot"), region="westeurope")[0]
    assert (nodes.sku, nodes.resource) == ("vm:Standard_D16s_v5:spot", "pool batch: 0-10 x Standard_D16s_v5 (spot)")
    assert nodes.note == (
        "Azure's published Spot price for the size: it moves with demand and Spot nodes may be evicted at any "
        "time; spotMaxPrice -1 caps it at the on-demand price"
    )
    assert monthly(SHIPPED.price(nodes)) == (0.00, 1241.12)  # 10 x 730 x 0.170016 (westeurope, 2026-08-22)


def test_the_system_pool_inline_in_the_cluster_follows_its_control_plane() -> None:
    profile = {
        "name": "system",
        "vmSize": "Standard_D4s_v5",
        "enableAutoScaling": True,
        "minCount": 3,
        "maxCount": 6,
        "osDiskType": "Managed",
        "osDiskSizeGB": 100,
    }
    found = charges(cluster(agentPoolProfiles=[profile]))
    assert [(c.sku, c.quantity) for c in found] == [
        ("aks:standard", Span(730, 730)),
        ("vm:Standard_D4s_v5:ondemand", Span(2190, 4380)),
        ("disk:P10:LRS", Span(3, 6)),
    ]
    assert monthly(SHIPPED.price(found[1])) == (420.48, 840.96)  # 3 x 730 x 0.192, 6 x 730 x 0.192


def test_what_aks_makes_for_a_private_cluster_and_a_private_kms_vault() -> None:
    private = cluster(
        securityProfile={"azureKeyVaultKms": {"enabled": True, "keyVaultNetworkAccess": "Private"}},
        apiServerAccessProfile={"enablePrivateCluster": True, "privateDNSZone": "system"},
    )
    assert [(c.sku, c.unit, c.quantity, c.resource) for c in charges(private)[1:]] == [
        (
            "privatelink:endpoint",
            "hour",
            Span(730, 730),
            "private endpoint to the KMS key vault (made by AKS for c-aks)",
        ),
        ("privatelink:endpoint", "hour", Span(730, 730), "private endpoint to the API server (made by AKS for c-aks)"),
        ("dns:private-zone", "month", Span(1, 1), "private DNS zone of the API server (made by AKS for c-aks)"),
    ]
    integrated = cluster(apiServerAccessProfile={"enablePrivateCluster": True, "enableVnetIntegration": True})
    assert [c.sku for c in charges(integrated)] == ["aks:standard", "dns:private-zone"]


def data_layer() -> list[Resource]:
    rotate = {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P90D"}, "action": {"type": "rotate"}}]}
    return [
        resource("azure-native:network:NatGateway", "d-nat", "data", sku={"name": "Standard"}),
        resource(
            "azure-native:network:PublicIPAddress",
            "d-nat-ip",
            "data",
            sku={"name": "Standard"},
            publicIPAllocationMethod="Static",
        ),
        resource("azure-native:network:PrivateEndpoint", "d-shared-endpoint", "data"),
        resource(
            "azure-native:privatedns:PrivateZone",
            "d-shared-dns",
            "data",
            privateZoneName="privatelink.file.core.windows.net",
        ),
        resource(
            "azure-native:storage:StorageAccount",
            "d-shared-account",
            "data",
            accountName="dnfs1",
            kind="FileStorage",
            sku={"name": "Premium_ZRS"},
        ),
        resource(
            "azure-native:storage:FileShare",
            "d-shared-share",
            "data",
            accountName="dnfs1",
            shareName="kumo-shared",
            shareQuota=2560,
        ),
        resource("azure-native:keyvault:Key", "d-etcd", "data", properties={"kty": "RSA", "rotationPolicy": rotate}),
        resource("azure-native:keyvault:Key", "d-hsm", "data", properties={"kty": "RSA-HSM", "keySize": 2048}),
    ]


def test_the_data_layer_network_storage_and_keys() -> None:
    found = charges(*data_layer(), region="westeurope")
    assert [(c.resource, c.sku, c.unit, c.quantity) for c in found] == [
        ("NAT gateway d-nat (Standard)", "nat:standard", "hour", Span(730, 730)),
        ("public IP d-nat-ip (Standard, static)", "ip:standard:static", "hour", Span(730, 730)),
        ("private endpoint d-shared-endpoint", "privatelink:endpoint", "hour", Span(730, 730)),
        ("private DNS zone privatelink.file.core.windows.net", "dns:private-zone", "month", Span(1, 1)),
        (
            "file share kumo-shared: 2560 GiB provisioned (Premium_ZRS)",
            "files:premium:ZRS",
            "GiB-month",
            Span(2560, 2560),
        ),
        ("key d-etcd: automatic rotation every P90D", "keyvault:rotation", "rotation", Span(730 / 2160, 730 / 2160)),
        ("key d-hsm: HSM-protected RSA-HSM 2048", "keyvault:hsm-key", "month", Span(1, 1)),
    ]
    assert found[5].note == "0.338 rotations a month (730 h / 90 days)"
    priced = [SHIPPED.price(c) for c in found]
    assert monthly(priced[0]) == (32.85, 32.85)  # NAT gateway: 0.045 x 730
    assert monthly(priced[1]) == (3.65, 3.65)  # public IP: 0.005 x 730
    assert monthly(priced[4]) == (614.40, 614.40)  # 2560 GiB x 0.24 (westeurope, Premium ZRS provisioned)
    assert SHIPPED.price(charges(*data_layer())[5]).monthly == Span(730 / 2160, 730 / 2160)  # eastus: $1 a rotation


def service(name: str, ports: int, **annotations: str) -> Resource:
    spec = {"type": "LoadBalancer", "ports": [{"port": 8000 + i, "protocol": "TCP"} for i in range(ports)]}
    meta = {"namespace": "kumo", "name": name, "annotations": annotations}
    return resource("kubernetes:core/v1:Service", f"s-{name}", "in-cluster", metadata=meta, spec=spec)


def test_aks_puts_each_schemes_services_on_one_load_balancer() -> None:
    internal = {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
    reserved = {"service.beta.kubernetes.io/azure-load-balancer-ipv4": "198.51.100.7"}
    found = charges(service("web", 2), service("api", 5, **reserved), service("int", 1, **internal))
    assert [(c.resource, c.sku, c.quantity) for c in found] == [
        ("load balancer kubernetes (made by AKS for kumo/web, kumo/api): 7 rules", "lb:standard:rules", Span(730, 730)),
        ("load balancer kubernetes: rules over 5", "lb:standard:overage", Span(1460, 1460)),
        ("public IP of Service kumo/web (made by AKS, Standard, static)", "ip:standard:static", Span(730, 730)),
        ("load balancer kubernetes-internal (made by AKS for kumo/int): 1 rule", "lb:standard:rules", Span(730, 730)),
    ]


def test_a_claim_on_kumos_disk_class_is_one_premium_ssd() -> None:
    block = resource(
        "kubernetes:storage.k8s.io/v1:StorageClass",
        "sc",
        "in-cluster",
        metadata={"name": "kumo-block"},
        provisioner="disk.csi.azure.com",
        parameters={"skuName": "Premium_ZRS"},
    )
    files = resource(
        "kubernetes:storage.k8s.io/v1:StorageClass",
        "sf",
        "in-cluster",
        metadata={"name": "kumo-shared"},
        provisioner="file.csi.azure.com",
    )

    def claim(name: str, cls: str) -> Resource:
        spec = {"storageClassName": cls, "resources": {"requests": {"storage": "200Gi"}}}
        return resource(
            "kubernetes:core/v1:PersistentVolumeClaim",
            name,
            "in-cluster",
            metadata={"namespace": "kumo", "name": name},
            spec=spec,
        )

    [disk] = charges(block, files, claim("data", "kumo-block"), claim("shared", "kumo-shared"), region="westeurope")
    assert (disk.resource, disk.sku, disk.quantity) == (
        "volume kumo/data: 200 GiB (Premium_ZRS)",
        "disk:P15:ZRS",
        Span(1, 1),
    )
    assert monthly(SHIPPED.price(disk)) == (62.72, 62.72)  # P15 ZRS, westeurope: 62.716
