"""Durable shared storage (issue 3) and load-balancer exposure (issue 4) on AKS, through the offline engine.

What this proves: the durable store is outside the cluster's lifecycle (parent chain, dependencies,
options), its exact inputs, that its root ends up the app's group's and not world-writable after the CSI
driver's first mount (as the driver's code does it), and the Service's exact annotations and waits. What it
does not prove: that Azure accepts NFS on this account configuration or that the cloud controller finds the
IP (mocks only).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from components.records import Plan, Resource
from tests.azure.conftest import arm, named

DURABLE = ["rg", "kv", "key", "identity", "key-access", "account", "file-service", "share"]
PLUMBING = ["dns", "dns-link", "endpoint", "endpoint-dns", "csi-access"]
SERVICE = "kubernetes:core/v1:Service"


def shared(plan: Plan, prefix: str, suffix: str) -> Resource:
    return named(plan, f"{prefix}-shared-{suffix}")


@pytest.mark.parametrize(("fixture", "prefix", "protect"), [("prod_plan", "prod1", True), ("dev_plan", "dev1", False)])
def test_durable_resources_take_the_specs_options(
    fixture: str, prefix: str, protect: bool, request: pytest.FixtureRequest
) -> None:
    plan: Plan = request.getfixturevalue(fixture)
    for suffix in DURABLE:
        options = shared(plan, prefix, suffix).options
        assert (options["retain_on_delete"], options["protect"]) == (True, protect), suffix
    for suffix in PLUMBING:
        options = shared(plan, prefix, suffix).options
        assert (options["retain_on_delete"], options["protect"]) == (False, False), suffix


def test_store_is_outside_the_clusters_lifecycle(prod_plan: Plan) -> None:
    component = prod_plan.one("kumo:azure:SharedStorage")
    root = prod_plan.one("kumo:azure:DataLayer")
    assert component.parent == root.urn
    cluster = prod_plan.one("azure-native:containerservice:ManagedCluster")
    forbidden = {r.urn for r in prod_plan.in_layer("cluster")}
    assert {cluster.urn, *(p.urn for p in prod_plan.of_type("azure-native:containerservice:AgentPool"))} <= forbidden
    members = [r for r in prod_plan.resources if r.parent == component.urn]
    # The CSI grant names the cluster's identity: it lives in the cluster layer, on the account's id. The
    # key grant's propagation wait and the data group's deletion lock (spec.deletion_protection) are the store's own.
    assert len(members) == len(DURABLE) + len(PLUMBING) - 1 + 1 + 1
    for r in members:
        assert r.layer == "data"
        assert cluster not in prod_plan.ancestors(r)
        assert not prod_plan.all_dependencies(r) & forbidden, r.name
    csi = shared(prod_plan, "prod1", "csi-access")
    assert (csi.layer, csi.parent) == ("cluster", prod_plan.one("kumo:azure:ClusterLayer").urn)
    assert csi.inputs["scope"] == arm(prod_plan, "prod1-shared-account")
    # It does depend on the network: the private endpoint lives in the cluster VNet's endpoint subnet.
    assert named(prod_plan, "prod1-endpoints").urn in prod_plan.all_dependencies(shared(prod_plan, "prod1", "endpoint"))


def test_store_lives_in_its_own_data_resource_group(prod_plan: Plan) -> None:
    data_group = shared(prod_plan, "prod1", "rg").id
    cluster_group = named(prod_plan, "prod1-rg").id
    assert data_group and cluster_group and data_group != cluster_group
    assert "/resourceGroups/MC_" not in data_group
    group_name = data_group.rsplit("/", 1)[-1]
    for suffix in [
        "kv",
        "key",
        "identity",
        "account",
        "file-service",
        "share",
        "dns",
        "dns-link",
        "endpoint",
        "endpoint-dns",
    ]:
        assert shared(prod_plan, "prod1", suffix).inputs["resourceGroupName"] == group_name, suffix


def test_storage_account(prod_plan: Plan) -> None:
    account = shared(prod_plan, "prod1", "account")
    inputs = account.inputs
    assert re.fullmatch(r"prod1nfs[0-9a-f]{16}", inputs["accountName"])
    identity = arm(prod_plan, "prod1-shared-identity")
    vault = shared(prod_plan, "prod1", "kv").inputs["vaultName"]
    assert {k: v for k, v in inputs.items() if k not in ("accountName", "resourceGroupName", "tags")} == {
        "location": "westeurope",
        "kind": "FileStorage",
        "sku": {"name": "Premium_ZRS"},
        "enableHttpsTrafficOnly": False,
        "minimumTlsVersion": "TLS1_2",
        "publicNetworkAccess": "Disabled",
        "allowBlobPublicAccess": False,
        "allowSharedKeyAccess": False,
        "allowCrossTenantReplication": False,
        "defaultToOAuthAuthentication": True,
        "networkRuleSet": {"defaultAction": "Deny", "bypass": "None"},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": [identity]},
        "encryption": {
            "keySource": "Microsoft.Keyvault",
            "keyVaultProperties": {
                "keyName": arm(prod_plan, "prod1-shared-key").rsplit("/", 1)[-1],
                "keyVaultUri": f"https://{vault}.vault.azure.net/",
            },
            "encryptionIdentity": {"encryptionUserAssignedIdentity": identity},
            "requireInfrastructureEncryption": True,
            "services": {"file": {"enabled": True, "keyType": "Account"}},
        },
    }
    # Issue 12: the account checks its key grant when it is created, so it waits for the grant to propagate.
    wait = shared(prod_plan, "prod1", "key-access-propagation")
    assert wait.urn in account.options["depends_on"]
    assert wait.options["depends_on"] == [shared(prod_plan, "prod1", "key-access").urn]
    assert (wait.inputs["grants"], wait.inputs["seconds"]) == ([arm(prod_plan, "prod1-shared-key-access")], 600.0)
    data_vault = shared(prod_plan, "prod1", "kv").inputs["properties"]
    # Private like the cluster's vault: the account reaches its key as a trusted service, kumo makes it through ARM.
    assert data_vault["publicNetworkAccess"] == "Disabled"
    assert data_vault["networkAcls"] == {"defaultAction": "Deny", "bypass": "AzureServices"}
    assert data_vault["enablePurgeProtection"] is True


def test_share_and_soft_delete(prod_plan: Plan) -> None:
    share = shared(prod_plan, "prod1", "share").inputs
    assert (share["shareName"], share["enabledProtocols"], share["rootSquash"], share["shareQuota"]) == (
        "kumo-shared",
        "NFS",
        "NoRootSquash",
        2560.0,
    )
    service = shared(prod_plan, "prod1", "file-service").inputs
    assert service["shareDeleteRetentionPolicy"] == {"enabled": True, "days": 14.0}
    assert shared(prod_plan, "prod1", "file-service").urn in shared(prod_plan, "prod1", "share").options["depends_on"]


def test_private_endpoint_and_dns(prod_plan: Plan) -> None:
    endpoint = shared(prod_plan, "prod1", "endpoint").inputs
    assert endpoint["subnet"] == {"id": arm(prod_plan, "prod1-endpoints")}
    assert endpoint["privateLinkServiceConnections"] == [
        {"name": "file", "privateLinkServiceId": arm(prod_plan, "prod1-shared-account"), "groupIds": ["file"]}
    ]
    zone = shared(prod_plan, "prod1", "dns")
    assert (zone.inputs["privateZoneName"], zone.inputs["location"]) == ("privatelink.file.core.windows.net", "global")
    link = shared(prod_plan, "prod1", "dns-link").inputs
    assert (link["virtualNetwork"], link["registrationEnabled"]) == ({"id": arm(prod_plan, "prod1-vnet")}, False)
    group = shared(prod_plan, "prod1", "endpoint-dns").inputs
    assert group["privateDnsZoneConfigs"] == [{"name": "file", "privateDnsZoneId": zone.id}]


def test_static_volume_and_class_point_at_the_store(prod_plan: Plan) -> None:
    group = shared(prod_plan, "prod1", "rg").id.rsplit("/", 1)[-1]  # type: ignore[union-attr]
    account = shared(prod_plan, "prod1", "account").inputs["accountName"]
    pv = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]
    assert pv["csi"] == {
        "driver": "file.csi.azure.com",
        "volumeHandle": f"{group}#{account}#kumo-shared",
        "volumeAttributes": {
            "resourceGroup": group,
            "storageAccount": account,
            "shareName": "kumo-shared",
            "protocol": "nfs",
            "mountPermissions": "0770",
            "fsGroupChangePolicy": "OnRootMismatch",
        },
    }
    # Microsoft's recommended NFS options for Azure Files (performance guide), as literals: a dropped one fails.
    assert pv["mountOptions"] == ["nconnect=4", "noresvport", "actimeo=30"]
    assert pv["capacity"] == {"storage": "2560Gi"}
    [shared_class] = [
        r
        for r in prod_plan.of_type("kubernetes:storage.k8s.io/v1:StorageClass")
        if r.inputs["metadata"]["name"] == "kumo-shared"
    ]
    assert shared_class.inputs["provisioner"] == "file.csi.azure.com"
    assert shared_class.inputs["parameters"] == {
        "protocol": "nfs",
        "resourceGroup": group,
        "storageAccount": account,
        "rootSquashType": "NoRootSquash",
        "mountPermissions": "0770",
        "fsGroupChangePolicy": "OnRootMismatch",
    }


# -- The shared store's ownership (the CSI driver's first mount) ------------------------------------------------


def root_after_first_mount(attributes: dict[str, str], fs_group: int | None, root_squash: str) -> tuple[int, int]:
    """(group, mode) of the share's root after the azurefile CSI driver's first NFS mount, as the driver does it
    (pkg/azurefile/nodeserver.go NodeStageVolume: chmodIfPermissionMismatch to mountPermissions, default 0777,
    "0" skips; then, given the pod's fsGroup and a policy other than None, Kubernetes' SetVolumeOwnership: group
    fsGroup, group rw + x and setgid on directories). Azure creates the root root:root 0777. Both steps run as
    root on the node, which RootSquash maps to nobody: the chmod then fails the mount."""
    group, mode = 0, 0o777
    permissions = int(attributes.get("mountPermissions", "0777"), 8)
    if permissions:
        if root_squash != "NoRootSquash":
            raise PermissionError("chmod of a root-owned directory as the squashed root")
        mode = permissions
    if fs_group is not None and attributes.get("fsGroupChangePolicy", "OnRootMismatch") != "None":
        group, mode = fs_group, mode | 0o2000 | 0o660 | 0o110
    return group, mode


def test_the_shared_store_is_the_app_groups_and_not_world_writable(prod_plan: Plan) -> None:
    """Issue 12: with the driver's default mountPermissions 0777 the share's root was world-writable."""
    share = named(prod_plan, "prod1-shared-share").inputs
    pv = prod_plan.one("kubernetes:core/v1:PersistentVolume").inputs["spec"]["csi"]["volumeAttributes"]
    pod: dict[str, Any] = prod_plan.one("kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]
    context = pod["securityContext"]
    group, mode = root_after_first_mount(pv, int(context["fsGroup"]), share["rootSquash"])
    assert (group, oct(mode)) == (10101, "0o2770")  # root:10101 rwxrws---
    assert mode & 0o007 == 0  # nothing for anyone outside the group
    assert int(context["runAsGroup"]) == group  # the app's user writes as its group
    # What the driver's defaults did, for comparison: the same group, but world-writable.
    assert oct(root_after_first_mount({}, 10101, "NoRootSquash")[1]) == "0o2777"
    # Root in pods: the claim bound to the share lives in a namespace enforcing the restricted standard.
    claim = prod_plan.one("kubernetes:core/v1:PersistentVolumeClaim").inputs["metadata"]
    [namespace] = [
        n
        for n in prod_plan.of_type("kubernetes:core/v1:Namespace")
        if n.inputs["metadata"]["name"] == claim["namespace"]
    ]
    assert namespace.inputs["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_root_squash_would_make_the_first_mount_fail() -> None:
    with pytest.raises(PermissionError):
        root_after_first_mount({"mountPermissions": "0770"}, 10101, "RootSquash")


# -- Load-balancer exposure -------------------------------------------------------------------------------------


def test_internal_service_annotations(prod_plan: Plan) -> None:
    service = prod_plan.one(SERVICE)
    assert service.inputs["metadata"]["annotations"] == {
        "service.beta.kubernetes.io/azure-load-balancer-internal": "true"
    }
    assert prod_plan.of_type("azure-native:network:PublicIPAddress") == [named(prod_plan, "prod1-nat-ip")]


def test_static_ip_in_kumos_group_with_network_contributor(dev_plan: Plan) -> None:
    ip = named(dev_plan, "dev1-lb-ip")
    group = named(dev_plan, "dev1-rg")
    assert ip.parent == dev_plan.one("kumo:azure:ClusterLayer").urn
    assert group.layer == "data"
    assert ip.inputs["resourceGroupName"] == group.id.rsplit("/", 1)[-1]  # type: ignore[union-attr]
    assert (ip.inputs["sku"], ip.inputs["publicIPAllocationMethod"], ip.inputs["zones"]) == (
        {"name": "Standard", "tier": "Regional"},
        "Static",
        ["1", "2", "3"],
    )
    access = named(dev_plan, "dev1-lb-ip-network")
    assert access.inputs["scope"] == group.id
    assert access.inputs["roleDefinitionId"].endswith("/4d97b98b-1d4f-4787-a291-c67834d212e7")  # Network Contributor
    assert access.property_dependencies["principalId"] == [named(dev_plan, "dev1-control-plane").urn]
    service = dev_plan.one(SERVICE)
    address = dev_plan.layers["in-cluster"].exports["load_balancer_address"]
    assert service.inputs["metadata"]["annotations"] == {
        "service.beta.kubernetes.io/azure-load-balancer-ipv4": address,
        "service.beta.kubernetes.io/azure-load-balancer-resource-group": group.id.rsplit("/", 1)[-1],  # type: ignore[union-attr]
    }
    # The address and its grant are the cluster layer's (applied before the Service's layer), and the
    # Service's annotations are that layer's load_balancer output, unchanged.
    assert (access.layer, ip.layer, service.layer) == ("cluster", "cluster", "in-cluster")
    assert (
        dev_plan.layers["cluster"].exports["load_balancer"]["annotations"] == service.inputs["metadata"]["annotations"]
    )
    assert re.fullmatch(r"20\.\d+\.\d+\.\d+", address)
